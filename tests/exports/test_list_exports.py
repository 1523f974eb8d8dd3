"""Every list's export as a user opens it: Polish headers, labels, real dates and numbers, the
territory, phones without apostrophes, nothing live, and no personal column for a viewer."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import translation

from crm.exports.formats import cp1250_safe
from crm.exports.services import export_named
from interactions.models import Participation, ParticipationStatus
from networks.models import MembershipRole
from tests.contacts.factories import AffiliationFactory, OrganisationFactory, PersonFactory
from tests.interactions.factories import EventFactory, FollowUpFactory, InteractionFactory
from tests.networks.factories import (
    MembershipFactory,
    NetworkFactory,
    PartnershipPartyFactory,
    gmina_in,
)

pytestmark = pytest.mark.django_db

DANGEROUS = ["=1+1", "+48 i tak formuła", "-2+3", "@SUM(A1)", "\t=1"]
TODAY = datetime.date(2026, 11, 27)


@pytest.fixture
def lists(manager: Any) -> dict[str, Any]:
    """One row of every list in Białystok's subregion, each name starting dangerously."""
    gmina = gmina_in("bialostocki")
    made: dict[str, Any] = {"gmina": gmina}
    for index, first in enumerate(DANGEROUS):
        organisation = OrganisationFactory(
            name=f"{first} Spółdzielnia {index}",
            kind="social_cooperative",
            gmina=gmina,
            phones=["+48856821122", "+48502300400"],
            founded_on=datetime.date(2019, 3, 4),
        )
        person = PersonFactory(last_name=f"{first}Łukaszuk{index}", phone="+48600100200")
        AffiliationFactory(person=person, organisation=organisation, role="prezeska")
        contact = InteractionFactory(subject=f"{first} doradztwo {index}")
        contact.organisations.add(organisation)
        contact.people.add(person)
        FollowUpFactory(title=f"{first} zadanie", assignee=manager, organisation=organisation)
        event = EventFactory(title=f"{first} Targi {index}", gmina=gmina, starts_on=TODAY)
        Participation.objects.create(
            event=event, person=person, organisation=organisation,
            status=ParticipationStatus.ATTENDED,
        )  # fmt: skip
        made.setdefault("organisations", []).append(organisation)
        made.setdefault("events", []).append(event)
    network = NetworkFactory(name="Sieć Współpracy PES")
    for organisation in made["organisations"]:
        MembershipFactory(
            organisation=organisation, network=network, role=MembershipRole.CHAIR,
            joined_on=datetime.date(2021, 5, 6),
        )  # fmt: skip
        PartnershipPartyFactory(
            organisation=organisation, partnership__title=f"{organisation.name} umowa"
        )
    made["network"] = network
    return made


def workbook(content: bytes) -> list[list[Any]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    return [[c.value for c in row] for row in sheet.iter_rows()]


def cells(content: bytes) -> Any:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(min_row=2))


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def column(rows: list[list[Any]], header: str) -> list[Any]:
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]


EXPECTED_HEADERS = {
    "organisations": ["Nazwa", "Rodzaj", "NIP", "Gmina", "Powiat", "Subregion", "Telefony"],
    "people": ["Nazwisko", "Imię", "E-mail", "Telefon", "Organizacje", "Subregion"],
    "interactions": ["Kiedy", "Rodzaj", "Temat", "Organizacje", "Powiat", "Osoby"],
    "follow_ups": ["Co zrobić", "Termin", "Status", "Organizacja", "Subregion"],
    "events": ["Tytuł", "Rodzaj", "Powiat", "Subregion", "Uczestnicy"],
    "participants": ["Wydarzenie", "Nazwisko", "Organizacja", "Powiat", "Status"],
    "memberships": ["Sieć", "Organizacja", "Powiat", "Rola", "Data przystąpienia"],
    "partnerships": ["Tytuł", "Rodzaj", "Status", "Wartość (zł)", "Strony", "Subregion"],
}
NAME_COLUMN = {
    "organisations": "Nazwa", "people": "Nazwisko", "interactions": "Temat",
    "follow_ups": "Co zrobić", "events": "Tytuł", "participants": "Wydarzenie",
    "memberships": "Organizacja", "partnerships": "Tytuł",
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(EXPECTED_HEADERS))
def test_every_list_exports_polish_headers_labels_and_dangerous_names_as_text(
    lists: dict[str, Any], manager: Any, name: str
) -> None:
    xlsx = export_named(actor=manager, name=name, filters={}, fmt="xlsx")
    rows = workbook(xlsx.content)
    as_csv = csv_rows(export_named(actor=manager, name=name, filters={}, fmt="csv").content)

    for header in EXPECTED_HEADERS[name]:
        assert header in rows[0] and header in as_csv[0], (header, rows[0])
    names = [str(v) for v in column(rows, NAME_COLUMN[name])]
    for first in DANGEROUS:
        assert any(n.startswith("'" + first) for n in names), (first, names)
    for cell in column(as_csv, NAME_COLUMN[name]):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert xlsx.filename.endswith(".xlsx") and xlsx.rows == len(rows) - 1 >= len(DANGEROUS)


