"""Indicators over networks and partnerships (dates as ``networks.selectors`` define them).

A membership covers ``joined_on`` up to the day before ``left_on``: an organisation that left
on 31 December is not a member at the end of the year, and neither is one that (or whose
network) closed by then. A network counts from its founding date (or, unknown, from when it
was first recorded) as an organisation does (``lifetime``). A partnership's ``ends_on`` is its
last day; a partnership counts in every year it is in force, and its value once, in the year it
starts.
"""

from __future__ import annotations

import datetime
import functools

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from contacts.models import JST_KINDS, PES_KINDS, Organisation
from crm.top.monitoring.indicators import lifetime
from crm.top.monitoring.indicators.base import Measure, Period, filtered, indicator
from crm.top.monitoring.indicators.organisations import KIND_LABELS, ORG_POWIAT, ORG_SUBREGION
from networks.models import (
    Membership,
    Network,
    NetworkKind,
    Partnership,
    PartnershipKind,
    PartnershipParty,
    PartyRole,
)
from networks.selectors.memberships import active_on as membership_active_on

NETWORK_KIND_LABELS = dict(NetworkKind.choices)
PARTNERSHIP_KIND_LABELS = dict(PartnershipKind.choices)
JST = sorted(JST_KINDS)
PES = sorted(PES_KINDS)
MEMBERSHIP_NAME = ("organisation", "network")  # a membership reads "organisation — network"


@indicator("networks_active")
def networks_active(period: Period) -> Measure:
    """Networks active on 31 December, by kind and the subregion they cover."""
    return Measure(
        queryset=Network.objects.filter(lifetime.active_on(period.end)),
        value=Count("pk"),
        subregion="subregion",
        category="kind",
        category_labels=NETWORK_KIND_LABELS,
        organisation_path=None,
    )


def _memberships(condition: Q) -> Measure:
    return filtered(
        Membership.objects.all(),
        condition,
        value=Count("pk"),
        subregion=f"organisation__{ORG_SUBREGION}",
        powiat=f"organisation__{ORG_POWIAT}",
        category="network__kind",
        category_labels=NETWORK_KIND_LABELS,
        organisation_path=None,
        related=MEMBERSHIP_NAME,
    )


def member_on(day: datetime.date, prefix: str = "") -> Q:
    """The membership covers ``day`` and neither its organisation nor its network had closed."""
    return (
        membership_active_on(day, prefix)
        & lifetime.open_on(day, f"{prefix}organisation__")
        & lifetime.open_on(day, f"{prefix}network__")
    )


@indicator("network_members")
def network_members(period: Period) -> Measure:
    """Memberships (organisation in a network) that cover 31 December."""
    return _memberships(member_on(period.end))


@indicator("network_members_new")
def network_members_new(period: Period) -> Measure:
    """Memberships that began in the year."""
    return _memberships(Q(joined_on__range=(period.start, period.end)))


@indicator("network_members_left")
def network_members_left(period: Period) -> Measure:
    """Memberships that ended in the year."""
    return _memberships(Q(left_on__range=(period.start, period.end)))


@indicator("network_retention")
def network_retention(period: Period) -> Measure:
    """Of the organisations that joined a network in the year, the share that are its members
    on 31 December — through the same period or after rejoining (``networks.selectors.retention``
    per network, summed over networks)."""
    same_pair = Membership.objects.filter(
        organisation=OuterRef("organisation"), network=OuterRef("network")
    )
    first_joins = Membership.objects.filter(joined_on__range=(period.start, period.end)).exclude(
        Exists(same_pair.filter(joined_on__gte=period.start, joined_on__lt=OuterRef("joined_on")))
    )
    measure = _memberships(Q(pk__in=first_joins.values("pk")))
    # The pair is the outer row's organisation and network: whether they are still open is read
    # from the row itself, not in the subquery. Most who joined are still in through the same
    # membership: that is read from the row too, and only the others ask the index whether
    # they rejoined (one probe per joiner was ~250 ms a year at 75,000 memberships).
    still_open = lifetime.open_on(period.end, "organisation__") & lifetime.open_on(
        period.end, "network__"
    )
    rejoined = Exists(same_pair.filter(membership_active_on(period.end)))
    return Measure(
        queryset=measure.queryset.annotate(
            still_in=Case(
                When(still_open & membership_active_on(period.end), then=1),
                When(still_open & Q(rejoined), then=1),
                default=0,
                output_field=IntegerField(),
            )
        ),
        value=Sum("still_in"),
        denominator=Count("pk"),
        subregion=measure.subregion,
        powiat=measure.powiat,
        category=measure.category,
        category_labels=measure.category_labels,
        organisation_path=None,
        related=MEMBERSHIP_NAME,
        decimals=1,
    )


def _in_force(period: Period, prefix: str = "") -> Q:
    return Q(**{f"{prefix}starts_on__lte": period.end}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": period.start})
    )


def _jst_and_pes() -> tuple[Exists, Exists]:
    parties = PartnershipParty.objects.filter(partnership=OuterRef("pk"))
    return (
        Exists(parties.filter(organisation__kind__in=JST)),
        Exists(parties.filter(organisation__kind__in=PES)),
    )


