"""Polish order and Polish search: the same order on SQLite and PostgreSQL (the collation "pl"),
people found without Polish letters, same-name gminas told apart by their kind."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from contacts.models import Organisation, Person
from crm.models import Gmina, Subregion, User
from crm.text import polish_sort_key
from crm.top.monitoring.indicators import Period, compute
from tests.api.conftest import client_for
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

NAMES = [
    "Mońki",
    "Żubr",
    "Lubin",
    "„Żubr” Spółka z o.o. non profit",
    "Łomża",
    "Zambrów",
    "łomżyński",
    "Ćmielów",
    "Cieszyn",
    "Stowarzyszenie 9",
    "Stowarzyszenie 10",
    "sąd",
    "Sad",
]
EXPECTED = [
    "Cieszyn",
    "Ćmielów",
    "Lubin",
    "Łomża",
    "łomżyński",
    "Mońki",
    "Sad",
    "sąd",
    "Stowarzyszenie 10",
    "Stowarzyszenie 9",
    "Zambrów",
    "Żubr",
    "„Żubr” Spółka z o.o. non profit",
]


def test_the_sort_key_is_polish() -> None:
    assert sorted(NAMES, key=polish_sort_key) == EXPECTED


def test_the_database_sorts_names_in_polish_order_as_python_does() -> None:
    for name in NAMES:
        OrganisationFactory(name=name, nip=None)
    assert list(Organisation.objects.values_list("name", flat=True)) == EXPECTED
    assert (
        list(Organisation.objects.order_by("-name").values_list("name", flat=True))
        == (EXPECTED[::-1])
    )


def test_lists_and_the_api_sort_in_polish_order(client: Client, viewer: User) -> None:
    for name in NAMES:
        OrganisationFactory(name=name, nip=None)
    api = client_for(viewer)
    for params in ({}, {"ordering": "name"}, {"search": "o", "page_size": 50}):
        rows = api.get("/api/v1/organisations/", params).json()["results"]
        names = [row["name"] for row in rows]
        assert names == [n for n in EXPECTED if n in names], params
    client.force_login(viewer)
    page = client.get("/organizacje/").content.decode()
    positions = [page.index(f">{name}<") for name in ("Lubin", "Łomża", "Mońki", "Zambrów", "Żubr")]
    assert positions == sorted(positions)


def test_subregions_and_gminas_are_listed_in_polish_order(viewer: User) -> None:
    api = client_for(viewer)
    slugs = [row["slug"] for row in api.get("/api/v1/subregions/").json()["results"]]
    assert slugs == ["bialostocki", "bielski", "lomzynski", "suwalski"]
    names = list(Gmina.objects.order_by("name").values_list("name", flat=True))
    assert names == sorted(names, key=polish_sort_key)
    assert names.index("Łomża") > names.index("Lipsk")
    assert list(Subregion.objects.values_list("slug", flat=True)) == [
        "bialostocki",
        "bielski",
        "lomzynski",
        "suwalski",
    ]


@pytest.mark.parametrize("query", ["łukaszuk", "lukaszuk", "ŁUKASZUK", "anna łukaszuk"])
def test_people_are_found_without_case_or_polish_letters(
    client: Client, team_member: User, query: str
) -> None:
    Person.objects.create(first_name="Anna", last_name="Łukaszuk")  # no e-mail
    Person.objects.create(first_name="Żaneta", last_name="Lukas", email="zl@example.pl")
    api = client_for(team_member)
    rows = api.get("/api/v1/people/", {"search": query}).json()["results"]
    assert [row["last_name"] for row in rows] == ["Łukaszuk"]
    rows = api.get("/api/v1/people/", {"search": "zaneta"}).json()["results"]
    assert [row["last_name"] for row in rows] == ["Lukas"]


def test_same_name_gminas_show_their_kind_everywhere(client: Client, team_member: User) -> None:
    with translation.override("pl"):
        town, rural = Gmina.objects.get(code="2001011"), Gmina.objects.get(code="2001022")
        assert (town.display_name, rural.display_name) == (
            "Augustów (miasto)",
            "Augustów (gmina wiejska)",
        )
    rows: list[dict[str, Any]] = (
        client_for(team_member).get("/api/v1/gminas/", {"page_size": 200}).json()["results"]
    )
    labels = {row["code"]: row["display_name"] for row in rows}
    assert labels["2001011"] == "Augustów (miasto)"
    assert labels["2001022"] == "Augustów (gmina wiejska)"
    client.force_login(team_member)
    for url in ("/organizacje/", "/organizacje/nowa/"):
        page = client.get(url).content.decode()
        assert "Augustów (miasto)" in page and "Augustów (gmina wiejska)" in page, url
    chips = client.get("/organizacje/", {"gmina": "2001022"}).content.decode()
    assert "Augustów (gmina wiejska)" in chips


def test_indicator_breakdowns_list_subregions_in_polish_order() -> None:
    for subregion in Subregion.objects.all():
        gmina = Gmina.objects.filter(subregion=subregion).order_by("code").first()
        OrganisationFactory(gmina=gmina, kind="association", founded_on=datetime.date(2020, 1, 1))
    cells = compute("pes_active", Period(2025)).by_subregion
    assert [cell.label.removeprefix("Subregion ") for cell in cells] == [
        "białostocki",
        "bielski",
        "łomżyński",
        "suwalski",
    ]
