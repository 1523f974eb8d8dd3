"""contacts' own timeline sources: PS status grants and losses, ties with other organisations
beginning and ending, changes of the record."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from contacts.models import (
    SIDE_LABELS,
    LinkKind,
    Organisation,
    OrganisationLink,
    SocialEnterpriseStatus,
)
from contacts.timeline import (
    Fact,
    TimelineFacts,
    TimelineItem,
    TimelineSource,
    choice_label,
    register_timeline_facts,
    register_timeline_source,
)
from crm.access import scope
from crm.local_day import StartOfLocalDay

# The organisation page's section with the PS status history (its template names it).
PS_SECTION = "#h-ps"
TIES_SECTION = "#h-ties"


def _statuses(user: Any, organisation: Organisation) -> QuerySet[SocialEnterpriseStatus]:
    return scope(SocialEnterpriseStatus.objects.all(), user).filter(organisation=organisation)


def _ps_granted(fact: Fact, user: Any) -> TimelineItem:
    return TimelineItem(
        at=fact.at,
        kind="ps_status_granted",
        summary=_("Social enterprise status granted (%(kind)s)")
        % {"kind": choice_label(SocialEnterpriseStatus, "kind", fact.data["kind"])},
        link=("contacts.socialenterprisestatus", fact.pk),
        pk=fact.pk,
        shown_at=PS_SECTION,
    )


def _ps_lost(fact: Fact, user: Any) -> TimelineItem:
    return TimelineItem(
        at=fact.at,
        kind="ps_status_lost",
        summary=_("Social enterprise status lost (%(kind)s)")
        % {"kind": choice_label(SocialEnterpriseStatus, "kind", fact.data["kind"])},
        link=("contacts.socialenterprisestatus", fact.pk),
        pk=fact.pk,
        shown_at=PS_SECTION,
    )


def _links(user: Any, organisation: Organisation) -> QuerySet[OrganisationLink]:
    """Its ties either way (founded by / founder of, OWES support)."""
    return scope(OrganisationLink.objects.all(), user).filter(
        Q(organisation=organisation) | Q(other=organisation)
    )


_LINK_FIELDS = {"kind": "kind", "organisation": "organisation__name", "other": "other__name"}


def _link_item(fact: Fact, user: Any, *, ended: bool) -> TimelineItem:
    # Both names: the page is one of the two, and the names say which is which.
    text = _("%(organisation)s — %(tie)s: %(other)s") % {
        "organisation": fact.data["organisation"],
        "tie": SIDE_LABELS[LinkKind(fact.data["kind"])][0],
        "other": fact.data["other"],
    }
    return TimelineItem(
        at=fact.at,
        kind="link_ended" if ended else "link_started",
        summary=_("Tie ended — %(tie)s") % {"tie": text} if ended else text,
        link=("contacts.organisationlink", fact.pk),
        pk=fact.pk,
        shown_at=TIES_SECTION,
    )


def _field_label(name: str) -> str:
    field = Organisation._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def _history_page(user: Any, pk: int) -> tuple[str, int] | None:
    """The field-by-field history in the admin, for the data stewards who may open it."""
    if not (getattr(user, "is_staff", False) and user.has_perm("contacts.view_organisation")):
        return None
    return ("admin:contacts_organisation_history", pk)


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
            shown_at=_history_page(user, row.id),
        )


def register() -> None:
    register_timeline_facts(
        TimelineFacts(
            "ps_status_granted",
            lambda user, org: _statuses(user, org).order_by("-granted_on", "-id"),
            StartOfLocalDay("granted_on"),
            {"kind": "kind"},
            _ps_granted,
        )
    )
    register_timeline_facts(
        TimelineFacts(
            "ps_status_lost",
            lambda user, org: (
                _statuses(user, org).filter(lost_on__isnull=False).order_by("-lost_on", "-id")
            ),
            StartOfLocalDay("lost_on"),
            {"kind": "kind"},
            _ps_lost,
        )
    )
    register_timeline_facts(
        TimelineFacts(
            "link_started",
            lambda user, org: (
                _links(user, org).filter(started_on__isnull=False).order_by("-started_on", "-id")
            ),
            StartOfLocalDay("started_on"),
            _LINK_FIELDS,
            lambda fact, user: _link_item(fact, user, ended=False),
        )
    )
    register_timeline_facts(
        TimelineFacts(
            "link_ended",
            lambda user, org: (
                _links(user, org).filter(ended_on__isnull=False).order_by("-ended_on", "-id")
            ),
            StartOfLocalDay("ended_on"),
            _LINK_FIELDS,
            lambda fact, user: _link_item(fact, user, ended=True),
        )
    )
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
