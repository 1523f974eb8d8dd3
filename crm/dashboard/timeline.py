"""The timeline of one organisation: everything that happened with it, newest first.

Sources: interactions, event participations, membership joins and leaves, partnerships, PS
status grants and losses, and the field history of the organisation record.

Pagination without a cross-table UNION (whose date types SQLite and PostgreSQL treat
differently): the newest ``page * page_size`` rows of each source are read — one query per
source — merged in Python and sliced; the totals are one ``COUNT`` per source. The query count
is therefore fixed by the number of sources, whatever the number of items. Days without a time
(a join, a grant) sort as the start of that day in Europe/Warsaw.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import Organisation, SocialEnterpriseStatus
from crm.access import scope
from interactions.models import Interaction, Participation
from networks.models import Membership, Partnership, PartnershipParty

MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class TimelineItem:
    at: datetime.datetime  # aware; for day-only facts the start of the day, local time
    kind: str
    summary: str
    # Where the item leads: ``(app_label.model, pk)``; the pages map it to a URL.
    link: tuple[str, int]
    pk: int  # of the row in its own table, for a stable order among equal times

    @property
    def date(self) -> datetime.date:
        return timezone.localtime(self.at).date()


@dataclass(frozen=True)
class TimelinePage:
    items: list[TimelineItem]
    page: int
    page_size: int
    total: int

    @property
    def has_next(self) -> bool:
        return self.page * self.page_size < self.total

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class _Source:
    queryset: QuerySet[Any]  # scoped, filtered to the organisation, newest first
    to_items: Callable[[list[Any], int], Iterable[TimelineItem]]
    # History rows need the row before each one to say what changed: read one more.
    lookahead: int = 0


def _interactions(rows: list[Interaction], shown: int) -> Iterable[TimelineItem]:
    for row in rows[:shown]:
        yield TimelineItem(
            at=row.occurred_at,
            kind="interaction",
            summary=f"{row.get_kind_display()}: {row.subject}",
            link=("interactions.interaction", row.pk),
            pk=row.pk,
        )


def _participations(rows: list[Participation], shown: int) -> Iterable[TimelineItem]:
    for row in rows[:shown]:
        yield TimelineItem(
            at=_start_of(row.event.starts_on),
            kind="participation",
            summary=_("%(event)s — %(status)s")
            % {"event": row.event.title, "status": row.get_status_display()},
            link=("interactions.event", row.event_id),
            pk=row.pk,
        )


def _joins(rows: list[Membership], shown: int) -> Iterable[TimelineItem]:
    for row in rows[:shown]:
        yield TimelineItem(
            at=_start_of(row.joined_on),
            kind="membership_joined",
            summary=_("Joined %(network)s as %(role)s")
            % {"network": row.network.name, "role": row.get_role_display()},
            link=("networks.membership", row.pk),
            pk=row.pk,
        )


def _leaves(rows: list[Membership], shown: int) -> Iterable[TimelineItem]:
    for row in rows[:shown]:
        assert row.left_on is not None
        summary = _("Left %(network)s") % {"network": row.network.name}
        if row.left_reason:
            summary = f"{summary}: {row.left_reason}"
        yield TimelineItem(
            at=_start_of(row.left_on),
            kind="membership_left",
            summary=summary,
            link=("networks.membership", row.pk),
            pk=row.pk,
        )


def _partnerships(rows: list[Partnership], shown: int) -> Iterable[TimelineItem]:
    for row in rows[:shown]:
        yield TimelineItem(
            at=_start_of(row.starts_on),
            kind="partnership",
            summary=f"{row.get_kind_display()}: {row.title}",
            link=("networks.partnership", row.pk),
            pk=row.pk,
        )


def _ps_granted(rows: list[SocialEnterpriseStatus], shown: int) -> Iterable[TimelineItem]:
    for row in rows[:shown]:
        yield TimelineItem(
            at=_start_of(row.granted_on),
            kind="ps_status_granted",
            summary=_("Social enterprise status granted (%(kind)s)")
            % {"kind": row.get_kind_display()},
            link=("contacts.socialenterprisestatus", row.pk),
            pk=row.pk,
        )


def _ps_lost(rows: list[SocialEnterpriseStatus], shown: int) -> Iterable[TimelineItem]:
    for row in rows[:shown]:
        assert row.lost_on is not None
        yield TimelineItem(
            at=_start_of(row.lost_on),
            kind="ps_status_lost",
            summary=_("Social enterprise status lost (%(kind)s)")
            % {"kind": row.get_kind_display()},
            link=("contacts.socialenterprisestatus", row.pk),
            pk=row.pk,
        )


def _field_label(name: str) -> str:
    field = Organisation._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def _history(rows: list[Any], shown: int) -> Iterable[TimelineItem]:
    """``rows`` are newest first; each row's predecessor is the next one (when it was read)."""
    for index, row in enumerate(rows[:shown]):
        previous = rows[index + 1] if index + 1 < len(rows) else None
        if row.history_type == "+":
            kind, summary = "record_created", _("Record created")
        elif row.history_type == "-":
            kind, summary = "record_deleted", _("Record deleted")
        else:
            kind = "record_changed"
            fields = row.diff_against(previous).changed_fields if previous is not None else []
            summary = (
                _("Changed: %(fields)s") % {"fields": ", ".join(_field_label(f) for f in fields)}
                if fields
                else _("Record saved")
            )
        yield TimelineItem(
            at=row.history_date,
            kind=kind,
            summary=summary,
            link=("contacts.organisation", row.id),
            pk=row.history_id,
        )


