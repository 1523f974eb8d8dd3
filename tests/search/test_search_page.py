"""/szukaj/: one box finds every kind, grouped and counted, as far as the role may see."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm.audit.models import AccessLog
from tests.contacts.factories import AffiliationFactory, OrganisationFactory, PersonFactory
from tests.interactions.factories import EventFactory
from tests.networks.factories import NetworkFactory, PartnershipFactory
from tests.search.conftest import World
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db


def results(user: Any, query: str) -> Any:
    response = client_for(user).get("/szukaj/", {"q": query})
    assert response.status_code == 200
    return response


def groups(response: Any) -> dict[str, dict[str, Any]]:
    return {g["kind"]: g for g in response.context["groups"]}


def names(group: dict[str, Any]) -> list[str]:
    return [h.name for h in group["hits"]]


def test_a_query_without_polish_letters_finds_every_kind(team_member: Any, world: World) -> None:
    found = groups(results(team_member, "lomz"))
    assert names(found["organisations"]) == ["Zakład Aktywności Zawodowej „Łomżanka”"]
    assert names(found["events"]) == ["Targi Ekonomii Społecznej w Łomży"]
    assert names(found["networks"]) == ["Sieć PES Subregionu Łomżyńskiego"]
    assert names(found["partnerships"]) == ["Zakup usług cateringowych w Łomży"]
    # "Zakład" by "zaklad", in any case; "ŁUCJA" finds Łucja.
    assert names(groups(results(team_member, "ZAKLAD"))["organisations"]) == [
        "Zakład Aktywności Zawodowej „Łomżanka”"
    ]
    assert names(groups(results(team_member, "lucja zalew"))["people"]) == ["Zalewska Łucja"]


def test_the_page_shows_each_kind_with_its_count_and_a_link_to_its_filtered_list(
    team_member: Any, world: World
) -> None:
    for n in range(12):
        OrganisationFactory(name=f"Zakład Pracy Chronionej {n}")
    response = results(team_member, "zakład")
    found = groups(response)
    assert found["organisations"]["count"] == 13
    assert len(found["organisations"]["hits"]) == 10
    assert found["organisations"]["list_url"] == "/organizacje/?search=zak%C5%82ad"
    assert set(found) == {"organisations"}
    html = response.content.decode()
    assert 'Organizacje <span class="muted" data-testid="count-organisations">(13)' in html
    assert "Pokaż wszystkie na liście (13)" in html
    assert 'href="/organizacje/?search=zak%C5%82ad"' in html
    # Kinds with nothing are named once, not shown as empty sections.
    assert "Nic nie znaleziono wśród: Osoby, Wydarzenia, Sieci, Partnerstwa." in html
    partnerships = groups(results(team_member, "usług"))["partnerships"]
    assert partnerships["list_url"] == "/partnerstwa/?search=us%C5%82ug"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/organizacje/?search=lomzanka", "Zakład Aktywności Zawodowej „Łomżanka”"),
        ("/osoby/?search=lucja", "Zalewska Łucja"),
        ("/wydarzenia/?search=lomzy", "Targi Ekonomii Społecznej w Łomży"),
        ("/sieci/?search=lomzynsk", "Sieć PES Subregionu Łomżyńskiego"),
        ("/sieci/?search=siec+lom", "Sieć PES Subregionu Łomżyńskiego"),
        ("/partnerstwa/?search=uslug+lomzy", "Zakup usług cateringowych w Łomży"),
    ],
)
def test_show_all_lists_what_the_search_found(
    team_member: Any, world: World, url: str, expected: str
) -> None:
    """Every list's own search ignores Polish letters too, so "show all" agrees with the count."""
    html = client_for(team_member).get(url).content.decode()
    assert expected in html


def test_people_are_logged_as_seen_and_restricted_people_reach_only_managers(
    team_member: Any, manager: Any, world: World
) -> None:
    found = groups(results(team_member, "zalewska"))
    assert names(found["people"]) == ["Zalewska Łucja"]
    html = results(team_member, "zalewska").content.decode()
    assert "Zakład Aktywności Zawodowej „Łomżanka” — kierowniczka" in html
    logged = AccessLog.objects.filter(user=team_member)
    assert {(e.person_id, e.what) for e in logged} == {(world.person.pk, "search")}
    assert names(groups(results(manager, "zalewska"))["people"]) == [
        "Zalewska Łucja",
        "Zalewska-Nowak Żaneta",
    ]
    # A manager asking who saw Łucja reads that the team member found her in a search.
    page = client_for(manager).get("/dostep-do-danych/", {"person": world.person.pk})
    assert "wyniki wyszukiwania" in page.content.decode()


