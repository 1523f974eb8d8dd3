"""The indicator set the project ships (loaded by data migrations; managers edit it later).

Each indicator: code (= the computation key), chapter, unit, name and a one-line definition in
Polish and in English, key result of the project. The definition says what the computation
counts, in the words of the programme; the tests in ``tests/monitoring/test_meaning_*.py`` hold
each computation to it on a small hand-made world.
"""

from __future__ import annotations

from typing import NamedTuple


class Definition(NamedTuple):
    code: str
    chapter: str
    unit: str
    name_pl: str
    name_en: str
    definition_pl: str
    definition_en: str
    key_result: bool = False


INDICATORS: list[Definition] = [
    Definition(
        "pes_active",
        "pes",
        "szt.",
        "PES aktywne na koniec roku",
        "Active PES at year end",
        "Podmioty ekonomii społecznej (wg rodzaju) działające 31 grudnia: założone (a gdy data "
        "założenia jest nieznana — wprowadzone do bazy) najpóźniej tego dnia i niezlikwidowane "
        "do tego dnia włącznie.",
        "Social-economy entities (by kind) active on 31 December: founded (or, when the "
        "founding date is unknown, entered in the database) on or before that day and not "
        "closed on or before it.",
    ),
    Definition(
        "pes_new",
        "pes",
        "szt.",
        "Nowe PES",
        "New PES",
        "PES założone w roku (a gdy data założenia jest nieznana — wprowadzone do bazy w roku); "
        "stan na koniec roku = stan na koniec poprzedniego roku + nowe − zlikwidowane.",
        "PES founded in the year (or, when the founding date is unknown, entered in the "
        "database in the year); year-end stock = previous year-end stock + new − closed.",
    ),
    Definition(
        "pes_closed",
        "pes",
        "szt.",
        "Zlikwidowane PES",
        "Closed PES",
        "PES, które zakończyły działalność (data likwidacji) w roku.",
        "PES that ceased to operate (closing date) in the year.",
    ),
    Definition(
        "se_active",
        "enterprises",
        "szt.",
        "Przedsiębiorstwa społeczne (status ustawowy) na koniec roku",
        "Social enterprises (statutory status) at year end",
        "Działające podmioty, które 31 grudnia mają status przedsiębiorstwa społecznego nadany "
        "decyzją wojewody (utrata statusu lub likwidacja do 31 grudnia włącznie wyklucza); "
        "każdy podmiot liczony raz.",
        "Active entities holding on 31 December the social-enterprise status granted by the "
        "voivode's decision (losing the status or closing on or before 31 December excludes "
        "them); each entity once.",
        True,
    ),
    Definition(
        "se_granted",
        "enterprises",
        "szt.",
        "Decyzje o przyznaniu statusu PS",
        "Decisions granting the PS status",
        "Statusy przedsiębiorstwa społecznego przyznane decyzją wojewody z datą przyznania w roku.",
        "Social-enterprise statuses granted by the voivode's decision with the grant date in "
        "the year.",
    ),
    Definition(
        "se_lost",
        "enterprises",
        "szt.",
        "Utracone statusy PS",
        "PS statuses lost",
        "Statusy przedsiębiorstwa społecznego nadane decyzją wojewody, utracone w roku.",
        "Social-enterprise statuses granted by the voivode's decision that were lost in the year.",
    ),
    Definition(
        "jobs_year_end",
        "enterprises",
        "os.",
        "Zatrudnienie w PS na koniec roku (osoby)",
        "Employment in social enterprises at year end (people)",
        "Osoby zatrudnione 31 grudnia w działających PS (status ustawowy, do 2023 r. także "
        "dotychczasowy) wg ostatniego stanu zatrudnienia z tego dnia lub wcześniejszego; "
        "osoby, nie etaty.",
        "People employed on 31 December in active social enterprises (statutory status; until "
        "2023 also the legacy one), from the latest employment record on or before that day; "
        "people, not FTE.",
    ),
    Definition(
        "jobs_at_risk_year_end",
        "enterprises",
        "os.",
        "w tym osoby zagrożone wykluczeniem społecznym",
        "of whom people at risk of social exclusion",
        "Spośród osób zatrudnionych w PS 31 grudnia — osoby zagrożone wykluczeniem społecznym "
        "(ten sam stan zatrudnienia).",
        "Of the people employed in social enterprises on 31 December: those at risk of social "
        "exclusion (the same employment record).",
    ),
    Definition(
        "fte_year_end",
        "enterprises",
        "etaty",
        "Etaty w PS na koniec roku",
        "FTE in social enterprises at year end",
        "Etaty (w przeliczeniu na pełny wymiar czasu pracy) w działających PS 31 grudnia wg "
        "ostatniego stanu zatrudnienia z podaną liczbą etatów z tego dnia lub wcześniejszego.",
        "Full-time equivalents in active social enterprises on 31 December, from the latest "
        "employment record stating FTE on or before that day.",
    ),
    Definition(
        "jobs_created",
        "enterprises",
        "os.",
        "Miejsca pracy utworzone w PS w roku (osoby)",
        "Jobs created in social enterprises in the year (people)",
        "Suma wzrostów zatrudnienia w PS działających 31 grudnia: w każdym PS stan na koniec "
        "roku minus stan na koniec poprzedniego roku, jeśli dodatni (bez wcześniejszego stanu — "
        "od zera); spadek w jednym PS nie pomniejsza miejsc pracy utworzonych w innym.",
        "The sum of employment increases in social enterprises active on 31 December: per "
        "enterprise, the year-end headcount minus the previous year-end's when positive (no "
        "earlier record: from zero); a fall in one does not reduce the jobs created in another.",
        True,
    ),
    Definition(
        "jobs_created_at_risk",
        "enterprises",
        "os.",
        "w tym dla osób zagrożonych wykluczeniem społecznym",
        "of which for people at risk of social exclusion",
        "Spośród miejsc pracy utworzonych w roku — zajęte przez osoby zagrożone wykluczeniem: "
        "w każdym PS wzrost ich zatrudnienia, nie więcej niż utworzone w nim miejsca pracy.",
        "Of the jobs created in the year, those taken by people at risk of exclusion: per "
        "enterprise, the increase of their employment, at most the jobs it created.",
        True,
    ),
    Definition(
        "fte_created",
        "enterprises",
        "etaty",
        "Etaty utworzone w PS w roku",
        "FTE created in social enterprises in the year",
        "Suma wzrostów liczby etatów w PS działających 31 grudnia: w każdym PS etaty na koniec "
        "roku minus etaty na koniec poprzedniego roku, jeśli dodatni (bez wcześniejszego stanu "
        "— od zera).",
        "The sum of FTE increases in social enterprises active on 31 December: per enterprise, "
        "the year-end FTE minus the previous year-end's when positive (no earlier record: from "
        "zero).",
    ),
    Definition(
        "networks_active",
        "networks",
        "szt.",
        "Sieci i partnerstwa działające na koniec roku",
        "Networks and partnerships active at year end",
        "Sieci (wg rodzaju) działające 31 grudnia: utworzone (a gdy data utworzenia jest "
        "nieznana — wprowadzone do bazy) najpóźniej tego dnia i nierozwiązane do tego dnia "
        "włącznie.",
        "Networks (by kind) active on 31 December: founded (or, when the founding date is "
        "unknown, entered in the database) on or before that day and not closed on or before "
        "it.",
    ),
    Definition(
        "network_members",
        "networks",
        "szt.",
        "Członkostwa w sieciach na koniec roku",
        "Network memberships at year end",
        "Członkostwa organizacji w sieciach trwające 31 grudnia (wystąpienie 31 grudnia kończy "
        "członkostwo; zlikwidowana organizacja ani rozwiązana sieć nie mają członkostw); "
        "organizacja w dwóch sieciach liczy się dwa razy.",
        "Memberships of organisations in networks covering 31 December (leaving on 31 December "
        "ends one; a closed organisation or network has none); an organisation in two networks "
        "counts twice.",
        True,
    ),
    Definition(
        "network_members_new",
        "networks",
        "szt.",
        "Przystąpienia do sieci",
        "Joins to networks",
        "Członkostwa w sieciach rozpoczęte w roku (ponowne przystąpienie liczy się ponownie).",
        "Memberships in networks begun in the year (a rejoin counts again).",
    ),
    Definition(
        "network_members_left",
        "networks",
        "szt.",
        "Wystąpienia z sieci",
        "Leaves from networks",
        "Członkostwa w sieciach zakończone wystąpieniem w roku.",
        "Memberships in networks ended by leaving in the year.",
    ),
    Definition(
        "network_retention",
        "networks",
        "%",
        "Utrzymanie członków sieci",
        "Member retention",
        "Odsetek organizacji, które przystąpiły do sieci w roku i są jej członkami 31 grudnia "
        "(także po ponownym przystąpieniu; liczona każda para organizacja–sieć).",
        "The share of organisations that joined a network in the year and are its members on "
        "31 December (also after rejoining; each organisation–network pair).",
    ),
    Definition(
        "jst_cooperating",
        "jst",
        "szt.",
        "JST współpracujące z PES",
        "JST cooperating with PES",
        "JST będące stroną co najmniej jednego partnerstwa z PES trwającego choćby przez część "
        "roku; każda JST liczona raz.",
        "Local governments party to at least one partnership with a PES in force for at least "
        "part of the year; each once.",
        True,
    ),
    Definition(
        "partnerships_jst_pes",
        "jst",
        "szt.",
        "Partnerstwa JST–PES",
        "JST–PES partnerships",
        "Partnerstwa (wg rodzaju), których stronami są JST i PES, trwające choćby przez część "
        "roku; w podziale terytorialnym wg PES (wiodącego).",
        "Partnerships (by kind) with a JST and a PES among their parties, in force for at least "
        "part of the year; placed where their (lead) PES is.",
    ),
    Definition(
        "public_tasks_count",
        "jst",
        "szt.",
        "Zlecone zadania publiczne",
        "Commissioned public tasks",
        "Zadania publiczne zlecone PES przez JST, rozpoczęte w roku.",
        "Public tasks commissioned by a JST to a PES, begun in the year.",
    ),
    Definition(
        "public_tasks_value",
        "jst",
        "zł",
        "Wartość zleconych zadań publicznych",
        "Value of commissioned public tasks",
        "Łączna wartość zadań publicznych zleconych PES przez JST, rozpoczętych w roku (cała "
        "wartość zadania w roku jego rozpoczęcia).",
        "The total value of the public tasks commissioned by a JST to a PES begun in the year "
        "(the whole value, in the year the task begins).",
    ),
    Definition(
        "social_clause_count",
        "jst",
        "szt.",
        "Zamówienia z klauzulami społecznymi",
        "Contracts with social clauses",
        "Zamówienia z klauzulą społeczną zawarte między JST a PES, rozpoczęte w roku.",
        "Contracts with a social clause between a JST and a PES, begun in the year.",
    ),
    Definition(
        "social_clause_value",
        "jst",
        "zł",
        "Wartość zamówień z klauzulami społecznymi",
        "Value of contracts with social clauses",
        "Łączna wartość zamówień z klauzulą społeczną zawartych między JST a PES, rozpoczętych "
        "w roku (cała wartość zamówienia w roku jego rozpoczęcia).",
        "The total value of the contracts with a social clause between a JST and a PES begun in "
        "the year (the whole value, in the year the contract begins).",
    ),
    Definition(
        "jst_se_documents",
        "jst",
        "szt.",
        "JST z zapisami o ekonomii społecznej w dokumentach",
        "JST with SE provisions in strategic documents",
        "JST, których co najmniej jeden dokument strategiczny obowiązujący 31 grudnia zawiera "
        "zapisy o ekonomii społecznej; każda JST liczona raz.",
        "Local governments with at least one strategic document in force on 31 December that "
        "provides for the social economy; each once.",
        True,
    ),
    Definition(
        "se_documents_adopted",
        "jst",
        "szt.",
        "Dokumenty strategiczne z zapisami o ES przyjęte",
        "Strategic documents with SE provisions adopted",
        "Dokumenty strategiczne JST (wg rodzaju) z zapisami o ekonomii społecznej, przyjęte "
        "w roku.",
        "Strategic documents of local governments (by kind) with social-economy provisions, "
        "adopted in the year.",
    ),
    Definition(
        "interactions",
        "support",
        "szt.",
        "Kontakty z organizacjami",
        "Contacts with organisations",
        "Kontakty z organizacjami (wg rodzaju), które odbyły się w roku (zaplanowane na później "
        "się nie liczą); kontakt z kilkoma organizacjami liczy się raz.",
        "Contacts with organisations (by kind) that took place in the year (planned ones do not "
        "count); a contact with several organisations counts once.",
    ),
    Definition(
        "advisory_hours",
        "support",
        "godz.",
        "Godziny doradztwa",
        "Advisory hours",
        "Łączny czas konsultacji (doradztwa) z organizacjami, które odbyły się w roku, "
        "w godzinach (konsultacja bez podanego czasu trwania — zero).",
        "The total duration of the consultations (advisory) with organisations that took place "
        "in the year, in hours (a consultation without a duration: zero).",
        True,
    ),
    Definition(
        "organisations_advised",
        "support",
        "szt.",
        "Organizacje objęte doradztwem",
        "Organisations advised",
        "Organizacje, z którymi w roku odbyła się co najmniej jedna konsultacja (doradztwo); "
        "każda liczona raz.",
        "Organisations with at least one consultation (advisory) in the year; each once.",
    ),
    Definition(
        "events",
        "support",
        "szt.",
        "Wydarzenia",
        "Events",
        "Wydarzenia (wg rodzaju) rozpoczęte w roku, które już się odbyły (zaplanowane się nie "
        "liczą).",
        "Events (by kind) begun in the year that have taken place (planned ones do not count).",
    ),
    Definition(
        "event_participants",
        "support",
        "szt.",
        "Uczestnictwo w wydarzeniach (obecności)",
        "Attendances at events",
        "Obecności na wydarzeniach rozpoczętych w roku: każda osoba obecna na każdym wydarzeniu "
        "(na dwóch wydarzeniach — dwa razy), a organizacja bez wskazanej osoby — jedna obecność.",
        "Attendances at events begun in the year: each person present at each event (at two "
        "events: twice); an organisation without a named person: one attendance.",
    ),
    Definition(
        "event_organisations",
        "support",
        "szt.",
        "Organizacje reprezentowane na wydarzeniach",
        "Organisations represented at events",
        "Organizacje, których przedstawiciele byli obecni na co najmniej jednym wydarzeniu "
        "rozpoczętym w roku; każda liczona raz.",
        "Organisations represented at at least one event begun in the year; each once.",
    ),
    Definition(
        "recommendations_made",
        "recommendations",
        "szt.",
        "Rekomendacje sformułowane",
        "Recommendations made",
        "Rekomendacje z monitoringu za dany rok (wg ich obecnego statusu).",
        "Recommendations of the monitoring of the year (by their current status).",
    ),
    Definition(
        "recommendations_implemented",
        "recommendations",
        "szt.",
        "Rekomendacje wdrożone",
        "Recommendations implemented",
        "Rekomendacje (z monitoringu dowolnego roku) wdrożone w roku.",
        "Recommendations (of any monitoring year) implemented in the year.",
    ),
]

# What migration 0002 loads: it unpacks these seven fields (the English definition is added by
# a later migration), so the shape stays while ``INDICATORS`` grows.
DEFINITIONS: list[tuple[str, str, str, str, str, str, bool]] = [
    (d.code, d.chapter, d.unit, d.name_pl, d.name_en, d.definition_pl, d.key_result)
    for d in INDICATORS
]
