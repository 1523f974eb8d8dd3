"""Operated units: a WTZ, ZAZ, CIS or KIS has an operator and may carry its NIP; two
independent organisations still cannot share one; the import finds a unit by operator's NIP,
kind, name and gmina."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from contacts.models import Organisation, OrganisationKind
from contacts.services import organisation_create, organisation_update
from contacts.services.units import (
    nip_holder,
    operated_unit_find,
    operated_units_by_key,
    unit_key,
)
from crm.models import Gmina, User
from tests.contacts.factories import OrganisationFactory, valid_nip

pytestmark = pytest.mark.django_db

K = OrganisationKind
NIP = "9720078986"


@pytest.fixture
def operator() -> Organisation:
    return OrganisationFactory(name="Stowarzyszenie „Razem”", kind=K.ASSOCIATION, nip=NIP)


def refused(manager: User, **fields: object) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        organisation_create(actor=manager, **fields)  # type: ignore[arg-type]
    with translation.override("pl"):
        return caught.value.message_dict


@pytest.mark.parametrize("kind", [K.WTZ, K.ZAZ, K.CIS, K.KIS])
def test_a_unit_without_an_operator_is_refused_on_the_operator_field(
    manager: User, kind: str
) -> None:
    errors = refused(manager, name="Warsztat", kind=kind)
    assert list(errors) == ["operator"]
    assert "osobowości prawnej" in errors["operator"][0]


def test_a_unit_carries_its_operators_nip_and_two_units_may_share_it(
    manager: User, operator: Organisation
) -> None:
    wtz = organisation_create(
        actor=manager, name="WTZ „Razem”", kind=K.WTZ, operator=operator, nip="972-007-89-86"
    )
    zaz = organisation_create(
        actor=manager, name="ZAZ „Razem”", kind=K.ZAZ, operator=operator, nip=NIP
    )
    assert Organisation.objects.filter(nip=NIP).count() == 3
    assert {wtz.operator_id, zaz.operator_id} == {operator.pk}


def test_two_independent_organisations_still_cannot_share_a_nip(
    manager: User, operator: Organisation
) -> None:
    errors = refused(manager, name="Fundacja", kind=K.FOUNDATION, nip=NIP)
    assert list(errors) == ["nip"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="Fundacja", kind=K.FOUNDATION, nip=NIP)


def test_a_unit_may_not_carry_the_nip_of_an_organisation_that_does_not_run_it(
    manager: User, operator: Organisation
) -> None:
    other = OrganisationFactory(kind=K.FOUNDATION)
    errors = refused(manager, name="WTZ", kind=K.WTZ, operator=other, nip=NIP)
    assert list(errors) == ["nip"]
    assert operator.name in errors["nip"][0]
    # Nor may an organisation take the NIP a gmina's CIS has of its own.
    own = valid_nip(4242)
    organisation_create(actor=manager, name="CIS w Hajnówce", kind=K.CIS, operator=other, nip=own)
    assert list(refused(manager, name="Spółdzielnia", kind=K.SOCIAL_COOPERATIVE, nip=own)) == [
        "nip"
    ]
    assert nip_holder(own, operator=other) is None  # ... but the CIS's siblings may


def test_only_units_have_an_operator_and_an_operator_is_no_unit(
    manager: User, operator: Organisation
) -> None:
    errors = refused(manager, name="Spółdzielnia", kind=K.SOCIAL_COOPERATIVE, operator=operator)
    assert list(errors) == ["operator"]
    wtz = organisation_create(actor=manager, name="WTZ", kind=K.WTZ, operator=operator)
    errors = refused(manager, name="KIS", kind=K.KIS, operator=wtz)
    assert list(errors) == ["operator"]
    assert wtz.name in errors["operator"][0]


def test_one_operator_runs_one_unit_of_a_kind_under_a_name_in_a_gmina(
    manager: User, operator: Organisation
) -> None:
    hajnowka, bielsk = Gmina.objects.get(code="2005011"), Gmina.objects.get(code="2003011")
    fields = {"kind": K.WTZ, "operator": operator, "gmina": hajnowka, "nip": NIP}
    organisation_create(actor=manager, name="Warsztat Terapii Zajęciowej", **fields)
    errors = refused(manager, name="WARSZTAT terapii zajeciowej", **fields)
    assert list(errors) == ["name"]
    # Another gmina, or another kind, is another unit.
    organisation_create(
        actor=manager, name="Warsztat Terapii Zajęciowej", **{**fields, "gmina": bielsk}
    )
    organisation_create(
        actor=manager, name="Warsztat Terapii Zajęciowej", **{**fields, "kind": K.ZAZ}
    )
    assert operator.operated_units.count() == 3


def test_moving_a_unit_to_an_operator_with_a_unit_of_that_name_is_refused(
    manager: User, operator: Organisation
) -> None:
    other = OrganisationFactory(kind=K.FOUNDATION)
    organisation_create(actor=manager, name="CIS", kind=K.CIS, operator=operator)
    moving = organisation_create(actor=manager, name="CIS", kind=K.CIS, operator=other)
    with pytest.raises(ValidationError) as caught:
        organisation_update(actor=manager, organisation=moving, operator=operator)
    assert list(caught.value.message_dict) == ["name"]


def test_the_import_finds_a_unit_by_operator_nip_kind_name_and_gmina(
    manager: User, operator: Organisation
) -> None:
    hajnowka = Gmina.objects.get(code="2005011")
    wtz = organisation_create(
        actor=manager,
        name="Warsztat Terapii Zajęciowej „Razem”",
        kind=K.WTZ,
        operator=operator,
        nip=NIP,
        gmina=hajnowka,
    )
    found = operated_unit_find(
        operator_nip=NIP, kind=K.WTZ, name="WARSZTAT TERAPII ZAJECIOWEJ RAZEM", gmina=hajnowka
    )
    assert found == wtz
    assert operated_unit_find(operator_nip=NIP, kind=K.ZAZ, name=wtz.name, gmina=hajnowka) is None
    assert operated_unit_find(operator_nip=NIP, kind=K.WTZ, name=wtz.name, gmina=None) is None
    assert (
        operated_unit_find(operator_nip=valid_nip(7), kind=K.WTZ, name=wtz.name, gmina=hajnowka)
        is None
    )

    keys = [
        unit_key(operator, K.WTZ, "Warsztat terapii zajęciowej Razem", hajnowka.pk),
        unit_key(operator, K.ZAZ, "ZAZ", None),
    ]
    assert operated_units_by_key(keys) == {keys[0]: wtz.pk}
