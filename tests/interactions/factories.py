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


class FollowUpFactory(factory.django.DjangoModelFactory[FollowUp]):
    class Meta:
        model = FollowUp

    title = factory.Sequence(lambda n: f"Zadzwonić w sprawie wniosku {n}")
    due_on = datetime.date(2026, 10, 25)
    assignee = factory.SubFactory(StaffFactory)
    organisation = factory.SubFactory(OrganisationFactory)


def follow_up_due(user: Any, due_on: datetime.date, **fields: Any) -> FollowUp:
    return FollowUpFactory.create(assignee=user, due_on=due_on, **fields)


def contacts_in_year(
    year: int, count: int, *, hours_apart: int = 7, duration_minutes: int = 60
) -> list[Interaction]:
    """``count`` contacts from 1 January of ``year`` on, each with one to three of three new
    organisations; bulk-created, since the plan tests want hundreds of rows."""
    organisations: list[Any] = [OrganisationFactory() for _ in range(3)]
    first = timezone.make_aware(datetime.datetime(year, 1, 1, 9))
    made = Interaction.objects.bulk_create(
        Interaction(
            kind="consultation" if n % 2 else "phone",
            subject=f"Kontakt {n}",
            duration_minutes=duration_minutes,
            occurred_at=first + datetime.timedelta(hours=hours_apart * n),
        )
        for n in range(count)
    )
    Interaction.organisations.through.objects.bulk_create(
        Interaction.organisations.through(interaction=i, organisation=o)
        for n, i in enumerate(made)
        for o in organisations[: 1 + n % 3]
    )
    return made
