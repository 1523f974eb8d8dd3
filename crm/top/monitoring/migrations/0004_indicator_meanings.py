"""Indicators that say what they count: names, units and a one-line definition in Polish and in
English for every indicator, and FTE indicators kept apart from headcount (``fte_year_end``,
``fte_created``).

A text a manager has changed since 0002 shipped it stays as the manager left it; running this
again changes nothing.
"""

from django.db import migrations

# What 0002 shipped, frozen here (code: unit, Polish name, English name, Polish description): a
# field that still holds it was never edited and takes the new text.
SHIPPED = {
    "pes_active": (
        "szt.",
        "PES aktywne na koniec roku",
        "PES active at year end",
        "Podmioty ekonomii społecznej (wg rodzaju) istniejące 31 grudnia.",
    ),
    "pes_new": ("szt.", "Nowe PES", "New PES", "PES założone w danym roku."),
    "pes_closed": ("szt.", "Zlikwidowane PES", "Closed PES", "PES zamknięte w danym roku."),
    "se_active": (
        "szt.",
        "Przedsiębiorstwa społeczne (status ustawowy)",
        "Social enterprises (statutory status)",
        "Podmioty ze statusem PS nadanym decyzją wojewody, ważnym 31 grudnia; podmiot, który utracił status i uzyskał go ponownie, liczy się raz.",
    ),
    "se_granted": (
        "szt.",
        "Decyzje o nadaniu statusu PS",
        "Decisions granting the PS status",
        "Decyzje wojewody nadające status PS w roku.",
    ),
    "se_lost": ("szt.", "Utracone statusy PS", "PS statuses lost", "Statusy PS utracone w roku."),
    "jobs_year_end": (
        "etaty",
        "Miejsca pracy w PS na koniec roku",
        "Jobs in social enterprises at year end",
        "Suma zatrudnionych wg ostatniego stanu zatrudnienia z dnia 31 grudnia lub wcześniej.",
    ),
    "jobs_at_risk_year_end": (
        "etaty",
        "w tym osób zagrożonych wykluczeniem społecznym",
        "of which people at risk of exclusion",
        "Część miejsc pracy na koniec roku zajmowana przez osoby zagrożone wykluczeniem.",
    ),
    "jobs_created": (
        "etaty",
        "Miejsca pracy utworzone w PS w roku",
        "Jobs created in social enterprises in the year",
        "Stan na koniec roku minus stan na koniec poprzedniego roku, w PS ze statusem 31 grudnia.",
    ),
    "jobs_created_at_risk": (
        "etaty",
        "w tym dla osób zagrożonych wykluczeniem społecznym",
        "of which for people at risk of exclusion",
        "Utworzone miejsca pracy osób zagrożonych wykluczeniem społecznym.",
    ),
    "networks_active": (
        "szt.",
        "Sieci i partnerstwa działające na koniec roku",
        "Networks active at year end",
        "Sieci (wg rodzaju) istniejące 31 grudnia.",
    ),
    "network_members": (
        "szt.",
        "Członkostwa w sieciach na koniec roku",
        "Network memberships at year end",
        "Członkostwa trwające 31 grudnia (wystąpienie 31 grudnia kończy członkostwo).",
    ),
    "network_members_new": (
        "szt.",
        "Nowi członkowie sieci",
        "New network members",
        "Członkostwa rozpoczęte w roku.",
    ),
    "network_members_left": (
        "szt.",
        "Wystąpienia z sieci",
        "Members who left",
        "Członkostwa zakończone w roku.",
    ),
    "network_retention": (
        "%",
        "Utrzymanie członków sieci",
        "Member retention",
        "Odsetek organizacji, które dołączyły do sieci w roku i są jej członkami 31 grudnia (także po ponownym przystąpieniu).",
    ),
    "jst_cooperating": (
        "szt.",
        "JST współpracujące z PES",
        "JST cooperating with PES",
        "JST będące stroną partnerstwa z PES trwającego w roku.",
    ),
    "partnerships_jst_pes": (
        "szt.",
        "Partnerstwa JST–PES",
        "JST–PES partnerships",
        "Partnerstwa (wg rodzaju) trwające w roku, w których stronami są JST i PES.",
    ),
    "public_tasks_count": (
        "szt.",
        "Zlecone zadania publiczne",
        "Commissioned public tasks",
        "Zlecenia zadań publicznych PES rozpoczęte w roku.",
    ),
    "public_tasks_value": (
        "zł",
        "Wartość zleconych zadań publicznych",
        "Value of commissioned public tasks",
        "Wartość zleceń rozpoczętych w roku (wartość liczona raz, w roku rozpoczęcia).",
    ),
    "social_clause_count": (
        "szt.",
        "Zamówienia z klauzulami społecznymi",
        "Contracts with social clauses",
        "Zamówienia z klauzulą społeczną rozpoczęte w roku.",
    ),
    "social_clause_value": (
        "zł",
        "Wartość zamówień z klauzulami społecznymi",
        "Value of contracts with social clauses",
        "Wartość zamówień z klauzulą społeczną rozpoczętych w roku.",
    ),
    "jst_se_documents": (
        "szt.",
        "JST z zapisami o ekonomii społecznej w dokumentach",
        "JST with SE provisions in strategic documents",
        "JST, których dokument strategiczny obowiązujący 31 grudnia zawiera zapisy o ES.",
    ),
    "se_documents_adopted": (
        "szt.",
        "Dokumenty strategiczne z zapisami o ES przyjęte",
        "Strategic documents with SE provisions adopted",
        "Dokumenty z zapisami o ekonomii społecznej przyjęte w roku (wg rodzaju).",
    ),
    "interactions": (
        "szt.",
        "Kontakty z organizacjami",
        "Contacts with organisations",
        "Kontakty (wg rodzaju) odnotowane w roku.",
    ),
    "advisory_hours": (
        "godz.",
        "Godziny doradztwa",
        "Advisory hours",
        "Suma czasu trwania konsultacji (doradztwa) w roku, w godzinach.",
    ),
    "organisations_advised": (
        "szt.",
        "Organizacje objęte doradztwem",
        "Organisations advised",
        "Organizacje, z którymi odbyła się konsultacja w roku.",
    ),
    "events": ("szt.", "Wydarzenia", "Events", "Wydarzenia (wg rodzaju) rozpoczęte w roku."),
    "event_participants": (
        "os.",
        "Uczestnicy wydarzeń",
        "Event participants",
        "Obecności na wydarzeniach w roku (status: obecny).",
    ),
    "event_organisations": (
        "szt.",
        "Organizacje reprezentowane na wydarzeniach",
        "Organisations represented at events",
        "Organizacje, których przedstawiciele byli obecni na wydarzeniu w roku.",
    ),
    "recommendations_made": (
        "szt.",
        "Rekomendacje sformułowane",
        "Recommendations made",
        "Rekomendacje z monitoringu za dany rok.",
    ),
    "recommendations_implemented": (
        "szt.",
        "Rekomendacje wdrożone",
        "Recommendations implemented",
        "Rekomendacje wdrożone w roku.",
    ),
}
FIELDS = ("unit", "name_pl", "name_en", "description")


