"""Reading the action log: managers and administrators look up who did what, to what, when."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from crm.access import has_capability
from crm.audit.models import ActionLog
from crm.filters import start_of_day


def action_log_entries(
    *,
    user: Any,
    actor: Any = None,
    verb: str = "",
    content_type: ContentType | None = None,
    object_id: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[ActionLog]:
    """The log, newest first, narrowed by who, what was done (any part of the verb, e.g.
    ``deleted`` or ``contacts.organisation``), the kind of record and its id, and the days
    (both inclusive). Nothing without ``action_log.view``."""
    if not has_capability(user, "action_log.view"):
        return ActionLog.objects.none()
    entries = ActionLog.objects.all()
    if actor is not None:
        entries = entries.filter(actor=actor)
    if verb:
        entries = entries.filter(verb__contains=verb)
    if content_type is not None:
        entries = entries.filter(content_type=content_type)
        if object_id:
            entries = entries.filter(object_id=object_id)
    if since is not None:
        entries = entries.filter(at__gte=start_of_day(since))
    if until is not None:
        entries = entries.filter(at__lt=start_of_day(until + datetime.timedelta(days=1)))
    return entries.select_related("actor", "content_type").order_by("-at", "-id")


# The kinds of record a manager looks up: the apps' own models, not Django's or the libraries'.
LOGGED_APPS = ("contacts", "networks", "interactions", "imports", "monitoring", "crm")


def action_log_kinds() -> QuerySet[ContentType]:
    return ContentType.objects.filter(app_label__in=LOGGED_APPS).order_by("app_label", "model")
