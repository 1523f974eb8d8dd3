"""crm.access: what each role sees and may change."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser

from contacts.models import Organisation, Person
from crm import access
from crm.access import Action
from crm.models import Gmina, User
from crm.users import Role
from tests.contacts.factories import AffiliationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_regions() -> tuple[Organisation, Organisation]:
    in_a = OrganisationFactory(gmina=Gmina.objects.get(code="2005011"))  # bielski
    in_b = OrganisationFactory(gmina=Gmina.objects.get(code="2063011"))  # suwalski
    return in_a, in_b


ROLES = ["admin_user", "manager", "team_member", "owes_partner", "viewer"]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_every_organisation(
    role: str, request: pytest.FixtureRequest, two_regions: tuple[Organisation, Organisation]
) -> None:
    user = request.getfixturevalue(role)
    assert access.scope(Organisation.objects.all(), user).count() == 2


@pytest.mark.parametrize(
    ("role", "editable"),
    [
        ("admin_user", 2),
        ("manager", 2),
        ("team_member", 2),
        ("owes_partner", 1),
        ("viewer", 0),
    ],
)
def test_who_may_change_which_organisations(
    role: str,
    editable: int,
    request: pytest.FixtureRequest,
    two_regions: tuple[Organisation, Organisation],
) -> None:
    user = request.getfixturevalue(role)
    changeable = access.scope(Organisation.objects.all(), user, Action.CHANGE)
    assert changeable.count() == editable
    in_a, in_b = two_regions
    assert access.can(user, Action.CHANGE, in_a) == (editable >= 1)
    assert access.can(user, Action.CHANGE, in_b) == (editable == 2)


def test_owes_partner_may_add_only_in_its_subregion(owes_partner: User) -> None:
    assert access.can(owes_partner, Action.ADD, Organisation(gmina_id=_gmina("2005011")))
    assert not access.can(owes_partner, Action.ADD, Organisation(gmina_id=_gmina("2063011")))
    assert not access.can(owes_partner, Action.ADD, Organisation())


def test_only_managers_and_admins_delete(team_member: User, manager: User) -> None:
    org = OrganisationFactory()
    assert not access.can(team_member, Action.DELETE, org)
    assert access.can(manager, Action.DELETE, org)


def test_anonymous_and_inactive_users_reach_nothing(manager: User) -> None:
    OrganisationFactory()
    assert access.scope(Organisation.objects.all(), AnonymousUser()).count() == 0
    manager.is_active = False
    assert access.scope(Organisation.objects.all(), manager).count() == 0


def test_viewers_see_no_personal_data(viewer: User, team_member: User) -> None:
    AffiliationFactory()
    assert access.scope(Person.objects.all(), viewer).count() == 0
    assert access.scope(Person.objects.all(), team_member).count() == 1
    assert not access.has_capability(viewer, "personal_data.view")


def test_owes_partner_changes_people_of_its_subregion_once_each(owes_partner: User) -> None:
    org = OrganisationFactory(gmina=Gmina.objects.get(code="2005011"))
    other = OrganisationFactory(gmina=Gmina.objects.get(code="2005042"))  # also bielski
    person = AffiliationFactory(organisation=org).person
    AffiliationFactory(person=person, organisation=other, role="członek")
    changeable = access.scope(Person.objects.all(), owes_partner, Action.CHANGE)
    assert list(changeable) == [person]


def _gmina(code: str) -> int:
    return Gmina.objects.only("id").get(code=code).pk


@pytest.mark.django_db
def test_what_a_role_sees_does_not_depend_on_who_holds_it(
    owes_partner: Any, subregion_b: Any
) -> None:
    """``view_key``: a query built through ``scope`` for one user is kept and run for every
    user of the same role (the organisation timeline keeps its two queries so)."""
    other = User.objects.create_user(
        username="owes-b", password="x-Password-1", role=Role.OWES_PARTNER
    )
    other.subregions.add(subregion_b)
    assert access.view_key(other) == access.view_key(owes_partner) == Role.OWES_PARTNER
    for model in apps.get_models():
        queryset = model._default_manager.all()
        mine, theirs = access.scope(queryset, owes_partner), access.scope(queryset, other)
        assert str(mine.query) == str(theirs.query), model
