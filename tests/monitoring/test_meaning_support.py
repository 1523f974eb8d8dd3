"""Support given (contacts, advice, events), JST documents and recommendations mean their names:
what has taken place counts, plans do not (answers written by hand)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from contacts.models import Organisation, OrganisationKind
from crm.models import Gmina
from crm.top.monitoring.indicators import Period, compute, records
from crm.top.monitoring.models import Recommendation, StrategicDocument
from interactions.models import Event, Interaction, Participation
from tests.contacts.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def _at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def _contact(
    kind: str, when: datetime.datetime, *orgs: Organisation, minutes: object = None
) -> None:
    contact = Interaction.objects.create(
        kind=kind, occurred_at=when, duration_minutes=minutes, subject="kontakt"
    )
    contact.organisations.set(orgs)


@pytest.fixture
def contacts_world() -> dict[str, Organisation]:
    a, b, c, d = (OrganisationFactory() for _ in range(4))
    _contact("consultation", _at(2025, 3, 3), a, b, minutes=90)  # one contact, two organisations
    _contact("consultation", _at(2025, 12, 31, 23, 30), a, minutes=30)  # still 2025 in Warsaw
    _contact("meeting", _at(2025, 5, 5), b, minutes=45)
    _contact("consultation", _at(2025, 7, 7), c)  # no duration: counts, adds no hours
    _contact("consultation", _at(2025, 4, 4), minutes=600)  # no organisation: not counted
    _contact("consultation", _at(2026, 1, 1, 0, 30), d, minutes=60)  # the next year
    return {"a": a, "b": b, "c": c, "d": d}


def test_interactions_count_contacts_with_organisations_once_each(contacts_world: dict) -> None:
    value = compute("interactions", Period(2025))
    assert value.value == 4
    assert {c.key: c.value for c in value.by_category} == {"consultation": 3, "meeting": 1}


def test_interactions_planned_for_later_do_not_count_yet() -> None:
    org = OrganisationFactory()
    past = timezone.now() - datetime.timedelta(seconds=1)
    _contact("meeting", past, org)
    _contact("meeting", timezone.now() + datetime.timedelta(hours=1), org)  # planned
    _contact("consultation", timezone.now() + datetime.timedelta(hours=1), org, minutes=60)
    year = timezone.localtime(past).year
    assert compute("interactions", Period(year)).value == 1
    assert compute("advisory_hours", Period(year)).value == Decimal("0.0")


def test_advisory_hours_add_up_consultations_of_the_year_in_hours(contacts_world: dict) -> None:
    assert compute("advisory_hours", Period(2025)).value == Decimal("2.0")  # (90 + 30 + 0) / 60


def test_organisations_advised_count_each_organisation_once(
    contacts_world: dict, manager: object
) -> None:
    assert compute("organisations_advised", Period(2025)).value == 3
    found, _kind = records("organisations_advised", Period(2025, user=manager))
    assert set(found) == {contacts_world["a"], contacts_world["b"], contacts_world["c"]}


@pytest.fixture
def events_world() -> dict[str, Organisation]:
    org, other, absent = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    fair = Event.objects.create(
        kind="fair",
        title="Targi",
        starts_on=D(2025, 9, 12),
        gmina=Gmina.objects.get(code="2061011"),
    )
    Event.objects.create(kind="training", title="Szkolenie 2024", starts_on=D(2024, 9, 12))
    for person in (PersonFactory(), PersonFactory()):
        Participation.objects.create(event=fair, person=person, organisation=org, status="attended")
    Participation.objects.create(event=fair, organisation=other, status="attended")
    Participation.objects.create(event=fair, person=PersonFactory(), status="no_show")
    Participation.objects.create(event=fair, organisation=absent, status="registered")
    return {"org": org, "other": other, "absent": absent}


def test_events_count_events_begun_in_the_year_listed_as_themselves(
    events_world: dict, manager: object
) -> None:
    assert compute("events", Period(2025)).value == 1
    found, kind = records("events", Period(2025, user=manager))
    assert kind == "event"
    assert [e.title for e in found] == ["Targi"]


def test_events_planned_for_later_do_not_count_yet() -> None:
    today = timezone.localdate()
    Event.objects.create(kind="training", title="Dziś", starts_on=today)
    Event.objects.create(kind="gala", title="Jutro", starts_on=today + datetime.timedelta(days=1))
    assert compute("events", Period(today.year)).value == 1


def test_event_participants_count_attendances(events_world: dict) -> None:
    # two people of one organisation and one organisation without a named person
    assert compute("event_participants", Period(2025)).value == 3


def test_event_organisations_count_each_organisation_present_once(
    events_world: dict, manager: object
) -> None:
    assert compute("event_organisations", Period(2025)).value == 2
    found, _kind = records("event_organisations", Period(2025, user=manager))
    assert set(found) == {events_world["org"], events_world["other"]}


@pytest.fixture
def documents_world() -> None:
    def jst(kind: str) -> Organisation:
        return OrganisationFactory(kind=kind, nip=None)

    def document(org: Organisation, adopted: datetime.date, until: object, se: bool) -> None:
        StrategicDocument.objects.create(
            organisation=org,
            title=f"Dokument {org.pk} {adopted:%Y}",
            kind="development",
            adopted_on=adopted,
            valid_until=until,
            has_se_provisions=se,
        )

    both = jst(OrganisationKind.GMINA)
    document(both, D(2021, 3, 1), D(2027, 12, 31), True)
    document(both, D(2024, 2, 1), None, True)  # a second one: the JST still counts once
    expired = jst(OrganisationKind.POWIAT)
    document(expired, D(2024, 11, 20), D(2025, 6, 30), True)
    silent = jst(OrganisationKind.CITY)
    document(silent, D(2024, 5, 5), None, False)


def test_jst_se_documents_count_each_jst_with_a_document_in_force_on_31_december(
    documents_world: None,
) -> None:
    assert compute("jst_se_documents", Period(2025)).value == 1
    assert compute("jst_se_documents", Period(2024)).value == 2
    assert compute("jst_se_documents", Period(2020)).value == 0


def test_se_documents_adopted_count_documents_with_se_provisions_adopted_in_the_year(
    documents_world: None, manager: object
) -> None:
    assert compute("se_documents_adopted", Period(2024)).value == 2
    found, kind = records("se_documents_adopted", Period(2024, user=manager))
    assert kind == "strategicdocument" and len(list(found)) == 2
    assert compute("se_documents_adopted", Period(2021)).value == 1


@pytest.fixture
def recommendations_world() -> None:
    implemented = Recommendation.Status.IMPLEMENTED
    for year, status, on in (
        (2024, implemented, D(2025, 6, 1)),
        (2025, Recommendation.Status.PROPOSED, None),
        (2025, implemented, D(2025, 9, 1)),
        (2025, Recommendation.Status.REJECTED, None),
    ):
        Recommendation.objects.create(
            monitoring_year=year,
            text="Rekomendacja",
            addressee="JST",
            status=status,
            implemented_on=on,
        )


def test_recommendations_made_count_the_monitoring_of_the_year(
    recommendations_world: None,
) -> None:
    assert compute("recommendations_made", Period(2025)).value == 3
    assert compute("recommendations_made", Period(2024)).value == 1


def test_recommendations_implemented_count_implementation_in_the_year(
    recommendations_world: None,
) -> None:
    assert compute("recommendations_implemented", Period(2025)).value == 2
    assert compute("recommendations_implemented", Period(2024)).value == 0