def _sources(user: Any, organisation: Organisation) -> list[_Source]:
    memberships = (
        scope(Membership.objects.all(), user)
        .filter(organisation=organisation)
        .select_related("network")
    )
    statuses = scope(SocialEnterpriseStatus.objects.all(), user).filter(organisation=organisation)
    history = scope(Organisation.history.model.objects.all(), user)  # type: ignore[attr-defined]
    own_party = PartnershipParty.objects.filter(
        partnership=OuterRef("pk"), organisation=organisation
    )
    return [
        _Source(
            scope(Interaction.objects.all(), user)
            .filter(organisations=organisation)
            .order_by("-occurred_at", "-id"),
            _interactions,
        ),
        _Source(
            scope(Participation.objects.all(), user)
            .filter(organisation=organisation)
            .select_related("event")
            .order_by("-event__starts_on", "-id"),
            _participations,
        ),
        _Source(memberships.order_by("-joined_on", "-id"), _joins),
        _Source(memberships.filter(left_on__isnull=False).order_by("-left_on", "-id"), _leaves),
        _Source(
            scope(Partnership.objects.all(), user)
            .filter(Exists(own_party))
            .order_by("-starts_on", "-id"),
            _partnerships,
        ),
        _Source(statuses.order_by("-granted_on", "-id"), _ps_granted),
        _Source(statuses.filter(lost_on__isnull=False).order_by("-lost_on", "-id"), _ps_lost),
        _Source(
            history.filter(id=organisation.pk).order_by("-history_date", "-history_id"),
            _history,
            lookahead=1,
        ),
    ]


def organisation_timeline(
    *, user: Any, organisation: Organisation, page: int = 1, page_size: int = 25
) -> TimelinePage:
    """One page of the organisation's timeline, newest first; what ``user`` may not see (e.g.
    interactions for a viewer, who sees no personal data) is left out.

    Raises: ValueError for a page below 1 or a page size outside 1–100.
    """
    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError("page must be >= 1 and page_size within 1..100")
    needed = page * page_size
    items: list[TimelineItem] = []
    total = 0
    for source in _sources(user, organisation):
        rows = list(source.queryset[: needed + source.lookahead])
        total += source.queryset.count()
        items.extend(source.to_items(rows, needed))
    items.sort(key=lambda item: (item.at, item.kind, item.pk), reverse=True)
    start = (page - 1) * page_size
    return TimelinePage(
        items=items[start : start + page_size], page=page, page_size=page_size, total=total
    )
