"""Calendars: the private feed holds the person's own tasks and events only, parses as RFC 5545
(CRLF, folding at 75 octets, escaping), and shows nothing once revoked; each event offers an
"add to calendar" file."""

from __future__ import annotations

import datetime
from typing import Any

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crm.calendar.ics import CalendarEntry, to_ics
from crm.calendar.models import CalendarFeed
from interactions.models import FollowUpStatus, Participation
from tests.contacts.factories import OrganisationFactory, PersonFactory
from tests.interactions.factories import EventFactory, FollowUpFactory
from tests.networks.factories import gmina_in

TRICKY = 'Spotkanie; RKRES, "Żubr" \\ plan\nDruga linia ' + "ą" * 60


def parse(content: bytes) -> list[dict[str, str]]:
    """A small RFC 5545 reader: checks line ends and folding, unfolds, unescapes TEXT, and
    returns the VEVENTs as {property (with parameters): value}."""
    assert content.endswith(b"\r\n")
    physical = content.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(physical) and b"\r" not in b"".join(physical)
    for line in physical:
        assert len(line) <= 75, line
        line.decode("utf-8")  # folding never splits a character
    logical: list[str] = []
    for line in physical:
        if line.startswith(b" "):
            logical[-1] += line[1:].decode("utf-8")
        else:
            logical.append(line.decode("utf-8"))
    assert logical[0] == "BEGIN:VCALENDAR" and logical[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in logical
    events: list[dict[str, str]] = []
    for line in logical:
        if line == "BEGIN:VEVENT":
            events.append({})
        elif events and line != "END:VEVENT" and not line.startswith("END:VCALENDAR"):
            name, _, value = line.partition(":")
            events[-1][name] = unescape(value)
    for event in events:
        assert {"UID", "DTSTAMP", "DTSTART;VALUE=DATE", "SUMMARY"} <= set(event)
    return events


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            assert value[i] not in ";,", f"unescaped {value[i]!r} in {value!r}"
            out.append(value[i])
            i += 1
    return "".join(out)


def test_ics_escapes_folds_and_gives_whole_days() -> None:
    entry = CalendarEntry(
        uid="event-1@siec", summary=TRICKY, first_day=datetime.date(2026, 9, 12),
        last_day=datetime.date(2026, 9, 13), location="Białystok, ul. Wiejska 1",
    )  # fmt: skip

    (event,) = parse(to_ics([entry], name="Test"))

    assert event["SUMMARY"] == TRICKY
    assert event["LOCATION"] == "Białystok, ul. Wiejska 1"
    assert event["DTSTART;VALUE=DATE"] == "20260912"
    assert event["DTEND;VALUE=DATE"] == "20260914"  # exclusive: the day after the last
    assert event["DTSTAMP"].endswith("Z") and len(event["DTSTAMP"]) == 16


@pytest.fixture
def calendar_world(team_member: Any, manager: Any) -> dict[str, Any]:
    team_member.email = "ewa.zadaniowa@rops.example.pl"
    team_member.save()
    organisation = OrganisationFactory(
        name="Spółdzielnia Socjalna „Żubr”", gmina=gmina_in("bielski")
    )
    me = PersonFactory(email="Ewa.Zadaniowa@rops.example.pl")
    today = datetime.date.today()
    world = {
        "my_task": FollowUpFactory(title=TRICKY, assignee=team_member, organisation=organisation),
        "done_task": FollowUpFactory(
            title="Zrobione już", assignee=team_member, status=FollowUpStatus.DONE,
            done_at=timezone.now(),
        ),
        "other_task": FollowUpFactory(title="Zadanie kierowniczki", assignee=manager),
        "registered": EventFactory(title="Targi, na które idę", starts_on=today),
        "run": EventFactory(title="Spotkanie sieci, które prowadzę", created_by=team_member,
                            starts_on=today, gmina=gmina_in("bielski")),
        "other_event": EventFactory(title="Gala bez mnie", starts_on=today),
    }  # fmt: skip
    Participation.objects.create(event=world["registered"], person=me)
    Participation.objects.create(event=world["other_event"], person=PersonFactory())
    return world


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_private_feed_holds_my_tasks_and_events_only_and_nothing_after_revoking(
    calendar_world: dict[str, Any], team_member: Any
) -> None:
    client = client_of(team_member)
    client.post(reverse("interactions:calendar_settings"), {"action": "renew"})
    page = client.get(reverse("interactions:calendar_settings")).content.decode()
    feed = CalendarFeed.objects.get(user=team_member)
    address = reverse("interactions:calendar_feed", args=[feed.token])

    response = Client().get(address)  # a calendar application: no session

    assert f"http://testserver{address}" in page
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = parse(response.content)
    summaries = {e["SUMMARY"] for e in events}
    assert summaries == {
        f"Zadanie: {TRICKY}",
        "Targi, na które idę",
        "Spotkanie sieci, które prowadzę",
    }
    task = next(e for e in events if e["UID"].startswith("follow-up-"))
    assert task["DTSTART;VALUE=DATE"] == "20261025" and task["DTEND;VALUE=DATE"] == "20261026"
    assert task["DESCRIPTION"] == "Spółdzielnia Socjalna „Żubr”"

    client.post(reverse("interactions:calendar_settings"), {"action": "revoke"})
    assert Client().get(address).status_code == 404
    assert not CalendarFeed.objects.filter(user=team_member).exists()


@pytest.mark.django_db
def test_a_new_address_voids_the_old_one(calendar_world: dict[str, Any], team_member: Any) -> None:
    client = client_of(team_member)
    client.post(reverse("interactions:calendar_settings"), {"action": "renew"})
    old = CalendarFeed.objects.get(user=team_member).token
    client.post(reverse("interactions:calendar_settings"), {"action": "renew"})
    new = CalendarFeed.objects.get(user=team_member).token

    assert old != new and len(new) >= 40
    assert Client().get(reverse("interactions:calendar_feed", args=[old])).status_code == 404
    assert Client().get(reverse("interactions:calendar_feed", args=[new])).status_code == 200


@pytest.mark.django_db
def test_a_deactivated_account_feed_shows_nothing(
    calendar_world: dict[str, Any], team_member: Any
) -> None:
    client_of(team_member).post(reverse("interactions:calendar_settings"), {"action": "renew"})
    token = CalendarFeed.objects.get(user=team_member).token
    team_member.is_active = False
    team_member.save()

    assert Client().get(reverse("interactions:calendar_feed", args=[token])).status_code == 404


@pytest.mark.django_db
def test_each_event_page_offers_an_add_to_calendar_file(
    calendar_world: dict[str, Any], viewer: Any
) -> None:
    event = calendar_world["run"]
    client = client_of(viewer)

    page = client.get(reverse("interactions:event_detail", args=[event.pk])).content.decode()
    response = client.get(reverse("interactions:event_ics", args=[event.pk]))
    anonymous = Client().get(reverse("interactions:event_ics", args=[event.pk]))

    assert reverse("interactions:event_ics", args=[event.pk]) in page
    assert "Dodaj do kalendarza" in page
    (entry,) = parse(response.content)
    assert entry["SUMMARY"] == "Spotkanie sieci, które prowadzę"
    assert entry["UID"] == f"event-{event.pk}@siec"
    assert entry["URL"] == f"http://testserver/wydarzenia/{event.pk}/"
    assert anonymous.status_code == 302  # to the sign-in page


@pytest.mark.django_db
def test_the_feed_and_the_event_file_read_in_a_calendar_library(
    calendar_world: dict[str, Any], team_member: Any
) -> None:
    """What Thunderbird or Google would read: the ``icalendar`` package, not our own parser."""
    client = client_of(team_member)
    client.post(reverse("interactions:calendar_settings"), {"action": "renew"})
    token = CalendarFeed.objects.get(user=team_member).token
    run = calendar_world["run"]

    feed = icalendar.Calendar.from_ical(
        Client().get(reverse("interactions:calendar_feed", args=[token])).content
    )
    single = icalendar.Calendar.from_ical(
        client.get(reverse("interactions:event_ics", args=[run.pk])).content
    )

    entries = {str(e["SUMMARY"]): e for e in feed.walk("VEVENT")}
    assert set(entries) == {
        f"Zadanie: {TRICKY}",
        "Targi, na które idę",
        "Spotkanie sieci, które prowadzę",
    }
    task = calendar_world["my_task"]
    assert entries[f"Zadanie: {TRICKY}"].decoded("DTSTART") == task.due_on
    assert entries["Spotkanie sieci, które prowadzę"].decoded("DTSTART") == run.starts_on
    (event,) = single.walk("VEVENT")
    assert str(event["UID"]) == f"event-{run.pk}@siec"
    assert event.decoded("DTSTART") == run.starts_on
