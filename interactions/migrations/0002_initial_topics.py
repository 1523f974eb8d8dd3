"""The initial topic vocabulary; editable afterwards in the admin."""

from django.db import migrations

TOPICS = [
    ("social-clauses", "klauzule społeczne", "social clauses"),
    ("financing", "finansowanie", "financing"),
    ("legal-status", "status prawny i forma prawna", "legal status and legal form"),
    ("ps-status", "status przedsiębiorstwa społecznego", "social enterprise (PS) status"),
    ("employment", "zatrudnienie i reintegracja", "employment and reintegration"),
    ("networking", "sieciowanie i współpraca", "networking and cooperation"),
    ("public-procurement", "zamówienia publiczne", "public procurement"),
    ("commissioning-tasks", "zlecanie zadań publicznych", "commissioning public tasks"),
    ("marketing", "marketing i sprzedaż", "marketing and sales"),
    ("accounting", "księgowość i sprawozdawczość", "accounting and reporting"),
    ("strategy", "strategie i programy JST", "local government strategies and programmes"),
    ("training-needs", "potrzeby szkoleniowe", "training needs"),
]


def add_topics(apps, schema_editor):
    Topic = apps.get_model("interactions", "Topic")
    for position, (slug, name_pl, name_en) in enumerate(TOPICS):
        Topic.objects.get_or_create(
            slug=slug, defaults={"name_pl": name_pl, "name_en": name_en, "position": position}
        )


def remove_topics(apps, schema_editor):
    Topic = apps.get_model("interactions", "Topic")
    Topic.objects.filter(slug__in=[slug for slug, _pl, _en in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("interactions", "0001_initial")]

    operations = [migrations.RunPython(add_topics, remove_topics)]