def test_a_viewer_finds_no_people_and_nobody_is_logged(viewer: Any, world: World) -> None:
    response = results(viewer, "zal")
    assert "people" not in groups(response)
    assert "Zalewska" not in response.content.decode()
    assert "Osoby" not in response.content.decode().split("<main")[1]
    # Everything else a viewer sees in the lists, the search finds.
    assert names(groups(results(viewer, "lomz"))["organisations"]) == [
        "Zakład Aktywności Zawodowej „Łomżanka”"
    ]
    assert not AccessLog.objects.exists()


def test_an_owes_partner_finds_what_they_see_across_subregions(
    owes_partner: Any, world: World
) -> None:
    """A partner reads every subregion (they change only their own): the search says the same,
    people included."""
    found = groups(results(owes_partner, "lomz"))
    assert set(found) == {"organisations", "events", "networks", "partnerships"}
    assert names(groups(results(owes_partner, "lucja"))["people"]) == ["Zalewska Łucja"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Wpisz, czego szukasz."),
        ("ab", "Wpisz co najmniej 3 litery lub cyfry."),
        ("a b ł", "Wpisz co najmniej 3 litery lub cyfry."),
    ],
)
def test_an_empty_or_too_short_query_says_what_to_type_and_searches_nothing(
    team_member: Any, world: World, query: str, message: str
) -> None:
    with CaptureQueriesContext(connection) as captured:
        response = results(team_member, query)
    assert message in response.content.decode()
    assert not response.context["groups"]
    searched = [q["sql"] for q in captured if "contacts_organisation" in q["sql"]]
    assert not searched


def test_the_page_without_a_query_is_a_form(team_member: Any) -> None:
    html = client_for(team_member).get("/szukaj/").content.decode()
    assert 'name="q"' in html
    assert "errorlist" not in html


def test_nothing_found_says_what_to_try(team_member: Any, world: World) -> None:
    html = results(team_member, "xyzzy").content.decode()
    assert "Nic nie znaleziono dla „xyzzy”." in html


def test_a_nip_in_any_spelling_finds_the_organisation(team_member: Any, world: World) -> None:
    nip = world.zaklad.nip
    spelled = f"PL {nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}"
    assert names(groups(results(team_member, spelled))["organisations"]) == [world.zaklad.name]


def test_the_header_box_on_every_page_leads_to_the_search(team_member: Any) -> None:
    html = client_for(team_member).get("/organizacje/").content.decode()
    assert 'action="/szukaj/"' in html
    assert 'id="topsearch-q" name="q"' in html
    assert 'data-suggest-url="/szukaj/podpowiedzi/"' in html


def test_suggestions_are_grouped_without_people_and_end_with_every_result(
    team_member: Any, world: World
) -> None:
    body = client_for(team_member).get("/szukaj/podpowiedzi/", {"q": "lomz"}).json()
    got = [(r["group"], r["name"]) for r in body["results"]]
    assert got == [
        ("Organizacje", "Zakład Aktywności Zawodowej „Łomżanka”"),
        ("Wydarzenia", "Targi Ekonomii Społecznej w Łomży"),
        ("Sieci", "Sieć PES Subregionu Łomżyńskiego"),
        ("Partnerstwa", "Zakup usług cateringowych w Łomży"),
        ("", "Wszystkie wyniki dla „lomz”"),
    ]
    assert body["results"][-1]["url"] == "/szukaj/?q=lomz"
    people = client_for(team_member).get("/szukaj/podpowiedzi/", {"q": "zalewska"}).json()
    assert [r["name"] for r in people["results"]] == ["Wszystkie wyniki dla „zalewska”"]
    assert not AccessLog.objects.exists()
    assert client_for(team_member).get("/szukaj/podpowiedzi/", {"q": "ab"}).json()["results"] == []


def test_signing_in_is_needed(client: Any) -> None:
    assert client.get("/szukaj/?q=lomza").status_code == 302
    assert client.get("/szukaj/podpowiedzi/?q=lomza").status_code == 302


def test_the_page_costs_the_same_queries_for_twelve_matches_of_each_kind_as_for_thirty(
    team_member: Any, world: World
) -> None:
    """Each kind's first ten come with what their lines show (place, organisation) in the same
    queries: more matches, no more queries."""

    def add(numbers: range) -> None:
        for n in numbers:
            OrganisationFactory(name=f"Spółdzielnia „Łomżyca {n}”", gmina=world.zaklad.gmina)
            person = PersonFactory(first_name="Jan", last_name=f"Łomżyński {n}")
            AffiliationFactory(person=person, organisation=world.zaklad)
            EventFactory(title=f"Spotkanie w Łomży {n}", gmina=world.zaklad.gmina)
            PartnershipFactory(title=f"Umowa łomżyńska {n}")
            NetworkFactory(name=f"Sieć łomżyńska {n}", subregion=world.zaklad.gmina.subregion)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            results(team_member, "lomz")
        return len(captured)

    add(range(12))
    twelve = queries()
    add(range(12, 30))
    assert queries() == twelve
