"""Events and participation: who may be on the list, bulk attendance, counts."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from crm.audit.models import ActionLog
from crm.models import Gmina
from interactions import selectors
from interactions.models import Participation, ParticipationStatus
from interactions.services import (
    event_create,
    event_update,
    participation_register,
    participations_mark_attended,
)
from tests.contacts.factories import OrganisationFactory, PersonFactory
from tests.interactions.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_participation_needs_a_person_or_an_organisation_in_the_database():
    event = EventFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(event=event)
    assert Participation.objects.count() == 0


def test_one_row_per_person_but_several_people_of_one_organisation(team_member):
    event = EventFactory()
    organisation = OrganisationFactory()
    anna, jan = PersonFactory(), PersonFactory()

    participation_register(actor=team_member, event=event, person=anna, organisation=organisation)
    participation_register(actor=team_member, event=event, person=jan, organisation=organisation)
    again = participation_register(
        actor=team_member, event=event, person=anna, status=ParticipationStatus.ATTENDED
    )

    assert event.participations.count() == 2
    assert again.status == ParticipationStatus.ATTENDED
    assert again.organisation == organisation
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(event=event, person=anna)


def test_an_organisation_without_a_person_is_listed_once():
    event = EventFactory()
    organisation = OrganisationFactory()
    Participation.objects.create(event=event, organisation=organisation)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(event=event, organisation=organisation)


def test_mark_attended_updates_the_listed_rows_in_one_update(
    team_member, django_assert_num_queries
):
    event, other_event = EventFactory(), EventFactory()
    rows = [
        participation_register(actor=team_member, event=event, person=PersonFactory())
        for _ in range(4)
    ]
    elsewhere = participation_register(actor=team_member, event=other_event, person=PersonFactory())
    chosen = [rows[0].pk, rows[2].pk, elsewhere.pk]

    # a SAVEPOINT pair, the ids to change, one UPDATE, the action log (content type cached)
    with django_assert_num_queries(5) as captured:
        count = participations_mark_attended(
            actor=team_member, event=event, participation_ids=chosen
        )

    assert count == 2
    updates = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    statuses = dict(Participation.objects.values_list("pk", "status"))
    assert statuses[rows[0].pk] == statuses[rows[2].pk] == ParticipationStatus.ATTENDED
    assert statuses[rows[1].pk] == ParticipationStatus.REGISTERED
    assert statuses[elsewhere.pk] == ParticipationStatus.REGISTERED
    entry = ActionLog.objects.get(verb="interactions.participation.attended")
    assert sorted(entry.details["participations"]) == sorted([rows[0].pk, rows[2].pk])


def test_viewer_cannot_mark_attendance_and_owes_partner_only_in_own_subregion(
    team_member, viewer, owes_partner
):
    hajnowka = Gmina.objects.get(code="2005011")  # bielski, the partner's subregion
    suwalki = Gmina.objects.filter(subregion__slug="suwalski").first()
    near, far = EventFactory(gmina=hajnowka), EventFactory(gmina=suwalki)
    near_row = participation_register(actor=team_member, event=near, person=PersonFactory())
    far_row = participation_register(actor=team_member, event=far, person=PersonFactory())

    with pytest.raises(PermissionDenied):
        participations_mark_attended(actor=viewer, event=near, participation_ids=[near_row.pk])
    assert (
        participations_mark_attended(actor=owes_partner, event=far, participation_ids=[far_row.pk])
        == 0
    )
    assert (
        participations_mark_attended(
            actor=owes_partner, event=near, participation_ids=[near_row.pk]
        )
        == 1
    )

    statuses = dict(Participation.objects.values_list("pk", "status"))
    assert statuses == {
        near_row.pk: ParticipationStatus.ATTENDED,
        far_row.pk: ParticipationStatus.REGISTERED,
    }


def test_event_dates_must_be_in_order(team_member):
    with pytest.raises(ValidationError):
        event_create(
            actor=team_member,
            kind="training",
            title="Szkolenie",
            starts_on=datetime.date(2026, 5, 2),
            ends_on=datetime.date(2026, 5, 1),
        )
    event = event_create(
        actor=team_member, kind="training", title="Szkolenie", starts_on=datetime.date(2026, 5, 2)
    )
    event_update(actor=team_member, event=event, ends_on=datetime.date(2026, 5, 3))
    event.refresh_from_db()
    assert event.last_day == datetime.date(2026, 5, 3)


def test_events_come_with_participant_counts_in_one_query(
    team_member, manager, django_assert_num_queries
):
    fair, visit = (
        EventFactory(starts_on=datetime.date(2026, 9, 12)),
        EventFactory(kind="study_visit", starts_on=datetime.date(2026, 6, 1)),
    )
    for status in ("attended", "attended", "no_show", "registered"):
        participation_register(actor=team_member, event=fair, person=PersonFactory(), status=status)
    participation_register(actor=team_member, event=visit, organisation=OrganisationFactory())

    with django_assert_num_queries(1):
        rows = [
            (e.title, e.participants, e.attended, e.no_show)
            for e in selectors.events_with_counts(user=manager)
        ]

    assert rows == [(fair.title, 4, 2, 1), (visit.title, 1, 0, 0)]