def update(apps, schema_editor):
    from crm.top.monitoring.definitions import INDICATORS

    definition_model = apps.get_model("monitoring", "IndicatorDefinition")
    previous_position = 0
    for item in INDICATORS:
        new = dict(
            zip(FIELDS, (item.unit, item.name_pl, item.name_en, item.definition_pl), strict=True)
        )
        row = definition_model.objects.filter(code=item.code).first()
        if row is None:
            # A new indicator goes right after the one before it in the list.
            row = definition_model.objects.create(
                code=item.code,
                chapter=item.chapter,
                query=item.code,
                is_key_result=item.key_result,
                position=previous_position + 5,
                description_en=item.definition_en,
                **new,
            )
        else:
            shipped = dict(zip(FIELDS, SHIPPED.get(item.code, (None,) * len(FIELDS)), strict=True))
            changed = [
                name
                for name in FIELDS
                if getattr(row, name) == shipped[name] and getattr(row, name) != new[name]
            ]
            for name in changed:
                setattr(row, name, new[name])
            if not row.description_en:
                row.description_en = item.definition_en
                changed.append("description_en")
            if changed:
                row.save(update_fields=changed)
        previous_position = row.position


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0003_indicator_definition_english")]

    operations = [migrations.RunPython(update, migrations.RunPython.noop)]
