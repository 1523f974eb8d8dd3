"""Ties between organisations: founders and OWES support recorded with their rules, and read
from either side together with the operator field (one truth for who runs a unit)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from contacts.models import OrganisationKind, OrganisationLink
from contacts.selectors import organisation_ties
from contacts.services import organisation_link_create, organisation_link_end
from contacts.timeline import organisation_timeline
from crm.audit.models import ActionLog
from crm.models import User
from crm.top.monitoring.graph.edges import ORGANISATIONAL, organisational_ties
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

D = datetime.date
K = OrganisationKind


def refused(**fields: object) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        organisation_link_create(**fields)  # type: ignore[arg-type]
    with translation.override("pl"):
        return caught.value.message_dict


def test_an_owes_supports_a_pes_and_the_tie_is_logged(manager: User) -> None:
    owes = OrganisationFactory(name="OWES Bielsk", kind=K.OWES)
    pes = OrganisationFactory(name="Spółdzielnia „Żubr”")
    link = organisation_link_create(
        actor=manager, organisation=pes, kind="owes_support", other=owes, started_on=D(2024, 2, 1)
    )
    assert link.is_active_on(D(2024, 2, 1))
    assert (
        ActionLog.objects.get(verb="contacts.organisation_link.created").details["other"] == owes.pk
    )
    organisation_link_end(actor=manager, link=link, ended_on=D(2025, 1, 1))
    assert not link.is_active_on(D(2025, 1, 1))


def test_owes_support_needs_an_owes_and_a_pes_and_no_tie_to_itself(manager: User) -> None:
    pes, gmina = OrganisationFactory(), OrganisationFactory(kind=K.GMINA)
    errors = refused(actor=manager, organisation=pes, kind="owes_support", other=gmina)
    assert list(errors) == ["other"]
    owes = OrganisationFactory(kind=K.OWES)
    errors = refused(actor=manager, organisation=gmina, kind="owes_support", other=owes)
    assert list(errors) == ["organisation"]
    assert "PES" in errors["organisation"][0]
    errors = refused(actor=manager, organisation=pes, kind="founded_by", other=pes)
    assert list(errors) == ["other"]
    assert not OrganisationLink.objects.exists()


def test_two_periods_of_the_same_tie_may_not_overlap(manager: User) -> None:
    cis, gmina = OrganisationFactory(kind=K.CIS, operator=None), OrganisationFactory(kind=K.GMINA)
    fields = {"actor": manager, "organisation": cis, "kind": "founded_by", "other": gmina}
    first = organisation_link_create(**fields, started_on=D(2015, 1, 1))
    errors = refused(**fields, started_on=D(2016, 1, 1))
    assert errors  # an open tie: the database's one-open rule or the period rule
    organisation_link_end(actor=manager, link=first, ended_on=D(2018, 1, 1))
    errors = refused(**fields, started_on=D(2017, 6, 1))
    assert list(errors) == ["started_on"]
    assert "01.01.2015" in errors["started_on"][0]
    organisation_link_create(**fields, started_on=D(2018, 1, 1))


def test_each_side_reads_its_ties_the_operator_field_among_them(
    manager: User, viewer: User
) -> None:
    association = OrganisationFactory(name="Stowarzyszenie „Razem”", kind=K.ASSOCIATION)
    wtz = OrganisationFactory(name="WTZ „Razem”", kind=K.WTZ, operator=association)
    owes = OrganisationFactory(name="OWES Bielsk", kind=K.OWES)
    gmina = OrganisationFactory(name="Gmina Hajnówka", kind=K.GMINA)
    organisation_link_create(
        actor=manager, organisation=association, kind="owes_support", other=owes
    )
    organisation_link_create(
        actor=manager,
        organisation=association,
        kind="founded_by",
        other=gmina,
        started_on=D(2001, 1, 1),
        ended_on=D(2002, 1, 1),
    )
    with translation.override("pl"):
        ties = organisation_ties(user=viewer, organisation=association)
        assert [(t.label, t.other.name) for t in ties] == [
            ("Prowadzi", "WTZ „Razem”"),
            ("Wspierany przez OWES", "OWES Bielsk"),
            ("Założony przez", "Gmina Hajnówka"),  # ended: listed last
        ]
        assert [
            (t.label, t.other.name) for t in organisation_ties(user=viewer, organisation=wtz)
        ] == [("Prowadzony przez", "Stowarzyszenie „Razem”")]
        assert [t.label for t in organisation_ties(user=viewer, organisation=owes)] == [
            "Wspiera jako OWES"
        ]
        assert [t.label for t in organisation_ties(user=viewer, organisation=gmina)] == [
            "Założyciel"
        ]


def test_ties_appear_on_both_timelines_and_in_the_cooperation_graph(
    manager: User, viewer: User
) -> None:
    association = OrganisationFactory(kind=K.ASSOCIATION)
    wtz = OrganisationFactory(kind=K.WTZ, operator=association, founded_on=D(2010, 1, 1))
    owes = OrganisationFactory(kind=K.OWES)
    organisation_link_create(
        actor=manager,
        organisation=association,
        kind="owes_support",
        other=owes,
        started_on=D(2024, 3, 1),
    )
    for side in (association, owes):
        kinds = [i.kind for i in organisation_timeline(user=viewer, organisation=side).items]
        assert "link_started" in kinds

    ties = {(t.a, t.b): t for t in organisational_ties(D(2024, 1, 1), D(2024, 12, 31), 50)}
    assert ties[tuple(sorted((association.pk, wtz.pk)))].type == ORGANISATIONAL
    assert tuple(sorted((association.pk, owes.pk))) in ties
    before = {(t.a, t.b) for t in organisational_ties(D(2023, 1, 1), D(2023, 12, 31), 50)}
    assert tuple(sorted((association.pk, owes.pk))) not in before