def test_organisation_export_has_real_dates_labels_territory_and_clean_phones(
    lists: dict[str, Any], manager: Any
) -> None:
    exported = export_named(actor=manager, name="organisations", filters={}, fmt="xlsx")
    rows = workbook(exported.content)
    header = rows[0]
    first = cells(exported.content)[0]
    founded = first[header.index("Data założenia")]
    phones = first[header.index("Telefony")]

    assert founded.is_date and founded.value.date() == datetime.date(2019, 3, 4)
    assert founded.number_format == "DD.MM.YYYY"
    assert first[header.index("ID")].data_type == "n"
    assert phones.value == "+48 85 682 11 22, +48 502 300 400" and phones.quotePrefix
    assert set(column(rows, "Rodzaj")) == {"spółdzielnia socjalna"}
    assert set(column(rows, "Subregion")) == {lists["gmina"].subregion.name}
    assert set(column(rows, "Powiat")) == {lists["gmina"].powiat.name}
    with translation.override("pl"):  # with its kind, as in the lists: "Augustów (miasto)"
        assert set(column(rows, "Gmina")) == {lists["gmina"].display_name}
        assert lists["gmina"].display_name.startswith(f"{lists['gmina'].name} (")

    as_csv = csv_rows(
        export_named(actor=manager, name="organisations", filters={}, fmt="csv").content
    )
    assert set(column(as_csv, "Telefony")) == {"0048 85 682 11 22, 0048 502 300 400"}
    assert set(column(as_csv, "Data założenia")) == {"04.03.2019"}


def test_partnership_value_is_a_number_and_the_status_a_label(
    lists: dict[str, Any], manager: Any
) -> None:
    exported = export_named(actor=manager, name="partnerships", filters={}, fmt="xlsx")
    header = workbook(exported.content)[0]
    row = cells(exported.content)[0]

    assert (
        row[header.index("Wartość (zł)")].value == Decimal("10000")
        or row[header.index("Wartość (zł)")].value == 10000
    )
    assert row[header.index("Wartość (zł)")].data_type == "n"
    assert row[header.index("Status")].value == "obowiązuje"
    assert row[header.index("Początek")].is_date


def test_organisations_filtered_by_a_network_carry_the_role_and_dates(
    lists: dict[str, Any], manager: Any
) -> None:
    outsider = OrganisationFactory(name="Fundacja spoza sieci")
    network = lists["network"]

    rows = workbook(
        export_named(
            actor=manager, name="organisations", filters={"network": str(network.pk)}, fmt="xlsx"
        ).content
    )
    unfiltered = workbook(
        export_named(actor=manager, name="organisations", filters={}, fmt="xlsx").content
    )

    assert outsider.name not in column(rows, "Nazwa")
    assert set(column(rows, "Rola w sieci")) == {"przewodniczący"}
    assert {d.date() for d in column(rows, "Data przystąpienia")} == {datetime.date(2021, 5, 6)}
    assert set(column(rows, "Data wystąpienia")) == {None}
    assert "Rola w sieci" not in unfiltered[0]


def test_a_viewer_exports_lists_without_personal_columns_and_no_people(
    lists: dict[str, Any], viewer: Any, manager: Any
) -> None:
    members = workbook(
        export_named(actor=viewer, name="memberships", filters={}, fmt="xlsx").content
    )
    organisations = workbook(
        export_named(actor=viewer, name="organisations", filters={}, fmt="xlsx").content
    )

    assert "Przedstawiciel" not in members[0] and len(members) == len(DANGEROUS) + 1
    assert len(organisations) == len(DANGEROUS) + 1
    for personal in ("people", "follow_ups", "participants"):
        with pytest.raises(PermissionDenied):
            export_named(actor=viewer, name=personal, filters={}, fmt="xlsx")
    # The contact log, as its page shows it to viewers: no people, notes or outcome.
    contacts = workbook(
        export_named(actor=viewer, name="interactions", filters={}, fmt="xlsx").content
    )
    as_manager = workbook(
        export_named(actor=manager, name="interactions", filters={}, fmt="xlsx").content
    )
    assert len(contacts) == len(as_manager) > 1
    assert {"Osoby", "Uwagi", "Wynik"} <= set(as_manager[0])
    assert not {"Osoby", "Uwagi", "Wynik"} & set(contacts[0])
    assert "Temat" in contacts[0]


