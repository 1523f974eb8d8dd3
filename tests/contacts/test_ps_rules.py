"""The PS status by the Act on the social economy: each rule refused through the service, on
its field, in Polish and in English; what the Act allows still goes through."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from contacts.models import Organisation, OrganisationKind, SocialEnterpriseStatus
from contacts.services import ps_status_grant, ps_status_lose
from crm.models import User
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

D = datetime.date
K = OrganisationKind
STATUTORY = SocialEnterpriseStatus.Kind.STATUTORY
LEGACY = SocialEnterpriseStatus.Kind.LEGACY


def refusal(manager: User, organisation: Organisation, **fields: object) -> dict[str, list[str]]:
    """The field → messages of a refused grant (in Polish)."""
    before = SocialEnterpriseStatus.objects.count()
    with translation.override("pl"), pytest.raises(ValidationError) as caught:
        ps_status_grant(actor=manager, organisation=organisation, **fields)  # type: ignore[arg-type]
    assert SocialEnterpriseStatus.objects.count() == before
    with translation.override("pl"):  # the messages are lazy: rendered here
        return caught.value.message_dict


def test_a_statutory_status_before_the_act_is_refused_on_the_grant_date(manager: User) -> None:
    errors = refusal(manager, OrganisationFactory(), kind=STATUTORY, granted_on=D(2020, 1, 1))
    assert list(errors) == ["granted_on"]
    assert "30.10.2022" in errors["granted_on"][0]
    assert "ustaw" in errors["granted_on"][0]  # Polish: "ustawa o ekonomii społecznej"


def test_a_statutory_status_from_the_day_the_act_came_into_force_is_granted(
    manager: User,
) -> None:
    status = ps_status_grant(
        actor=manager,
        organisation=OrganisationFactory(),
        kind=STATUTORY,
        granted_on=D(2022, 10, 30),
    )
    assert status.pk is not None


def test_a_legacy_status_granted_after_the_act_is_refused(manager: User) -> None:
    errors = refusal(manager, OrganisationFactory(), kind=LEGACY, granted_on=D(2024, 3, 1))
    assert list(errors) == ["granted_on"]
    assert "30.10.2022" in errors["granted_on"][0]


def test_a_legacy_status_lost_after_2023_is_refused_at_grant_and_at_loss(manager: User) -> None:
    organisation = OrganisationFactory()
    errors = refusal(
        manager, organisation, kind=LEGACY, granted_on=D(2019, 5, 1), lost_on=D(2024, 6, 30)
    )
    assert list(errors) == ["lost_on"]
    assert "01.01.2024" in errors["lost_on"][0]

    status = ps_status_grant(
        actor=manager, organisation=organisation, kind=LEGACY, granted_on=D(2019, 5, 1)
    )
    with pytest.raises(ValidationError) as caught:
        ps_status_lose(actor=manager, status=status, lost_on=D(2024, 6, 30))
    assert list(caught.value.message_dict) == ["lost_on"]
    status.refresh_from_db()
    assert status.lost_on is None
    assert ps_status_lose(actor=manager, status=status, lost_on=D(2024, 1, 1)).lost_on == D(
        2024, 1, 1
    )


@pytest.mark.parametrize(
    "kind",
    [K.KGW.value, K.FOUNDATION.value, K.INVALIDS_COOPERATIVE.value, K.NONPROFIT_COMPANY.value],
)
def test_the_kinds_the_act_lists_may_hold_the_statutory_status(manager: User, kind: str) -> None:
    organisation = OrganisationFactory(kind=kind)
    ps_status_grant(
        actor=manager, organisation=organisation, kind=STATUTORY, granted_on=D(2023, 2, 1)
    )
    assert organisation.ps_statuses.count() == 1


@pytest.mark.parametrize(
    "kind", [K.WTZ.value, K.ZAZ.value, K.CIS.value, K.KIS.value, K.BUSINESS.value, K.GMINA.value]
)
def test_units_businesses_and_public_bodies_may_not_hold_the_statutory_status(
    manager: User, kind: str
) -> None:
    errors = refusal(
        manager, OrganisationFactory(kind=kind), kind=STATUTORY, granted_on=D(2023, 2, 1)
    )
    assert list(errors) == ["kind"]
    label = str(K(kind).label)
    assert label[:1].upper() in errors["kind"][0]
    assert "art. 3" in errors["kind"][0]


def test_a_second_statutory_grant_overlapping_the_first_is_refused(manager: User) -> None:
    organisation = OrganisationFactory()
    first = ps_status_grant(
        actor=manager, organisation=organisation, kind=STATUTORY, granted_on=D(2023, 1, 10)
    )
    errors = refusal(manager, organisation, kind=STATUTORY, granted_on=D(2024, 5, 1))
    assert list(errors) == ["granted_on"]
    assert "10.01.2023" in errors["granted_on"][0]

    # Once the first was lost, a new grant from that day on is fine; one before it is not.
    ps_status_lose(actor=manager, status=first, lost_on=D(2024, 4, 30))
    refusal(manager, organisation, kind=STATUTORY, granted_on=D(2024, 4, 29))
    ps_status_grant(
        actor=manager, organisation=organisation, kind=STATUTORY, granted_on=D(2024, 4, 30)
    )
    assert organisation.ps_statuses.count() == 2


def test_losing_later_cannot_make_two_grants_overlap(manager: User) -> None:
    organisation = OrganisationFactory()
    first = ps_status_grant(
        actor=manager,
        organisation=organisation,
        kind=STATUTORY,
        granted_on=D(2023, 1, 10),
        lost_on=D(2023, 6, 1),
    )
    ps_status_grant(
        actor=manager, organisation=organisation, kind=STATUTORY, granted_on=D(2024, 1, 1)
    )
    with pytest.raises(ValidationError) as caught:
        ps_status_lose(actor=manager, status=first, lost_on=D(2024, 2, 1))
    assert list(caught.value.message_dict) == ["granted_on"]


def test_a_status_granted_after_the_organisation_closed_is_refused(manager: User) -> None:
    organisation = OrganisationFactory(founded_on=D(2015, 1, 1), closed_on=D(2023, 3, 31))
    errors = refusal(manager, organisation, kind=STATUTORY, granted_on=D(2023, 3, 31))
    assert list(errors) == ["granted_on"]
    assert "31.03.2023" in errors["granted_on"][0]
    ps_status_grant(
        actor=manager, organisation=organisation, kind=STATUTORY, granted_on=D(2023, 3, 30)
    )


def test_every_broken_rule_is_reported_at_once_and_in_english_too(manager: User) -> None:
    business = OrganisationFactory(kind=K.BUSINESS, closed_on=D(2021, 1, 1))
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        ps_status_grant(
            actor=manager, organisation=business, kind=STATUTORY, granted_on=D(2021, 6, 1)
        )
    with translation.override("en"):
        errors = caught.value.message_dict
    assert sorted(errors) == ["granted_on", "kind"]
    assert len(errors["granted_on"]) == 2
    assert "Act on the social economy" in " ".join(errors["granted_on"])
    assert "cannot hold the statutory PS status" in errors["kind"][0]
