"""The contact log: logging an interaction quickly, and reading it back."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from crm.audit.models import ActionLog
from crm.models import Gmina
from interactions import selectors
from interactions.models import Interaction, InteractionKind, Topic
from interactions.services import interaction_log, interaction_update
from tests.contacts.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_quick_log_fills_now_and_the_actor_as_staff(team_member):
    organisation = OrganisationFactory()
    before = timezone.now()

    interaction = interaction_log(
        actor=team_member,
        kind=InteractionKind.PHONE,
        organisation=organisation,
        subject="  Pytanie o klauzule społeczne ",
    )

    interaction.refresh_from_db()
    assert before <= interaction.occurred_at <= timezone.now()
    assert list(interaction.staff.all()) == [team_member]
    assert list(interaction.organisations.all()) == [organisation]
    assert interaction.subject == "Pytanie o klauzule społeczne"
    assert interaction.created_by == team_member
    assert interaction.history.first().history_user == team_member
    assert ActionLog.objects.filter(verb="interactions.interaction.logged").count() == 1


def test_full_log_keeps_everything_given(team_member, manager):
    organisation, partner = OrganisationFactory(), OrganisationFactory()
    person = PersonFactory()
    topics = list(Topic.objects.filter(slug__in=["social-clauses", "financing"]))
    when = timezone.make_aware(datetime.datetime(2025, 3, 4, 10, 30))

    interaction = interaction_log(
        actor=team_member,
        kind=InteractionKind.CONSULTATION,
        organisation=organisation,
        subject="Doradztwo",
        occurred_at=when,
        duration_minutes=90,
        notes="Omówiono biznesplan",
        staff=[team_member, manager],
        organisations=[partner],
        people=[person],
        topics=topics,
    )

    assert interaction.occurred_at == when
    assert interaction.duration_minutes == 90
    assert set(interaction.staff.all()) == {team_member, manager}
    assert set(interaction.organisations.all()) == {organisation, partner}
    assert set(interaction.topics.values_list("slug", flat=True)) == {"social-clauses", "financing"}
    assert list(interaction.people.all()) == [person]


def test_the_initial_topics_are_shipped_in_both_languages():
    topic = Topic.objects.get(slug="social-clauses")
    assert topic.name_pl == "klauzule społeczne"
    assert topic.name_en == "social clauses"
    assert Topic.objects.filter(slug__in=["ps-status", "employment", "networking"]).count() == 3


def test_viewer_cannot_log_and_owes_partner_only_in_own_subregion(viewer, owes_partner):
    bielski_organisation = OrganisationFactory()  # Hajnówka lies in the bielski subregion
    suwalki = OrganisationFactory(gmina=Gmina.objects.filter(subregion__slug="suwalski").first())

    with pytest.raises(PermissionDenied):
        interaction_log(
            actor=viewer, kind="meeting", organisation=bielski_organisation, subject="x"
        )
    with pytest.raises(PermissionDenied):
        interaction_log(actor=owes_partner, kind="meeting", organisation=suwalki, subject="x")
    logged = interaction_log(
        actor=owes_partner, kind="meeting", organisation=bielski_organisation, subject="ok"
    )
    assert logged.pk is not None


def test_update_replaces_lists_and_logs_only_field_names(team_member, manager):
    organisation = OrganisationFactory()
    interaction = interaction_log(
        actor=team_member, kind="meeting", organisation=organisation, subject="Spotkanie"
    )

    interaction_update(
        actor=manager, interaction=interaction, outcome="Umowa partnerska", staff=[manager]
    )

    assert list(interaction.staff.all()) == [manager]
    entry = ActionLog.objects.get(verb="interactions.interaction.updated")
    assert entry.details == {"fields": ["outcome", "staff"]}


def test_selectors_list_an_organisations_and_a_users_interactions_newest_first(
    team_member, manager, django_assert_max_num_queries
):
    organisation, other = OrganisationFactory(), OrganisationFactory()
    now = timezone.now()
    for days in (3, 1, 2):
        interaction_log(
            actor=team_member,
            kind="email",
            organisation=organisation,
            subject=f"{days} dni temu",
            occurred_at=now - datetime.timedelta(days=days),
        )
    interaction_log(actor=manager, kind="email", organisation=other, subject="inna")
    interaction_log(
        actor=manager,
        kind="email",
        organisation=organisation,
        subject="dawno",
        occurred_at=now - datetime.timedelta(days=100),
    )

    of_org = selectors.interactions_of_organisation(user=manager, organisation=organisation)
    with django_assert_max_num_queries(5):
        subjects = [(i.subject, [s.username for s in i.staff.all()]) for i in of_org]
    assert [s for s, _staff in subjects] == ["1 dni temu", "2 dni temu", "3 dni temu", "dawno"]
    mine = selectors.interactions_of_user(user=manager, staff_member=team_member)
    assert mine.count() == 3
    recent = selectors.interactions_recent(user=manager, days=30)
    assert set(recent.values_list("subject", flat=True)) == {
        "1 dni temu",
        "2 dni temu",
        "3 dni temu",
        "inna",
    }
    assert Interaction.objects.count() == 5


def test_viewer_sees_no_interactions_because_they_hold_personal_data(team_member, viewer):
    organisation = OrganisationFactory()
    interaction_log(actor=team_member, kind="email", organisation=organisation, subject="x")
    assert selectors.interactions_recent(user=viewer).count() == 0
