"""contacts' own timeline sources: PS status grants and losses, ties with other organisations
beginning and ending, changes of the record."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import F, Q, QuerySet, Value
from django.urls import reverse
from django.utils.translation import gettext as _

from contacts.models import (
    SIDE_LABELS,
    LinkKind,
    Organisation,
    OrganisationLink,
    SocialEnterpriseStatus,
)
from contacts.timeline import TimelineItem, TimelineSource, register_timeline_source, start_of
from crm.access import scope

# The organisation page's section with the PS status history (its template names it).
PS_SECTION = "#h-ps"
TIES_SECTION = "#h-ties"


def _statuses(user: Any, organisation: Organisation) -> QuerySet[SocialEnterpriseStatus]:
    return scope(SocialEnterpriseStatus.objects.all(), user).filter(organisation=organisation)


def _ps_granted(
    rows: list[SocialEnterpriseStatus], shown: int, user: Any
) -> Iterable[TimelineItem]:
    for row in rows[:shown]:
        yield TimelineItem(
            at=start_of(row.granted_on),
            kind="ps_status_granted",
            summary=_("Social enterprise status granted (%(kind)s)")
            % {"kind": row.get_kind_display()},
            link=("contacts.socialenterprisestatus", row.pk),
            pk=row.pk,
            url=PS_SECTION,
        )


def _ps_lost(rows: list[SocialEnterpriseStatus], shown: int, user: Any) -> Iterable[TimelineItem]:
    for row in rows[:shown]:
        assert row.lost_on is not None
        yield TimelineItem(
            at=start_of(row.lost_on),
            kind="ps_status_lost",
            summary=_("Social enterprise status lost (%(kind)s)")
            % {"kind": row.get_kind_display()},
            link=("contacts.socialenterprisestatus", row.pk),
            pk=row.pk,
            url=PS_SECTION,
        )


_LINK_FIELDS = ("pk", "kind", "organisation__name", "other__name")


def _link_events(user: Any, organisation: Organisation) -> QuerySet[Any]:
    """Its ties either way (founded by / founder of, OWES support) beginning and ending: one
    row per event, so the page and the total count both; newest first."""
    links = scope(OrganisationLink.objects.all(), user).filter(
        Q(organisation=organisation) | Q(other=organisation)
    )
    began = (
        links.filter(started_on__isnull=False)
        .annotate(day=F("started_on"), ended=Value(False))
        .values(*_LINK_FIELDS, "day", "ended")
        .order_by()
    )
    ended = (
        links.filter(ended_on__isnull=False)
        .annotate(day=F("ended_on"), ended=Value(True))
        .values(*_LINK_FIELDS, "day", "ended")
        .order_by()
    )
    return began.union(ended, all=True).order_by("-day", "-pk")


def _link_items(rows: list[dict[str, Any]], shown: int, user: Any) -> Iterable[TimelineItem]:
    for row in rows[:shown]:
        # Both names: the page is one of the two, and the names say which is which.
        text = _("%(organisation)s — %(tie)s: %(other)s") % {
            "organisation": row["organisation__name"],
            "tie": SIDE_LABELS[LinkKind(row["kind"])][0],
            "other": row["other__name"],
        }
        yield TimelineItem(
            at=start_of(row["day"]),
            kind="link_ended" if row["ended"] else "link_started",
            summary=_("Tie ended — %(tie)s") % {"tie": text} if row["ended"] else text,
            link=("contacts.organisationlink", row["pk"]),
            pk=row["pk"],
            url=TIES_SECTION,
        )


def _field_label(name: str) -> str:
    field = Organisation._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def _history_url(user: Any, pk: int) -> str | None:
    """The field-by-field history in the admin, for the data stewards who may open it."""
    if not (getattr(user, "is_staff", False) and user.has_perm("contacts.view_organisation")):
        return None
    return reverse("admin:contacts_organisation_history", args=[pk])


def _history(rows: list[Any], shown: int, user: Any) -> Iterable[TimelineItem]:
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
            url=_history_url(user, row.id),
        )


def register() -> None:
    register_timeline_source(
        TimelineSource(
            "ps_status_granted",
            lambda user, org: _statuses(user, org).order_by("-granted_on", "-id"),
            _ps_granted,
        )
    )
    register_timeline_source(
        TimelineSource(
            "ps_status_lost",
            lambda user, org: (
                _statuses(user, org).filter(lost_on__isnull=False).order_by("-lost_on", "-id")
            ),
            _ps_lost,
        )
    )
    register_timeline_source(TimelineSource("organisation_links", _link_events, _link_items))
    register_timeline_source(
        TimelineSource(
            "history",
            lambda user, org: (
                scope(
                    Organisation.history.model.objects.all(),  # type: ignore[attr-defined]
                    user,
                )
                .filter(id=org.pk)
                .order_by("-history_date", "-history_id")
            ),
            _history,
            lookahead=1,
        )
    )
