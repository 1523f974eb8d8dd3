"""Partnerships: status from the dates, parties, access, and JST–PES cooperation counts."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import OrganisationKind
from crm.audit.models import ActionLog
from networks.models import Partnership, PartnershipKind, PartyRole
from networks.selectors import (
    jst_pes_partnerships,
    organisation_partnerships,
    organisation_partnerships_per_year,
    partnership_list,
)
from networks.services import partnership_add_party, partnership_create, partnership_update
from tests.contacts.factories import OrganisationFactory
from tests.networks.factories import PartnershipFactory, PartnershipPartyFactory, gmina_in

D = datetime.date


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2023, 12, 31), "planned"),
        (D(2024, 1, 1), "active"),
        (D(2024, 12, 31), "active"),  # ends_on is the last day in force
        (D(2025, 1, 1), "ended"),
    ],
)
def test_status_follows_from_the_dates_in_python_and_in_sql(viewer, day, expected) -> None:
    partnership = PartnershipFactory(starts_on=D(2024, 1, 1), ends_on=D(2024, 12, 31))
    assert partnership.status_on(day) == expected
    assert partnership_list(user=viewer, on=day).get(pk=partnership.pk).status_now == expected


@pytest.mark.django_db
def test_open_ended_partnership_stays_in_force(viewer) -> None:
    partnership = PartnershipFactory(starts_on=D(2020, 1, 1), ends_on=None)
    assert partnership.status_on(D(2040, 1, 1)) == "active"
    assert partnership_list(user=viewer, on=D(2040, 1, 1)).get().status_now == "active"


@pytest.mark.django_db
def test_create_records_parties_and_logs(team_member) -> None:
    gmina = OrganisationFactory(kind=OrganisationKind.GMINA, name="Gmina Hajnówka")
    cooperative = OrganisationFactory()
    partnership = partnership_create(
        actor=team_member,
        title="Catering w szkołach",
        kind=PartnershipKind.SOCIAL_CLAUSE,
        starts_on=D(2024, 9, 1),
        ends_on=D(2025, 6, 30),
        value_pln=Decimal("84500.00"),
        parties=[(gmina, PartyRole.FUNDER), (cooperative, PartyRole.CONTRACTOR)],
    )
    assert {(p.organisation, p.role) for p in partnership.parties.all()} == {
        (gmina, PartyRole.FUNDER),
        (cooperative, PartyRole.CONTRACTOR),
    }
    assert ActionLog.objects.filter(verb="networks.partnership.created").count() == 1


@pytest.mark.django_db
def test_create_refuses_no_parties_and_dates_out_of_order(team_member) -> None:
    with pytest.raises(ValidationError):
        partnership_create(
            actor=team_member, title="x", kind="other", starts_on=D(2024, 1, 1), parties=[]
        )
    with pytest.raises(ValidationError):
        partnership_create(
            actor=team_member,
            title="x",
            kind="other",
            starts_on=D(2024, 1, 1),
            ends_on=D(2023, 1, 1),
            parties=[(OrganisationFactory(), PartyRole.LEAD)],
        )
    assert not Partnership.objects.exists()


@pytest.mark.django_db
def test_owes_partner_records_partnerships_only_with_a_party_at_home(owes_partner) -> None:
    at_home = OrganisationFactory(gmina=gmina_in("bielski"))
    elsewhere = OrganisationFactory(gmina=gmina_in("suwalski"))
    partnership = partnership_create(
        actor=owes_partner,
        title="Wspólny projekt",
        kind=PartnershipKind.JOINT_PROJECT,
        starts_on=D(2024, 1, 1),
        parties=[(at_home, PartyRole.LEAD), (elsewhere, PartyRole.PARTNER)],
    )
    with pytest.raises(PermissionDenied):
        partnership_create(
            actor=owes_partner,
            title="Cudzy projekt",
            kind=PartnershipKind.JOINT_PROJECT,
            starts_on=D(2024, 1, 1),
            parties=[(elsewhere, PartyRole.LEAD)],
        )
    foreign = PartnershipPartyFactory(organisation=elsewhere).partnership
    with pytest.raises(PermissionDenied):
        partnership_add_party(actor=owes_partner, partnership=foreign, organisation=at_home)
    partnership_update(actor=owes_partner, partnership=partnership, title="Wspólny projekt II")
    assert Partnership.objects.get(pk=partnership.pk).title == "Wspólny projekt II"


@pytest.mark.django_db
def test_viewer_cannot_record_or_change_partnerships(viewer) -> None:
    party = PartnershipPartyFactory()
    with pytest.raises(PermissionDenied):
        partnership_create(
            actor=viewer,
            title="x",
            kind="other",
            starts_on=D(2024, 1, 1),
            parties=[(party.organisation, PartyRole.LEAD)],
        )
    with pytest.raises(PermissionDenied):
        partnership_update(actor=viewer, partnership=party.partnership, title="y")


@pytest.mark.django_db
def test_adding_the_same_party_twice_is_refused(team_member) -> None:
    party = PartnershipPartyFactory()
    with pytest.raises(ValidationError):
        partnership_add_party(
            actor=team_member, partnership=party.partnership, organisation=party.organisation
        )


@pytest.mark.django_db
def test_partnerships_of_an_organisation_over_time(viewer) -> None:
    organisation = OrganisationFactory()
    for year, role in [(2021, PartyRole.LEAD), (2023, PartyRole.PARTNER), (2023, PartyRole.LEAD)]:
        PartnershipPartyFactory(
            organisation=organisation,
            role=role,
            partnership=PartnershipFactory(starts_on=D(year, 3, 1), value_pln=Decimal("1000")),
        )
    PartnershipPartyFactory()  # someone else's
    listed = list(organisation_partnerships(user=viewer, organisation=organisation))
    assert [p.starts_on.year for p in listed] == [2023, 2023, 2021]
    assert listed[-1].own_role == PartyRole.LEAD
    per_year = organisation_partnerships_per_year(user=viewer, organisation=organisation)
    assert [(r.year, r.count, r.value_pln) for r in per_year] == [
        (2021, 1, Decimal("1000")),
        (2023, 2, Decimal("2000")),
    ]


@pytest.mark.django_db
def test_jst_pes_partnerships_per_year_and_subregion_in_one_query(manager) -> None:
    bielski, suwalski = gmina_in("bielski"), gmina_in("suwalski")
    jst = OrganisationFactory(kind=OrganisationKind.GMINA, gmina=bielski, nip=None)
    pes_b = OrganisationFactory(gmina=bielski)
    pes_s = OrganisationFactory(kind=OrganisationKind.FOUNDATION, gmina=suwalski)
    business = OrganisationFactory(kind=OrganisationKind.BUSINESS, gmina=bielski)

    def make(year, kind, value, *organisations):
        partnership = PartnershipFactory(starts_on=D(year, 5, 1), kind=kind, value_pln=value)
        for organisation in organisations:
            PartnershipPartyFactory(partnership=partnership, organisation=organisation)

    make(2023, PartnershipKind.SOCIAL_CLAUSE, Decimal("50000"), jst, pes_b)
    make(2023, PartnershipKind.COOPERATION, Decimal("0"), jst, pes_b)
    make(2023, PartnershipKind.COMMISSIONED_TASK, Decimal("12000.50"), jst, pes_s)
    make(2024, PartnershipKind.SOCIAL_CLAUSE, Decimal("30000"), jst, pes_s)
    make(2024, PartnershipKind.SUBCONTRACTING, Decimal("999"), business, pes_b)  # no JST
    make(2024, PartnershipKind.COOPERATION, Decimal("5"), jst, business)  # no PES
    with CaptureQueriesContext(connection) as queries:
        rows = jst_pes_partnerships(user=manager)
    assert len(queries) == 1
    assert [(r.year, r.subregion, r.count, r.value_pln, r.with_social_clause) for r in rows] == [
        (2023, "bielski", 2, Decimal("50000"), 1),
        (2023, "suwalski", 1, Decimal("12000.50"), 0),
        (2024, "suwalski", 1, Decimal("30000"), 1),
    ]
    assert [r.year for r in jst_pes_partnerships(user=manager, start_year=2024)] == [2024]
