"""Retention: what is kept no longer than needed goes, rule by rule, every night.

Each rule is one kind of record and one period (a setting, README "Dane osobowe (RODO)"):

- ``people``: people with no open affiliation, no affiliation ended, no contact and no event
  within ``RETENTION_PEOPLE_YEARS``, and their record untouched as long, are anonymised by the
  same service as a manager's anonymisation (``person_anonymise``), so the legal holds apply:
  a held person is skipped and counted, never deleted; a restricted person (art. 18) is kept
  and counted too, since a restriction often means the data are needed for a claim;
- ``import_files``: a partner's uploaded file, ``RETENTION_IMPORT_FILE_DAYS`` after upload
  (what it brought in stays; the batch cannot be planned again, ``imports.batch_file_missing``);
- ``import_rows``: the staged rows of a finished batch (applied, reverted, failed) older than
  ``RETENTION_IMPORT_ROWS_MONTHS`` (the batch, its counts and what it wrote stay, so the revert
  still works);
- ``action_log_details``: the details of action-log entries older than
  ``RETENTION_ACTION_LOG_YEARS`` (who, what, which record and when stay);
- ``access_log``: access-log rows older than ``RETENTION_ACCESS_LOG_YEARS``;
- ``export_files``: the files of finished exports older than ``RETENTION_EXPORT_FILE_DAYS``.

``retention_apply(dry_run=True)`` only counts. A real run records its counts (never a name) in
the action log as ``crm.retention.applied``, which the retention page shows.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from contacts.erasure import holds_on
from contacts.models import Affiliation, Person
from contacts.services import person_anonymise
from crm import access
from crm.audit.models import AccessLog, ActionLog
from crm.audit.services import action_log_write
from crm.exports.models import ExportJob
from crm.top.imports.models import ImportBatch, ImportRow
from crm.users import Role, User
from interactions.models import Interaction, Participation

logger = logging.getLogger(__name__)

VERB = "crm.retention.applied"
SYSTEM_USERNAME = "system-retencja"
# Batches whose staged rows nothing needs any more (a planned batch needs them to be applied).
FINISHED = (ImportBatch.Status.APPLIED, ImportBatch.Status.REVERTED, ImportBatch.Status.FAILED)


@dataclass
class RuleResult:
    """What one rule removed (or, in a dry run, would remove) and what it had to leave."""

    rule: str
    removed: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"removed": self.removed, **{f"skipped_{k}": v for k, v in self.skipped.items()}}


def retention_actor() -> User:
    """The account the nightly run acts as: it may anonymise, it never signs in."""
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"role": Role.ADMIN, "first_name": "Retencja", "last_name": "(system)"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _years_ago(now: datetime.datetime, years: int) -> datetime.datetime:
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def people_due(now: datetime.datetime) -> QuerySet[Person]:
    """People nothing has tied to the programme for ``RETENTION_PEOPLE_YEARS``."""
    cutoff = _years_ago(now, settings.RETENTION_PEOPLE_YEARS)
    day = timezone.localtime(cutoff).date()
    live_affiliation = Affiliation.objects.filter(person=OuterRef("pk")).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day) | Q(updated_at__gte=cutoff)
    )
    recent_contact = Interaction.objects.filter(people=OuterRef("pk"), occurred_at__gte=cutoff)
    recent_event = Participation.objects.filter(
        Q(event__starts_on__gte=day) | Q(updated_at__gte=cutoff), person=OuterRef("pk")
    )
    return (
        Person.objects.filter(
            anonymised_at__isnull=True, created_at__lt=cutoff, updated_at__lt=cutoff
        )
        .exclude(Exists(live_affiliation))
        .exclude(Exists(recent_contact))
        .exclude(Exists(recent_event))
        .order_by("pk")
    )


def _people(now: datetime.datetime, dry_run: bool) -> RuleResult:
    result = RuleResult("people")
    due = people_due(now)
    restricted = due.filter(restricted=True).count()
    if restricted:
        result.skipped["restricted"] = restricted
    candidates = list(due.filter(restricted=False)[: settings.RETENTION_PEOPLE_PER_RUN + 1])
    if len(candidates) > settings.RETENTION_PEOPLE_PER_RUN:
        # A backlog (the first run) is worked off night by night: each anonymisation sweeps
        # every table and stored file.
        result.skipped["next_run"] = due.filter(restricted=False).count() - len(candidates) + 1
        candidates = candidates[:-1]
    actor = None if dry_run else retention_actor()
    for person in candidates:
        if dry_run:
            if holds_on(person):
                result.skipped["legal_hold"] = result.skipped.get("legal_hold", 0) + 1
            else:
                result.removed += 1
            continue
        try:
            person_anonymise(actor=actor, person=person)
        except ValidationError:
            result.skipped["legal_hold"] = result.skipped.get("legal_hold", 0) + 1
        except Exception:
            logger.exception("retention: anonymising person %s failed", person.pk)
            result.skipped["failed"] = result.skipped.get("failed", 0) + 1
        else:
            result.removed += 1
    return result


def _delete_stored(name: str) -> None:
    if name and default_storage.exists(name):
        default_storage.delete(name)


def _import_files(now: datetime.datetime, dry_run: bool) -> RuleResult:
    result = RuleResult("import_files")
    cutoff = now - datetime.timedelta(days=settings.RETENTION_IMPORT_FILE_DAYS)
    due = ImportBatch.objects.filter(created_at__lt=cutoff).exclude(stored_file="")
    # A batch a worker is planning now keeps its file until the next night.
    busy = due.filter(status__in=[ImportBatch.Status.PLAN_QUEUED, ImportBatch.Status.PLANNING])
    if busy.exists():
        result.skipped["in_progress"] = busy.count()
    for batch in due.exclude(pk__in=busy.values("pk")):
        if not dry_run:
            _delete_stored(batch.stored_file)
            ImportBatch.objects.filter(pk=batch.pk).update(stored_file="")
            action_log_write(actor=None, verb="imports.batch.file_erased", obj=batch)
        result.removed += 1
    return result


def _import_rows(now: datetime.datetime, dry_run: bool) -> RuleResult:
    result = RuleResult("import_rows")
    months = settings.RETENTION_IMPORT_ROWS_MONTHS
    cutoff = now - datetime.timedelta(days=round(months * 365.25 / 12))
    rows = ImportRow.objects.filter(batch__status__in=FINISHED, batch__created_at__lt=cutoff)
    result.removed = rows.count() if dry_run else rows.delete()[0]
    return result


def _action_log_details(now: datetime.datetime, dry_run: bool) -> RuleResult:
    result = RuleResult("action_log_details")
    cutoff = _years_ago(now, settings.RETENTION_ACTION_LOG_YEARS)
    # The empty object is the field's default: a JSON comparison works on both databases.
    entries = ActionLog.objects.filter(at__lt=cutoff).exclude(details={})
    result.removed = entries.count() if dry_run else entries.update(details={})
    return result


def _access_log(now: datetime.datetime, dry_run: bool) -> RuleResult:
    result = RuleResult("access_log")
    rows = AccessLog.objects.filter(at__lt=_years_ago(now, settings.RETENTION_ACCESS_LOG_YEARS))
    result.removed = rows.count() if dry_run else rows.delete()[0]
    return result


def _export_files(now: datetime.datetime, dry_run: bool) -> RuleResult:
    result = RuleResult("export_files")
    cutoff = now - datetime.timedelta(days=settings.RETENTION_EXPORT_FILE_DAYS)
    finished = [ExportJob.Status.DONE, ExportJob.Status.FAILED]
    jobs = ExportJob.objects.filter(status__in=finished, finished_at__lt=cutoff)
    for job in jobs.exclude(file=""):
        if not dry_run:
            _delete_stored(job.file.name)
            ExportJob.objects.filter(pk=job.pk).update(file="")
        result.removed += 1
    return result


RULES = {
    "people": _people,
    "import_files": _import_files,
    "import_rows": _import_rows,
    "action_log_details": _action_log_details,
    "access_log": _access_log,
    "export_files": _export_files,
}


@access.unscoped("retention looks at every record of each kind it keeps for a limited time")
def retention_apply(
    *, dry_run: bool = False, now: datetime.datetime | None = None
) -> dict[str, RuleResult]:
    """Apply every rule (or, with ``dry_run``, count what each would remove); the counts of a
    real run go to the action log (``crm.retention.applied``). Safe to run twice: a second run
    finds nothing left."""
    now = now or timezone.now()
    results = {name: rule(now, dry_run) for name, rule in RULES.items()}
    if not dry_run:
        action_log_write(
            actor=None,
            verb=VERB,
            details={name: r.as_dict() for name, r in results.items()},
        )
    return results
