"""Joining, leaving and rejoining networks; overlapping periods are refused."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from crm.audit.models import ActionLog
from networks.models import Membership, MembershipRole
from networks.services import (
    membership_change_role,
    membership_join,
    membership_leave,
    membership_move_representative,
)
from tests.contacts.factories import OrganisationFactory, PersonFactory
from tests.networks.factories import MembershipFactory, NetworkFactory, gmina_in

D = datetime.date


@pytest.mark.django_db
def test_join_starts_an_open_membership_and_logs_it(team_member) -> None:
    organisation = OrganisationFactory()
    network = NetworkFactory()
    membership = membership_join(
        actor=team_member, organisation=organisation, network=network, joined_on=D(2021, 5, 4)
    )
    assert membership.left_on is None
    assert membership.role == MembershipRole.MEMBER
    assert membership.history.first().history_user == team_member
    entry = ActionLog.objects.get(verb="networks.membership.started")
    assert entry.actor == team_member
    assert entry.details["organisation"] == organisation.pk


@pytest.mark.django_db
def test_second_open_membership_in_the_same_network_is_refused(team_member) -> None:
    organisation = OrganisationFactory()
    network = NetworkFactory()
    membership_join(
        actor=team_member, organisation=organisation, network=network, joined_on=D(2021, 5, 4)
    )
    with pytest.raises(ValidationError) as error:
        membership_join(
            actor=team_member, organisation=organisation, network=network, joined_on=D(2023, 1, 1)
        )
    message = " ".join(error.value.messages)
    assert "nakładają się" in message
    assert "overlap" in message
    assert Membership.objects.count() == 1


@pytest.mark.django_db
def test_a_past_period_inside_an_existing_one_is_refused(team_member) -> None:
    organisation = OrganisationFactory()
    network = NetworkFactory()
    MembershipFactory(
        organisation=organisation, network=network, joined_on=D(2018, 1, 1), left_on=D(2020, 1, 1)
    )
    with pytest.raises(ValidationError):
        membership_join(
            actor=team_member,
            organisation=organisation,
            network=network,
            joined_on=D(2019, 6, 1),
            left_on=D(2019, 9, 1),
        )
    with pytest.raises(ValidationError):  # open period starting before the old one ended
        membership_join(
            actor=team_member, organisation=organisation, network=network, joined_on=D(2016, 1, 1)
        )


@pytest.mark.django_db
def test_same_organisation_may_be_in_two_networks_at_once(team_member) -> None:
    organisation = OrganisationFactory()
    for network in (NetworkFactory(), NetworkFactory()):
        membership_join(
            actor=team_member, organisation=organisation, network=network, joined_on=D(2022, 1, 1)
        )
    assert organisation.memberships.count() == 2


@pytest.mark.django_db
def test_leaving_keeps_the_row_and_rejoining_on_the_day_of_leaving_works(team_member) -> None:
    organisation = OrganisationFactory()
    network = NetworkFactory()
    first = membership_join(
        actor=team_member, organisation=organisation, network=network, joined_on=D(2019, 3, 1)
    )
    membership_leave(
        actor=team_member, membership=first, left_on=D(2021, 6, 30), reason="likwidacja projektu"
    )
    second = membership_join(
        actor=team_member, organisation=organisation, network=network, joined_on=D(2021, 6, 30)
    )
    first.refresh_from_db()
    assert first.left_on == D(2021, 6, 30)
    assert first.left_reason == "likwidacja projektu"
    assert not first.is_active_on(D(2021, 6, 30))
    assert second.is_active_on(D(2021, 6, 30))
    assert Membership.objects.filter(organisation=organisation).count() == 2
    assert ActionLog.objects.filter(verb="networks.membership.ended").count() == 1


@pytest.mark.django_db
def test_an_ended_membership_cannot_end_again(team_member) -> None:
    membership = MembershipFactory(joined_on=D(2020, 1, 1), left_on=D(2021, 1, 1))
    with pytest.raises(ValidationError):
        membership_leave(actor=team_member, membership=membership, left_on=D(2022, 1, 1))
    membership.refresh_from_db()
    assert membership.left_on == D(2021, 1, 1)


@pytest.mark.django_db
def test_leaving_before_joining_is_refused(team_member) -> None:
    membership = MembershipFactory(joined_on=D(2020, 1, 1))
    with pytest.raises(ValidationError):
        membership_leave(actor=team_member, membership=membership, left_on=D(2019, 12, 31))


@pytest.mark.django_db
def test_joining_before_the_network_was_founded_is_refused(team_member) -> None:
    network = NetworkFactory(founded_on=D(2019, 10, 24))
    with pytest.raises(ValidationError):
        membership_join(
            actor=team_member,
            organisation=OrganisationFactory(),
            network=network,
            joined_on=D(2019, 1, 1),
        )


@pytest.mark.django_db
def test_role_change_and_new_representative_keep_the_old_values_in_history(team_member) -> None:
    membership = MembershipFactory()
    first, second = PersonFactory(), PersonFactory()
    membership_move_representative(actor=team_member, membership=membership, representative=first)
    membership_move_representative(actor=team_member, membership=membership, representative=second)
    membership_change_role(actor=team_member, membership=membership, role=MembershipRole.CHAIR)
    membership.refresh_from_db()
    assert membership.representative == second
    assert membership.role == MembershipRole.CHAIR
    past = [h.representative_id for h in membership.history.order_by("history_date")]
    assert first.pk in past
    assert ActionLog.objects.filter(verb="networks.membership.representative_moved").count() == 2
    assert ActionLog.objects.filter(verb="networks.membership.role_changed").count() == 1


@pytest.mark.django_db
def test_database_refuses_a_second_open_membership() -> None:
    existing = MembershipFactory(joined_on=D(2020, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            organisation=existing.organisation, network=existing.network, joined_on=D(2022, 1, 1)
        )


@pytest.mark.django_db
@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="exclusion constraints exist only on PostgreSQL"
)
def test_postgresql_refuses_overlapping_closed_periods_written_around_the_service() -> None:
    existing = MembershipFactory(joined_on=D(2018, 1, 1), left_on=D(2020, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            organisation=existing.organisation,
            network=existing.network,
            joined_on=D(2019, 1, 1),
            left_on=D(2019, 6, 1),
        )
    # Adjacent periods share no day: left_on is the first day outside.
    Membership.objects.create(
        organisation=existing.organisation,
        network=existing.network,
        joined_on=D(2020, 1, 1),
        left_on=D(2021, 1, 1),
    )


@pytest.mark.django_db
def test_owes_partner_adds_members_only_in_their_own_subregion(owes_partner) -> None:
    network = NetworkFactory()
    at_home = OrganisationFactory(gmina=gmina_in("bielski"))
    elsewhere = OrganisationFactory(gmina=gmina_in("suwalski"))
    membership_join(
        actor=owes_partner, organisation=at_home, network=network, joined_on=D(2024, 1, 1)
    )
    with pytest.raises(PermissionDenied):
        membership_join(
            actor=owes_partner, organisation=elsewhere, network=network, joined_on=D(2024, 1, 1)
        )
    assert list(Membership.objects.values_list("organisation", flat=True)) == [at_home.pk]


@pytest.mark.django_db
def test_owes_partner_cannot_end_a_membership_in_another_subregion(owes_partner) -> None:
    membership = MembershipFactory(organisation=OrganisationFactory(gmina=gmina_in("suwalski")))
    with pytest.raises(PermissionDenied):
        membership_leave(actor=owes_partner, membership=membership, left_on=D(2024, 1, 1))
    membership.refresh_from_db()
    assert membership.left_on is None


@pytest.mark.django_db
def test_viewer_cannot_write(viewer) -> None:
    membership = MembershipFactory()
    with pytest.raises(PermissionDenied):
        membership_join(
            actor=viewer,
            organisation=OrganisationFactory(),
            network=membership.network,
            joined_on=D(2024, 1, 1),
        )
    with pytest.raises(PermissionDenied):
        membership_leave(actor=viewer, membership=membership, left_on=D(2024, 1, 1))
    assert Membership.objects.count() == 1