def test_a_team_member_sees_the_representative_column(
    lists: dict[str, Any], team_member: Any
) -> None:
    members = workbook(
        export_named(actor=team_member, name="memberships", filters={}, fmt="xlsx").content
    )
    assert "Przedstawiciel" in members[0]


def test_tasks_export_holds_the_users_own_tasks(
    lists: dict[str, Any], manager: Any, team_member: Any
) -> None:
    FollowUpFactory(title="Cudze zadanie", assignee=team_member)

    mine = workbook(export_named(actor=manager, name="follow_ups", filters={}, fmt="xlsx").content)
    everyone = workbook(
        export_named(actor=manager, name="follow_ups", filters={"who": "all"}, fmt="xlsx").content
    )
    as_team = export_named(actor=team_member, name="follow_ups", filters={"who": "all"}, fmt="xlsx")

    assert "Cudze zadanie" not in column(mine, "Co zrobić") and len(mine) == len(DANGEROUS) + 1
    assert "Cudze zadanie" in column(everyone, "Co zrobić")
    assert column(workbook(as_team.content), "Co zrobić") == ["Cudze zadanie"]
    assert all(d.date() == datetime.date(2026, 10, 25) for d in column(mine, "Termin"))


def test_csv_is_for_polish_excel_with_only_windows_1250_characters() -> None:
    assert cp1250_safe("Zażółć gęślą jaźń „cytat” – 12 €") == "Zażółć gęślą jaźń „cytat” – 12 €"
    assert cp1250_safe("ﬁrma − 5\u202fzł ☺") == "firma - 5 zł ?"
    assert cp1250_safe("＝1+1") == "=1+1"  # then escaped by the CSV writer


@pytest.mark.django_db
def test_full_width_equals_sign_does_not_become_a_formula_in_csv(manager: Any) -> None:
    OrganisationFactory(name="＝HYPERLINK(1)")
    exported = export_named(actor=manager, name="organisations", filters={}, fmt="csv")
    assert column(csv_rows(exported.content), "Nazwa") == ["'=HYPERLINK(1)"]


def test_the_list_pages_offer_exports_that_keep_their_filters(
    lists: dict[str, Any], manager: Any, viewer: Any
) -> None:
    client = Client()
    client.force_login(manager)
    event = lists["events"][0]
    network = lists["network"]
    pages = {
        reverse("contacts:organisation_list"): reverse("contacts:organisation_export"),
        reverse("contacts:person_list"): reverse("contacts:person_list_export"),
        reverse("interactions:interaction_list"): reverse("interactions:interaction_export"),
        reverse("interactions:followup_list"): reverse("interactions:followup_export"),
        reverse("interactions:event_list"): reverse("interactions:event_export"),
        reverse("networks:partnership_list"): reverse("networks:partnership_export"),
        reverse("interactions:event_detail", args=[event.pk]): reverse(
            "interactions:participant_export", args=[event.pk]
        ),
        reverse("networks:network_detail", args=[network.pk]): reverse(
            "networks:membership_export", args=[network.pk]
        ),
    }
    for page, export in pages.items():
        html = client.get(page).content.decode()
        assert f'href="{export}?' in html, page

    one = client.get(reverse("contacts:organisation_export") + "?search=tak+formula&format=csv")
    participants = client.get(reverse("interactions:participant_export", args=[event.pk]))
    bad = client.get(reverse("contacts:organisation_export") + "?created_since=wczoraj")

    assert one["Content-Type"].startswith("text/csv")
    assert [r[1] for r in csv_rows(one.content)[1:]] == ["'+48 i tak formuła Spółdzielnia 1"]
    assert participants.status_code == 200
    assert len(workbook(participants.content)) == 2  # this event's one participant
    assert bad.status_code == 400 and "nie są poprawne" in bad.content.decode()

    as_viewer = Client()
    as_viewer.force_login(viewer)
    assert as_viewer.get(reverse("contacts:organisation_export")).status_code == 200
    assert as_viewer.get(reverse("contacts:person_list_export")).status_code == 403
