"""The organisation timeline: every source, newest first, paginated, with a fixed query count."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts.models import Organisation, OrganisationLink, SocialEnterpriseStatus
from contacts.services import organisation_update
from contacts.timeline import organisation_timeline
from interactions.models import Event, EventKind, Interaction, InteractionKind, Participation
from tests.contacts.factories import OrganisationFactory
from tests.networks.factories import (
    MembershipFactory,
    NetworkFactory,
    PartnershipFactory,
    PartnershipPartyFactory,
)

D = datetime.date


def _at(day: datetime.date, hour: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _history_of_every_kind(organisation, *, copies: int = 1, actor=None) -> None:
    for n in range(copies):
        interaction = Interaction.objects.create(
            kind=InteractionKind.CONSULTATION,
            occurred_at=_at(D(2024, 5, 10 + n % 15), 10),
            subject=f"Doradztwo w sprawie klauzul społecznych {n}",
        )
        interaction.organisations.add(organisation)
        event = Event.objects.create(
            kind=EventKind.FAIR,
            title=f"Podlaskie Targi Ekonomii Społecznej {2010 + n}",
            starts_on=D(2024, 5, 10 + n % 15),
        )
        Participation.objects.create(event=event, organisation=organisation, status="attended")
        MembershipFactory(
            organisation=organisation,
            network=NetworkFactory(),
            joined_on=D(2020, 1, 1 + n % 28),
            left_on=D(2023, 6, 30),
            left_reason="zawieszenie działalności",
        )
        PartnershipPartyFactory(
            organisation=organisation,
            partnership=PartnershipFactory(
                starts_on=D(2022, 3, 1 + n % 28), value_pln=Decimal("1500")
            ),
        )
        SocialEnterpriseStatus.objects.create(
            organisation=organisation,
            kind="statutory" if n % 2 else "legacy",
            granted_on=D(2021, 2, 1) + datetime.timedelta(days=n),
            lost_on=D(2023, 1, 15),
        )
        OrganisationLink.objects.create(
            organisation=organisation,
            kind="founded_by",
            other=OrganisationFactory(kind="jst_gmina"),
            started_on=D(2019, 4, 1 + n % 28),
            ended_on=D(2024, 1, 1),
        )
    if actor is not None:
        organisation_update(actor=actor, organisation=organisation, town="Hajnówka")


@pytest.mark.django_db
def test_timeline_is_complete_and_newest_first_across_pages(team_member) -> None:
    organisation = OrganisationFactory()
    _history_of_every_kind(organisation, actor=team_member)
    first = organisation_timeline(user=team_member, organisation=organisation, page_size=4)
    second = organisation_timeline(user=team_member, organisation=organisation, page=2, page_size=4)
    third = organisation_timeline(user=team_member, organisation=organisation, page=3, page_size=4)
    kinds = [item.kind for page in (first, second, third) for item in page.items]
    assert kinds == [
        "record_changed",
        "record_created",
        "interaction",
        "participation",
        "link_ended",
        "membership_left",
        "ps_status_lost",
        "partnership",
        "ps_status_granted",
        "membership_joined",
        "link_started",
    ]
    assert first.total == 11
    assert first.has_next and second.has_next and not third.has_next
    items = first.items + second.items + third.items
    assert [i.at for i in items] == sorted((i.at for i in items), reverse=True)
    changed = items[0]
    assert str(Organisation._meta.get_field("town").verbose_name) in changed.summary
    assert changed.link == ("contacts.organisation", organisation.pk)
    left = next(i for i in items if i.kind == "membership_left")
    assert "zawieszenie działalności" in left.summary
    assert left.date == D(2023, 6, 30)


@pytest.mark.django_db
def test_viewer_does_not_see_interactions_or_participations(viewer) -> None:
    organisation = OrganisationFactory()
    _history_of_every_kind(organisation)
    kinds = {
        item.kind for item in organisation_timeline(user=viewer, organisation=organisation).items
    }
    assert "interaction" not in kinds
    assert "participation" not in kinds
    assert "membership_joined" in kinds


@pytest.mark.django_db
def test_other_organisations_history_is_not_in_the_timeline(team_member) -> None:
    mine, other = OrganisationFactory(), OrganisationFactory()
    _history_of_every_kind(other, copies=2)
    page = organisation_timeline(user=team_member, organisation=mine)
    assert [item.kind for item in page.items] == ["record_created"]


def _queries(user, organisation, page: int) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        result = organisation_timeline(user=user, organisation=organisation, page=page)
    return len(queries), result.total


@pytest.mark.django_db
def test_timeline_query_count_does_not_grow_with_items(team_member) -> None:
    few, many = OrganisationFactory(), OrganisationFactory()
    _history_of_every_kind(few, copies=1)  # 10 items
    _history_of_every_kind(many, copies=7)  # 64 items
    few_queries, few_total = _queries(team_member, few, page=1)
    many_queries, many_total = _queries(team_member, many, page=1)
    last_page_queries, _ = _queries(team_member, many, page=2)
    assert (few_total, many_total) == (10, 64)
    assert few_queries == many_queries == last_page_queries
    assert many_queries <= 20  # two per source (its rows, its count; mailings too) and the set-up


def test_page_size_is_bounded() -> None:
    with pytest.raises(ValueError):
        organisation_timeline(user=None, organisation=None, page_size=1000)  # type: ignore[arg-type]
