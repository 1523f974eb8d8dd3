"""The one rule every service sets fields by (crm.services), seen through a real service."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from contacts.models import Organisation
from contacts.services import organisation_update
from crm.access import Action
from crm.audit.models import ActionLog
from crm.models import Gmina, User
from crm.services import assign, save_checked
from tests.contacts.factories import AffiliationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", ["id", "created_at", "created_by", "search_name"])
def test_a_protected_field_is_refused_and_nothing_is_written(manager: User, field: str) -> None:
    organisation = OrganisationFactory()
    before = Organisation.objects.values().get(pk=organisation.pk)

    with pytest.raises(TypeError, match=field):
        organisation_update(
            actor=manager, organisation=organisation, name="Nowa nazwa", **{field: None}
        )

    assert Organisation.objects.values().get(pk=organisation.pk) == before
    assert organisation.name == before["name"]  # refused before anything was set
    assert not ActionLog.objects.filter(verb="contacts.organisation.updated").exists()


def test_an_unknown_field_is_refused_before_anything_is_set() -> None:
    organisation = OrganisationFactory(name="Stara nazwa")

    with pytest.raises(TypeError, match="colour"):
        assign(organisation, {"name": "Nowa nazwa", "colour": "red"})

    assert organisation.name == "Stara nazwa"


@pytest.mark.parametrize("field", ["affiliations", "memberships", "serves_subregions"])
def test_relations_are_never_set_through_assign(field: str) -> None:
    organisation = OrganisationFactory()
    AffiliationFactory(organisation=organisation)

    with pytest.raises(TypeError, match=field):
        assign(organisation, {field: []})

    assert organisation.affiliations.count() == 1


def test_allowed_narrows_what_a_service_may_set() -> None:
    organisation = OrganisationFactory(name="Stara nazwa")

    with pytest.raises(TypeError, match="email"):
        assign(organisation, {"email": "biuro@example.pl"}, allowed={"name"})
    changes = assign(organisation, {"name": "Nowa nazwa"}, allowed={"name"})

    assert changes == {"name": ("Stara nazwa", "Nowa nazwa")}


def test_a_foreign_key_is_set_by_name_or_by_id() -> None:
    organisation = OrganisationFactory()
    old_gmina = organisation.gmina
    other = Gmina.objects.exclude(pk=old_gmina.pk).order_by("code").first()
    assert other is not None

    assert assign(organisation, {"gmina_id": other.pk}) == {"gmina_id": (old_gmina.pk, other.pk)}
    assert assign(organisation, {"gmina": old_gmina}) == {"gmina": (other, old_gmina)}


def test_an_unchanged_value_records_no_change(manager: User) -> None:
    organisation = OrganisationFactory(name="Spółdzielnia „Żubr”", email="biuro@zubr.example")
    history = organisation.history.count()

    changes = assign(organisation, {"name": "Spółdzielnia „Żubr”", "email": "biuro@zubr.example"})
    organisation_update(
        actor=manager, organisation=organisation, name="Spółdzielnia „Żubr”", email=""
    )
    organisation_update(actor=manager, organisation=organisation, email="")

    assert changes == {}
    assert organisation.history.count() == history + 1  # only the e-mail that did change
    entries = ActionLog.objects.filter(verb="contacts.organisation.updated")
    assert [entry.details["fields"] for entry in entries] == [["email"]]


def test_save_checked_validates_and_checks_access_before_saving(
    viewer: User, manager: User
) -> None:
    organisation = OrganisationFactory(name="Stara nazwa")

    organisation.name = "Nazwa widza"
    with pytest.raises(PermissionDenied):
        save_checked(organisation, actor=viewer, action=Action.CHANGE)
    organisation.nip = "1234567890"  # a wrong checksum
    with pytest.raises(ValidationError):
        save_checked(organisation, actor=manager, action=Action.CHANGE)

    assert Organisation.objects.get(pk=organisation.pk).name == "Stara nazwa"
