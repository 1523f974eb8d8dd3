"""Who saw whose personal data: written where a person's data is shown, read by managers.

Every view of a person's data is one row per person: their page, the art. 15 export, the API
record, and each person on a page of a list (the people list, the API list, a list export
with personal columns). A list is logged as the ids it showed, not as one summarised entry:
the question the log answers is "who saw this person?", and a summary ("listed 50 people")
cannot answer it. The rows of one view go in one INSERT (``bulk_create``), so a person's page
costs one statement and a list page of 50 people costs one statement too.

The log holds ids only (user, person, what, when): no name, no search term, nothing that an
anonymisation would have to rewrite.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from crm.access import has_capability
from crm.audit.models import AccessLog
from crm.filters import start_of_day

# Rows per INSERT: four values a row stays under SQLite's limit of bound parameters.
BATCH = 500


def access_log_write(*, user: Any, person_ids: Iterable[Any], what: str) -> int:
    """Record that ``user`` saw the people ``person_ids`` (``what``: an ``AccessLog.What``);
    returns how many rows were written. Anonymous users (who see nobody) write nothing."""
    if not getattr(user, "pk", None):
        return 0
    ids = list(dict.fromkeys(int(pk) for pk in person_ids if pk is not None))
    if not ids:
        return 0
    now = timezone.now()
    AccessLog.objects.bulk_create(
        [AccessLog(user_id=user.pk, at=now, person_id=pk, what=what) for pk in ids],
        batch_size=BATCH,
    )
    return len(ids)


def access_log_entries(
    *,
    user: Any,
    person_id: int | None = None,
    actor: Any = None,
    what: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AccessLog]:
    """The log, newest first, narrowed by the person, who saw them, how, and the days (both
    inclusive). Nothing without ``access_log.view``."""
    if not has_capability(user, "access_log.view"):
        return AccessLog.objects.none()
    entries = AccessLog.objects.all()
    if person_id is not None:
        entries = entries.filter(person_id=person_id)
    if actor is not None:
        entries = entries.filter(user=actor)
    if what:
        entries = entries.filter(what=what)
    if since is not None:
        entries = entries.filter(at__gte=start_of_day(since))
    if until is not None:
        entries = entries.filter(at__lt=start_of_day(until + datetime.timedelta(days=1)))
    return entries.select_related("user").order_by("-at", "-id")
