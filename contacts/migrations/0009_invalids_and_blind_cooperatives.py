"""Spółdzielnie inwalidów and niewidomych get kinds of their own (they were work cooperatives).

Existing work cooperatives move by their name: the legal form is "cooperative" for all of them,
so the name ("Spółdzielnia Inwalidów ...", "... Niewidomych") is the only thing that tells.
Going back folds them into work cooperatives again.
"""

from django.db import migrations, models

# Folded the way ``search_name`` is (no case, no diacritics).
_BY_NAME = (("niewidomych", "blind_cooperative"), ("inwalidow", "invalids_cooperative"))


def split_cooperatives(apps, schema_editor):
    Organisation = apps.get_model("contacts", "Organisation")
    for word, kind in _BY_NAME:
        Organisation.objects.filter(kind="work_cooperative", search_name__contains=word).update(
            kind=kind
        )


def fold_cooperatives(apps, schema_editor):
    Organisation = apps.get_model("contacts", "Organisation")
    Organisation.objects.filter(kind__in=[kind for _, kind in _BY_NAME]).update(
        kind="work_cooperative"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0008_organisation_indexes_without_like_twins'),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalorganisation',
            name='kind',
            field=models.CharField(choices=[('social_cooperative', 'social cooperative (spółdzielnia socjalna)'), ('wtz', 'occupational therapy workshop (WTZ)'), ('zaz', 'vocational activity centre (ZAZ)'), ('cis', 'social integration centre (CIS)'), ('kis', 'social integration club (KIS)'), ('work_cooperative', 'work cooperative (spółdzielnia pracy)'), ('invalids_cooperative', 'cooperative of the disabled (spółdzielnia inwalidów)'), ('blind_cooperative', 'cooperative of the blind (spółdzielnia niewidomych)'), ('agri_cooperative', 'agricultural production cooperative'), ('foundation', 'foundation (fundacja)'), ('association', 'association (stowarzyszenie)'), ('church_entity', 'church legal person (public benefit)'), ('jst_association', 'association of local governments'), ('nonprofit_company', 'non-profit company'), ('kgw', "rural housewives' circle (KGW)"), ('owes', 'social economy support centre (OWES)'), ('jst_gmina', 'gmina (local government)'), ('jst_powiat', 'powiat (local government)'), ('jst_city', 'city with powiat rights'), ('jst_voivodeship', 'voivodeship self-government'), ('social_assistance', 'social assistance (OPS, GOPS, MOPS, PCPR, CUS)'), ('labour_office', 'labour office (PUP, WUP)'), ('public_body', 'other public body'), ('business', 'business'), ('university', 'university / research'), ('church', 'church or religious body'), ('media', 'media'), ('other', 'other')], max_length=32, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='organisation',
            name='kind',
            field=models.CharField(choices=[('social_cooperative', 'social cooperative (spółdzielnia socjalna)'), ('wtz', 'occupational therapy workshop (WTZ)'), ('zaz', 'vocational activity centre (ZAZ)'), ('cis', 'social integration centre (CIS)'), ('kis', 'social integration club (KIS)'), ('work_cooperative', 'work cooperative (spółdzielnia pracy)'), ('invalids_cooperative', 'cooperative of the disabled (spółdzielnia inwalidów)'), ('blind_cooperative', 'cooperative of the blind (spółdzielnia niewidomych)'), ('agri_cooperative', 'agricultural production cooperative'), ('foundation', 'foundation (fundacja)'), ('association', 'association (stowarzyszenie)'), ('church_entity', 'church legal person (public benefit)'), ('jst_association', 'association of local governments'), ('nonprofit_company', 'non-profit company'), ('kgw', "rural housewives' circle (KGW)"), ('owes', 'social economy support centre (OWES)'), ('jst_gmina', 'gmina (local government)'), ('jst_powiat', 'powiat (local government)'), ('jst_city', 'city with powiat rights'), ('jst_voivodeship', 'voivodeship self-government'), ('social_assistance', 'social assistance (OPS, GOPS, MOPS, PCPR, CUS)'), ('labour_office', 'labour office (PUP, WUP)'), ('public_body', 'other public body'), ('business', 'business'), ('university', 'university / research'), ('church', 'church or religious body'), ('media', 'media'), ('other', 'other')], max_length=32, verbose_name='kind'),
        ),
        migrations.RunPython(split_cooperatives, fold_cooperatives),
    ]
