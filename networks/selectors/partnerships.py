"""Partnerships: with their status as of a day, per organisation, and JST–PES cooperation."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import ExtractYear
from django.utils import timezone

from contacts.models import JST_KINDS, PES_KINDS
from crm.access import scope
from networks.models import (
    Partnership,
    PartnershipKind,
    PartnershipParty,
    PartnershipStatus,
    PartyRole,
)


def status_annotation(day: datetime.date) -> Case:
    """The SQL twin of ``Partnership.status_on(day)``: planned, in force (``ends_on`` is the
    last day) or ended."""
    return Case(
        When(starts_on__gt=day, then=Value(PartnershipStatus.PLANNED)),
        When(ends_on__lt=day, then=Value(PartnershipStatus.ENDED)),
        default=Value(PartnershipStatus.ACTIVE),
        output_field=CharField(),
    )


def partnership_list(*, user: Any, on: datetime.date | None = None) -> QuerySet[Partnership]:
    """Every partnership the user sees, newest first, with ``status_now`` as of ``on``."""
    day = on or timezone.localdate()
    return (
        scope(Partnership.objects.all(), user)
        .annotate(status_now=status_annotation(day))
        .prefetch_related(
            Prefetch("parties", queryset=scope(PartnershipParty.objects.all(), user)),
            "parties__organisation",
        )
        .order_by("-starts_on", "-id")
    )


# Where ``partnership_parties_attach`` puts a row's parties: a plain list of dicts.
PARTIES_LISTED = "parties_listed"


def partnership_parties_attach(*, user: Any, partnerships: list[Partnership]) -> None:
    """Put on each of ``partnerships`` (a page of a list) the parties the user sees as plain
    dicts in ``parties_listed``: organisation id, organisation name, role, in the model's order.

    One query of values for the page: no party or organisation is built (for a page of 200, 400
    parties as objects were a fifth of the request).
    """
    shown: dict[int, list[dict[str, Any]]] = {p.pk: [] for p in partnerships}
    rows = (
        scope(PartnershipParty.objects.all(), user)
        .filter(partnership_id__in=list(shown))
        .order_by("role", "id")
        .values_list("partnership_id", "organisation_id", "organisation__name", "role")
    )
    for partnership_id, organisation_id, organisation_name, role in rows:
        shown[partnership_id].append(
            {"organisation": organisation_id, "organisation_name": organisation_name, "role": role}
        )
    for partnership in partnerships:
        setattr(partnership, PARTIES_LISTED, shown[partnership.pk])


def organisation_partnerships(
    *, user: Any, organisation: Any, on: datetime.date | None = None
) -> QuerySet[Partnership]:
    """The partnerships ``organisation`` is a party to, newest first, with ``status_now`` and
    ``own_role`` (its role in each)."""
    own = PartnershipParty.objects.filter(partnership=OuterRef("pk"), organisation=organisation)
    return (
        partnership_list(user=user, on=on)
        .filter(Exists(own))
        .annotate(own_role=Subquery(own.values("role")[:1]))
    )


@dataclass(frozen=True)
class YearCount:
    year: int
    count: int
    value_pln: Decimal


def organisation_partnerships_per_year(*, user: Any, organisation: Any) -> list[YearCount]:
    """How many partnerships ``organisation`` started each year and their value (one query)."""
    rows = (
        scope(Partnership.objects.all(), user)
        .filter(
            Exists(
                PartnershipParty.objects.filter(
                    partnership=OuterRef("pk"), organisation=organisation
                )
            )
        )
        .annotate(year=ExtractYear("starts_on"))
        .values("year")
        .order_by("year")
        .annotate(count=Count("pk"), value=Sum("value_pln"))
    )
    return [
        YearCount(year=row["year"], count=row["count"], value_pln=row["value"] or Decimal(0))
        for row in rows
    ]


@dataclass(frozen=True)
class JstPesRow:
    year: int
    subregion: str | None  # slug of the social-economy party's subregion
    count: int
    value_pln: Decimal
    with_social_clause: int


def jst_pes_partnerships(
    *, user: Any, start_year: int | None = None, end_year: int | None = None
) -> list[JstPesRow]:
    """Partnerships between a local government (JST) and a social-economy entity (PES), per
    year they started and per subregion, in one aggregate query.

    A partnership counts once, in the subregion of its PES party (the lead one when there are
    several, else the first recorded): that is where the supporting OWES works.
    """
    parties = PartnershipParty.objects.filter(partnership=OuterRef("pk"))
    pes_subregion = (
        parties.filter(organisation__kind__in=PES_KINDS)
        .order_by(
            Case(When(role=PartyRole.LEAD, then=0), default=1, output_field=IntegerField()),
            "id",
        )
        .values("organisation__gmina__subregion__slug")[:1]
    )
    partnerships = scope(Partnership.objects.all(), user).filter(
        Exists(parties.filter(organisation__kind__in=JST_KINDS)),
        Exists(parties.filter(organisation__kind__in=PES_KINDS)),
    )
    if start_year is not None:
        partnerships = partnerships.filter(starts_on__gte=datetime.date(start_year, 1, 1))
    if end_year is not None:
        partnerships = partnerships.filter(starts_on__lt=datetime.date(end_year + 1, 1, 1))
    rows = (
        partnerships.annotate(year=ExtractYear("starts_on"), subregion_slug=Subquery(pes_subregion))
        .values("year", "subregion_slug")
        .order_by("year", "subregion_slug")
        .annotate(
            count=Count("pk"),
            value=Sum("value_pln"),
            with_social_clause=Count("pk", filter=Q(kind=PartnershipKind.SOCIAL_CLAUSE)),
        )
    )
    return [
        JstPesRow(
            year=row["year"],
            subregion=row["subregion_slug"],
            count=row["count"],
            value_pln=row["value"] or Decimal(0),
            with_social_clause=row["with_social_clause"],
        )
        for row in rows
    ]
