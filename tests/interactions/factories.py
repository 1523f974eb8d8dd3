"""Factories and helpers for the interactions tests."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.utils import timezone

from crm.models import Role, User
from interactions.models import Event, EventKind, FollowUp, Interaction, InteractionKind
from tests.contacts.factories import OrganisationFactory


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.Sequence(lambda n: f"staff{n}@rops.example.pl")
    first_name = "Ewa"
    last_name = factory.Sequence(lambda n: f"Specjalistka{n}")
    role = Role.TEAM


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    kind = InteractionKind.CONSULTATION
    occurred_at = factory.LazyFunction(timezone.now)
    subject = factory.Sequence(lambda n: f"Doradztwo {n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = EventKind.FAIR
    title = factory.Sequence(lambda n: f"Podlaskie Targi Ekonomii Społecznej {n}")
    starts_on = datetime.date(2026, 9, 12)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    title = factory.Sequence(lambda n: f"Zadzwonić w sprawie wniosku {n}")
    due_on = datetime.date(2026, 10, 25)
    assignee = factory.SubFactory(StaffFactory)
    organisation = factory.SubFactory(OrganisationFactory)


def follow_up_due(user: Any, due_on: datetime.date, **fields: Any) -> FollowUp:
    return FollowUpFactory(assignee=user, due_on=due_on, **fields)