def _placing_parties() -> QuerySet[PartnershipParty]:
    """The PES party each partnership with a JST party and a PES party counts at: its lead PES
    party when it has several, else the first recorded (as
    ``networks.selectors.jst_pes_partnerships``).

    One pass over every party (a window per partnership), not looked up per partnership (two
    lookups per partnership were ~400 ms of the indicator page at 20,000 partnerships): the
    parties ranked PES first, then lead, then as recorded, so the first is the PES party it
    counts at whenever it has one; whether it has a JST party and a PES party is read in the
    same pass. The conditions read ``<= 1`` and ``>= 1`` (the same rows: a rank is never below
    1, a flag never above it): the planner, which cannot know how many rows a window keeps,
    guesses a third for these and 1 in 200 for ``= 1``; with that guess it expected a handful
    of partnerships and joined the 20,000 one by one (1.3 s at load 4, against 0.6 s joined
    whole)."""
    is_pes = Case(When(organisation__kind__in=PES, then=1), default=0, output_field=IntegerField())
    is_jst = Case(When(organisation__kind__in=JST, then=1), default=0, output_field=IntegerField())
    lead_first = Case(When(role=PartyRole.LEAD, then=0), default=1, output_field=IntegerField())
    partnership = [F("partnership")]
    return PartnershipParty.objects.annotate(
        place_rank=Window(
            RowNumber(), partition_by=partnership, order_by=[is_pes.desc(), lead_first, F("id")]
        ),
        has_jst=Window(Max(is_jst), partition_by=partnership),
        has_pes=Window(Max(is_pes), partition_by=partnership),
    ).filter(place_rank__lte=1, has_jst__gte=1, has_pes__gte=1)


@functools.cache
def _jst_pes_partnerships() -> QuerySet[PartnershipParty]:
    """The partnerships with a JST party and a PES party, each as the PES party it counts at:
    the base of the partnership measures, counted in one pass (``batch``) and listed as their
    partnerships.

    Built once per process and shared (it reads neither the year nor the clock): building it
    cost more than counting with it cost Python. Never evaluated itself, only narrowed (each
    ``filter`` is a clone)."""
    return PartnershipParty.objects.filter(pk__in=_placing_parties().values("pk"))


def _partnerships(condition: Q, value: Sum | Count, decimals: int = 0) -> Measure:
    return filtered(
        _jst_pes_partnerships(),
        condition,
        value=value,
        subregion=f"organisation__{ORG_SUBREGION}",
        powiat=f"organisation__{ORG_POWIAT}",
        category="partnership__kind",
        category_labels=PARTNERSHIP_KIND_LABELS,
        organisation_path=None,
        listed_through=(Partnership, "partnership"),
        decimals=decimals,
    )


@indicator("jst_cooperating")
def jst_cooperating(period: Period) -> Measure:
    """JST that are a party to a partnership with a PES in force in the year (each once)."""
    _, with_pes = _jst_and_pes()
    partnerships = Partnership.objects.filter(_in_force(period), with_pes)
    # Not counted with the other organisation measures (``batch``): as ``pk__in`` it would hash
    # every PES party; alone it starts from the few JST.
    return Measure(
        queryset=Organisation.objects.filter(
            Exists(
                PartnershipParty.objects.filter(
                    organisation=OuterRef("pk"), partnership__in=partnerships
                )
            ),
            kind__in=JST,
        ),
        value=Count("pk"),
        subregion=ORG_SUBREGION,
        powiat=ORG_POWIAT,
        category="kind",
        category_labels=KIND_LABELS,
    )


@indicator("partnerships_jst_pes")
def partnerships_jst_pes(period: Period) -> Measure:
    """Partnerships between a JST and a PES in force in the year, by kind."""
    return _partnerships(_in_force(period, "partnership__"), Count("pk"))


def _started(period: Period, kind: str) -> Q:
    return Q(partnership__kind=kind, partnership__starts_on__range=(period.start, period.end))


@indicator("public_tasks_count")
def public_tasks_count(period: Period) -> Measure:
    """Public tasks a JST commissioned to a PES, begun in the year."""
    return _partnerships(_started(period, PartnershipKind.COMMISSIONED_TASK), Count("pk"))


@indicator("public_tasks_value")
def public_tasks_value(period: Period) -> Measure:
    """The value (PLN) of the public tasks commissioned to PES begun in the year."""
    return _partnerships(
        _started(period, PartnershipKind.COMMISSIONED_TASK),
        Sum("partnership__value_pln"),
        decimals=2,
    )


@indicator("social_clause_count")
def social_clause_count(period: Period) -> Measure:
    """Contracts with a social clause between a JST and a PES, begun in the year."""
    return _partnerships(_started(period, PartnershipKind.SOCIAL_CLAUSE), Count("pk"))


@indicator("social_clause_value")
def social_clause_value(period: Period) -> Measure:
    """The value (PLN) of the contracts with a social clause begun in the year."""
    return _partnerships(
        _started(period, PartnershipKind.SOCIAL_CLAUSE), Sum("partnership__value_pln"), decimals=2
    )
