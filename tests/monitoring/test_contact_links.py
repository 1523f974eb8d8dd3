"""The support indicators count from ``ContactLink``, the contact log's copy kept by triggers:
it equals the log row for row after every kind of write, and the numbers it gives equal a count
from the log itself, on the demo data and after writes (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime
import io
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from contacts.models import Organisation
from contacts.services import organisation_merge
from crm.access import unscoped
from crm.top.monitoring.indicators import Period, compute
from crm.top.monitoring.indicators.support import year_bounds
from crm.top.monitoring.models import ContactLink
from interactions.models import Interaction
from interactions.services.interactions import interaction_log, interaction_update
from networks.models import Membership
from networks.services.memberships import membership_leave
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

Through = Interaction.organisations.through
CONTACT_INDICATORS = ("interactions", "advisory_hours", "organisations_advised")


def _copy() -> set[tuple[Any, ...]]:
    return set(
        ContactLink.objects.values_list(
            "link_id", "interaction_id", "organisation_id", "occurred_at", "kind",
            "duration_minutes", "is_first",
        )
    )  # fmt: skip


def _from_the_log() -> set[tuple[Any, ...]]:
    links = list(Through.objects.values_list("id", "interaction_id", "organisation_id"))
    first: dict[int, int] = {}
    for _id, contact, organisation in links:
        first[contact] = min(first.get(contact, organisation), organisation)
    contacts = {
        row[0]: row[1:]
        for row in Interaction.objects.values_list("id", "occurred_at", "kind", "duration_minutes")
    }
    return {
        (link, contact, organisation, *contacts[contact], organisation == first[contact])
        for link, contact, organisation in links
    }


def _at(year: int, month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 10))


def test_the_copy_follows_every_write_to_the_contact_log(manager: Any) -> None:
    a, b, c = (OrganisationFactory() for _ in range(3))
    contact = interaction_log(
        actor=manager, kind="phone", organisation=b, subject="Telefon", occurred_at=_at(2025, 3, 3)
    )
    other = interaction_log(
        actor=manager, kind="meeting", organisation=c, subject="Spotkanie",
        occurred_at=_at(2025, 4, 4), organisations=[a],
    )  # fmt: skip
    assert _copy() == _from_the_log() and len(_copy()) == 3

    # An organisation with a lower id added: the contact now counts there.
    contact.organisations.add(a)
    assert ContactLink.objects.get(interaction=contact, is_first=True).organisation == a
    assert _copy() == _from_the_log()

    interaction_update(
        actor=manager, interaction=contact, kind="consultation", duration_minutes=90,
        occurred_at=_at(2024, 12, 30),
    )  # fmt: skip
    assert _copy() == _from_the_log()

    contact.organisations.remove(a)
    assert _copy() == _from_the_log()
    contact.organisations.set([c])
    assert _copy() == _from_the_log()

    # Bulk writes, as an import's, and a merge that moves every link of an organisation.
    Through.objects.bulk_create([Through(interaction=contact, organisation=a)])
    Interaction.objects.filter(pk=other.pk).update(kind="email", duration_minutes=5)
    assert _copy() == _from_the_log()
    # Several contacts' links in one statement, below and above each contact's first.
    d, e = OrganisationFactory(), OrganisationFactory()
    third = interaction_log(
        actor=manager, kind="phone", organisation=d, subject="Telefon", occurred_at=_at(2025, 5, 5)
    )
    Through.objects.bulk_create(
        [Through(interaction=third, organisation=o) for o in (e, c)]
        + [Through(interaction=other, organisation=d)]
    )
    assert ContactLink.objects.get(interaction=third, is_first=True).organisation == c
    assert _copy() == _from_the_log()
    organisation_merge(
        actor=manager, survivor=b, duplicate=a, keep={"name": "survivor", "nip": "survivor"}
    )
    assert _copy() == _from_the_log()

    contact.delete()
    assert _copy() == _from_the_log() and {row[1] for row in _copy()} == {other.pk, third.pk}


def _count_from_the_log(year: int) -> dict[str, Any]:
    """The three numbers as their definitions say, counted from the log in Python."""
    start, end = year_bounds(Period(year))
    now = timezone.now()
    contacts = {
        pk: (kind, minutes)
        for pk, kind, minutes in Interaction.objects.filter(
            occurred_at__gte=start, occurred_at__lt=end, occurred_at__lte=now
        ).values_list("pk", "kind", "duration_minutes")
    }
    organisations: dict[int, list[int]] = defaultdict(list)
    for contact, organisation in Through.objects.filter(interaction__in=list(contacts)).values_list(
        "interaction_id", "organisation_id"
    ):
        organisations[contact].append(organisation)
    region = dict(Organisation.objects.values_list("pk", "gmina__subregion"))
    counted = {pk: contacts[pk] for pk in organisations}
    minutes = sum(m or 0 for kind, m in counted.values() if kind == "consultation")
    advised = {
        o for pk, orgs in organisations.items() if contacts[pk][0] == "consultation" for o in orgs
    }
    return {
        "interactions": len(counted),
        "interactions_by_kind": Counter(kind for kind, _m in counted.values()),
        "interactions_by_subregion": Counter(region[min(orgs)] for orgs in organisations.values()),
        # Half up, as every number is shown: 4,455 minutes are 74.25 h, shown 74.3.
        "advisory_hours": (Decimal(minutes) / 60).quantize(Decimal("0.1"), ROUND_HALF_UP),
        "organisations_advised": len(advised),
    }


def _counted_by_the_indicators(year: int) -> dict[str, Any]:
    values = {key: compute(key, Period(year)) for key in CONTACT_INDICATORS}
    contacts = values["interactions"]
    return {
        "interactions": contacts.value,
        "interactions_by_kind": Counter({c.key: c.value for c in contacts.by_category}),
        "interactions_by_subregion": Counter({c.key: c.value for c in contacts.by_subregion}),
        "advisory_hours": values["advisory_hours"].value,
        "organisations_advised": values["organisations_advised"].value,
    }


@unscoped("the test compares every row")
def test_numbers_from_the_copy_equal_a_count_from_the_log_on_demo_data(manager: Any) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    assert _copy() == _from_the_log()
    years = sorted({d.year for d in Interaction.objects.dates("occurred_at", "year")})
    assert len(years) >= 2 and Through.objects.count() > 100
    for year in years:
        assert _counted_by_the_indicators(year) == _count_from_the_log(year), year

    # A contact added with two organisations, and a membership ended: counted again, equal.
    year = years[-1]
    lower, higher = Organisation.objects.order_by("pk")[:2]
    interaction_log(
        actor=manager, kind="consultation", organisation=higher, subject="Doradztwo",
        occurred_at=timezone.now() - datetime.timedelta(minutes=5), organisations=[lower],
        duration_minutes=45,
    )  # fmt: skip
    membership = Membership.objects.filter(left_on__isnull=True).first()
    assert membership is not None
    membership_leave(actor=manager, membership=membership, left_on=timezone.localdate())
    assert _copy() == _from_the_log()
    assert _counted_by_the_indicators(year) == _count_from_the_log(year)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL's kept trigger plans; SQLite has no statistics to mislead it",
)
def test_writing_links_never_reads_the_whole_copy_even_when_statistics_say_empty(
    manager: Any,
) -> None:
    """An import into a new installation: the statistics say the copy is empty, and a trigger
    that planned by them read all of it for every link written (quadratic in the import)."""
    organisations = [OrganisationFactory() for _ in range(3)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE monitoring_contactlink")  # "empty", as after a TRUNCATE
        for n in range(12):
            interaction_log(
                actor=manager, kind="phone", organisation=organisations[n % 3],
                subject="Telefon", occurred_at=_at(2025, 3, 3), organisations=organisations,
            )  # fmt: skip
        cursor.execute(
            "SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'monitoring_contactlink'"
        )
        (whole_reads,) = cursor.fetchone()

    assert ContactLink.objects.count() == 36 and _copy() == _from_the_log()
    assert whole_reads == 0
