"""Organisations: identifiers unique when present, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from contacts.models import Organisation, OrganisationKind, Person
from contacts.services import (
    organisation_create,
    organisation_update,
    person_create,
    ps_status_grant,
)
from crm.audit.models import ActionLog
from crm.models import Gmina, User
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", ["nip", "regon", "krs"])
def test_database_refuses_a_second_organisation_with_the_same_identifier(field: str) -> None:
    values = {"nip": "9720078986", "regon": "345794300", "krs": "0000612345"}
    Organisation.objects.create(name="A", kind="association", **{field: values[field]})
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="B", kind="association", **{field: values[field]})


def test_many_organisations_may_have_no_identifiers() -> None:
    Organisation.objects.create(name="KGW A", kind=OrganisationKind.KGW)
    Organisation.objects.create(name="KGW B", kind=OrganisationKind.KGW)
    assert Organisation.objects.filter(nip__isnull=True).count() == 2


def test_create_stores_the_nip_compact_whatever_the_spelling(manager: User) -> None:
    org = organisation_create(
        actor=manager,
        name="Spółdzielnia Socjalna „Żubrowe Smaki”",
        kind=OrganisationKind.SOCIAL_COOPERATIVE,
        nip="PL 972-007-89-86",
        krs="612345",
        phones=["tel. 85 682 11 22; 85 682 11 23"],
        gmina=Gmina.objects.get(code="2005011"),
    )
    org.refresh_from_db()
    assert (org.nip, org.krs) == ("9720078986", "0000612345")
    assert org.phones == ["+48856821122", "+48856821123"]
    assert org.search_name == "spoldzielnia socjalna zubrowe smaki"
    assert ActionLog.objects.filter(verb="contacts.organisation.created").count() == 1
    assert org.history.first().history_user == manager


def test_a_duplicate_nip_in_another_spelling_is_a_validation_error(manager: User) -> None:
    OrganisationFactory(nip="9720078986")
    with pytest.raises(ValidationError) as error:
        organisation_create(actor=manager, name="Dup", kind="association", nip="972-007-89-86")
    assert "nip" in error.value.message_dict


def test_a_wrong_nip_checksum_is_reported_on_the_field(manager: User) -> None:
    with pytest.raises(ValidationError) as error:
        organisation_create(actor=manager, name="X", kind="association", nip="4115094091")
    assert (
        "suma kontrolna" in error.value.message_dict["nip"][0]
        or "checksum" in (error.value.message_dict["nip"][0])
    )


def test_owes_partner_edits_only_in_its_subregion(owes_partner: User) -> None:
    bielski = OrganisationFactory(gmina=Gmina.objects.get(code="2005011"))  # Hajnówka
    suwalski = OrganisationFactory(gmina=Gmina.objects.get(code="2063011"))  # Suwałki
    organisation_update(actor=owes_partner, organisation=bielski, short_name="OK")
    with pytest.raises(PermissionDenied):
        organisation_update(actor=owes_partner, organisation=suwalski, short_name="No")
    suwalski.refresh_from_db()
    assert suwalski.short_name == ""


def test_viewer_cannot_write(viewer: User) -> None:
    with pytest.raises(PermissionDenied):
        organisation_create(actor=viewer, name="X", kind="association")
    assert not Organisation.objects.exists()


def test_person_email_is_one_address_whatever_its_case(team_member: User) -> None:
    person_create(actor=team_member, last_name="Łukaszuk", email="Anna.Lukaszuk@Example.PL")
    with pytest.raises(ValidationError):
        person_create(actor=team_member, last_name="Łukaszuk", email="anna.lukaszuk@example.pl")
    assert Person.objects.get().email == "anna.lukaszuk@example.pl"


def test_ps_status_dates_must_be_in_order(manager: User) -> None:
    import datetime

    org = OrganisationFactory()
    status = ps_status_grant(
        actor=manager, organisation=org, kind="statutory", granted_on=datetime.date(2024, 5, 1)
    )
    status.lost_on = datetime.date(2024, 1, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        status.save()
