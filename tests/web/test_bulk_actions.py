"""Bulk actions on the organisation and people lists: tick rows (or take the whole filtered
result), then add them to a network, register them for an event, tag them, give each a task,
or export them; the result page says who was added, who was there already and who was
refused, and why."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts.models import Organisation, OrganisationKind
from crm.audit.models import ActionLog
from crm.models import Gmina
from crm.text import fold
from interactions.models import Event, FollowUp, Participation
from networks.models import Membership
from tests.contacts.factories import OrganisationFactory, PersonFactory
from tests.interactions.factories import EventFactory
from tests.networks.factories import MembershipFactory, NetworkFactory
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db

ORGANISATIONS = reverse("selection:selection", args=["organisations"])
PEOPLE = reverse("selection:selection", args=["people"])
NEXT_MONTH = timezone.localdate() + datetime.timedelta(days=30)
ONE_WEEK = datetime.timedelta(days=7)


def _many(count: int, prefix: str) -> list[int]:
    """``count`` organisations named "<prefix> N" in Hajnówka, written at once."""
    gmina = Gmina.objects.get(code="2005011")
    rows = [
        Organisation(
            name=f"{prefix} {n}",
            search_name=fold(f"{prefix} {n}"),
            kind=OrganisationKind.ASSOCIATION,
            gmina=gmina,
        )
        for n in range(count)
    ]
    Organisation.objects.bulk_create(rows, batch_size=200)
    return list(Organisation.objects.filter(name__startswith=prefix).values_list("pk", flat=True))


def test_the_list_offers_ticking_rows_and_the_whole_filtered_result(team_member: Any) -> None:
    _many(30, "Stowarzyszenie Bulkowe")
    OrganisationFactory(name="Fundacja Inna")
    page = (
        client_for(team_member)
        .get(reverse("contacts:organisation_list"), {"search": "bulkowe"})
        .content.decode()
    )
    assert page.count('name="id"') == 25  # the first page
    assert "cały wynik filtrowania (30)" in page
    assert 'name="query" value="search=bulkowe"' in page


def test_ticked_organisations_join_a_network_and_the_page_says_who_was_not_added(
    team_member: Any,
) -> None:
    network = NetworkFactory(name="Podlaska Sieć PES")
    new, member, later, closed = (
        OrganisationFactory(name=n)
        for n in ("Fundacja Nowa", "Fundacja Członek", "Fundacja Później", "Fundacja Zamknięta")
    )
    MembershipFactory(organisation=member, network=network, joined_on=datetime.date(2020, 1, 1))
    MembershipFactory(organisation=later, network=network, joined_on=datetime.date(2026, 12, 1))
    closed.closed_on = datetime.date(2025, 6, 30)
    closed.save()
    client = client_for(team_member)
    ids = [new.pk, member.pk, later.pk, closed.pk]
    pick = client.post(ORGANISATIONS, {"id": ids, "query": "kind=association"})
    assert "4 organizacje zaznaczone" in pick.content.decode()
    result = client.post(
        ORGANISATIONS,
        {"id": ids, "action": "network", "network": network.pk, "joined_on": "2026-01-01"},
    )
    assert result.status_code == 200
    assert result.context["outcome"].added == [new.pk]
    assert result.context["outcome"].already == [member.pk]
    page = result.content.decode()
    assert "Fundacja Później" in page and "01.12.2026" in page
    assert "Fundacja Zamknięta" in page and "30.06.2025" in page
    assert Membership.objects.filter(network=network, organisation=new).exists()
    assert not Membership.objects.filter(network=network, organisation=closed).exists()
    entry = ActionLog.objects.get(verb="networks.membership.started")
    assert entry.actor == team_member and entry.object_repr == "Fundacja Nowa — Podlaska Sieć PES"
    assert Membership.history.filter(organisation_id=new.pk).count() == 1


@pytest.mark.parametrize("count", [20, 1000])
def test_a_thousand_organisations_join_a_network_in_one_request_and_a_handful_of_queries(
    manager: Any, count: int
) -> None:
    ids = _many(count, "Stowarzyszenie Masowe")
    network = NetworkFactory()
    MembershipFactory(organisation_id=ids[0], network=network)
    client = client_for(manager)
    ContentType.objects.get_for_model(Membership)  # cached by the first use in any request
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            ORGANISATIONS,
            {
                "all": "1",
                "query": "search=masowe",
                "action": "network",
                "network": network.pk,
                "joined_on": "2026-01-01",
            },
        )
    assert response.status_code == 200
    assert Membership.objects.filter(network=network).count() == count
    assert ActionLog.objects.filter(verb="networks.membership.started").count() == count - 1
    # The same statements for 20 and for 1,000 (pinned: this number does not grow with them).
    assert len(captured) == 15, "\n".join(q["sql"][:150] for q in captured.captured_queries)


@pytest.mark.parametrize("count", [20, 1000])
def test_a_thousand_organisations_are_registered_for_an_event_in_a_handful_of_queries(
    manager: Any, count: int
) -> None:
    ids = _many(count, "Stowarzyszenie Masowe")
    event = EventFactory(title="Targi Ekonomii Społecznej", starts_on=NEXT_MONTH)
    Participation.objects.create(event=event, organisation_id=ids[0])
    client = client_for(manager)
    for model in (Participation, Event):  # cached by the first use in any request
        ContentType.objects.get_for_model(model)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            ORGANISATIONS,
            {"all": "1", "query": "search=masowe", "action": "event", "event": event.pk},
        )
    assert response.status_code == 200
    assert response.context["outcome"].already == [ids[0]]
    assert Participation.objects.filter(event=event).count() == count
    assert (
        Participation.history.filter(event_id=event.pk, history_user=manager).count() == count - 1
    )
    # The same statements for 20 and for 1,000 (pinned: this number does not grow with them).
    assert len(captured) == 14, "\n".join(q["sql"][:150] for q in captured.captured_queries)


def test_organisations_and_people_are_registered_for_an_event_once(manager: Any) -> None:
    event = EventFactory(title="Targi Ekonomii Społecznej", starts_on=NEXT_MONTH)
    first, second = OrganisationFactory(), OrganisationFactory()
    Participation.objects.create(event=event, organisation=second)
    client = client_for(manager)
    EventFactory(title="Targi Ekonomii Społecznej", starts_on=NEXT_MONTH + ONE_WEEK)
    choosing = client.post(ORGANISATIONS, {"id": [first.pk, second.pk]}).content.decode()
    # Two fairs of one title: the day tells them apart in the list of events.
    assert f"Targi Ekonomii Społecznej — {NEXT_MONTH:%d.%m.%Y}" in choosing
    assert f"Targi Ekonomii Społecznej — {NEXT_MONTH + ONE_WEEK:%d.%m.%Y}" in choosing
    result = client.post(
        ORGANISATIONS, {"id": [first.pk, second.pk], "action": "event", "event": event.pk}
    )
    assert result.context["outcome"].added == [first.pk]
    assert result.context["outcome"].already == [second.pk]
    anna, restricted = PersonFactory(), PersonFactory(restricted=True)
    result = client.post(
        PEOPLE, {"id": [anna.pk, restricted.pk], "action": "event", "event": event.pk}
    )
    assert result.context["outcome"].added == [anna.pk]
    assert list(result.context["outcome"].refused) == [restricted.pk]
    assert "art. 18" in result.content.decode()
    assert Participation.objects.filter(event=event).count() == 3


def test_the_selected_people_get_a_tag_and_a_partner_only_those_in_reach(
    team_member: Any, owes_partner: Any
) -> None:
    anna, jan = PersonFactory(), PersonFactory()
    result = client_for(team_member).post(
        PEOPLE, {"id": [anna.pk, jan.pk], "action": "tag", "tag": "RKRES 2026"}
    )
    assert result.context["outcome"].added == [anna.pk, jan.pk]
    assert [t.name for t in anna.tags.all()] == ["RKRES 2026"]
    elsewhere = OrganisationFactory(gmina=Gmina.objects.filter(subregion__slug="suwalski").first())
    mine = OrganisationFactory()  # Hajnówka, bielski: the partner's subregion
    result = client_for(owes_partner).post(
        ORGANISATIONS, {"id": [mine.pk, elsewhere.pk], "action": "tag", "tag": "rkres 2026"}
    )
    assert result.context["outcome"].added == [mine.pk]
    assert list(result.context["outcome"].refused) == [elsewhere.pk]
    assert list(elsewhere.tags.all()) == []


def test_each_selected_organisation_gets_a_task_for_a_colleague_without_an_email_each(
    manager: Any, team_member: Any
) -> None:
    ids = _many(3, "Fundacja Zadaniowa")
    client_for(manager).post(
        ORGANISATIONS,
        {
            "id": ids,
            "action": "task",
            "title": "Zaprosić na RKRES",
            "assignee": team_member.pk,
            "due_on": NEXT_MONTH.isoformat(),
        },
    )
    tasks = FollowUp.objects.filter(assignee=team_member, title="Zaprosić na RKRES")
    assert sorted(tasks.values_list("organisation_id", flat=True)) == sorted(ids)
    assert {t.due_on for t in tasks} == {NEXT_MONTH}
    assert mail.outbox == []
    mine = client_for(team_member).get(reverse("interactions:followup_list")).content.decode()
    assert all(f"Fundacja Zadaniowa {n}" in mine for n in range(3))


def test_an_action_without_what_it_needs_says_so_and_changes_nothing(manager: Any) -> None:
    organisation = OrganisationFactory()
    page = client_for(manager).post(
        ORGANISATIONS, {"id": [organisation.pk], "action": "task", "title": "Zadzwonić"}
    )
    assert "To pole jest wymagane." in page.content.decode()
    assert FollowUp.objects.count() == 0


def test_the_selection_is_exported_by_its_ids(team_member: Any) -> None:
    picked, other = OrganisationFactory(name="Fundacja Wybrana"), OrganisationFactory()
    pick = client_for(team_member).post(ORGANISATIONS, {"id": [picked.pk]})
    assert f"id={picked.pk}" in pick.context["export_query"]
    export = client_for(team_member).get(
        reverse("contacts:organisation_export"), {"id": str(picked.pk), "format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2 and "Fundacja Wybrana" in rows[1]
    assert other.name not in export.content.decode("utf-8-sig")


def test_a_viewer_only_exports_and_nobody_acts_on_rows_they_do_not_see(
    viewer: Any, team_member: Any
) -> None:
    organisation = OrganisationFactory()
    network = NetworkFactory()
    pick = client_for(viewer).post(ORGANISATIONS, {"id": [organisation.pk]})
    assert pick.context["offered"] == []
    refused = client_for(viewer).post(
        ORGANISATIONS,
        {"id": [organisation.pk], "action": "network", "network": network.pk},
    )
    assert refused.status_code == 403
    assert client_for(viewer).post(PEOPLE, {"id": [1]}).status_code == 403
    hidden = PersonFactory(restricted=True)
    page = client_for(team_member).post(PEOPLE, {"id": [hidden.pk]})
    assert "Nic nie zaznaczono" in page.content.decode()
