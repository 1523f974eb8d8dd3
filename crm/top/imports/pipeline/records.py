"""Step 7, after the organisations: what each row says besides them, in the same batch.

"Status PS: tak" with its date → a PS status (legacy before 30.10.2022, statutory from then),
checked by ``contacts.services.statuses.ps_status_check`` like every other write, so the import
refuses what a form refuses (the refusal is the row's warning); the kind and date of support →
a contact-log entry of kind "support" with the organisation and the source OWES, logged by the
importing user; the employment columns (or the jobs created on top of the last headcount
recorded) → an employment record, headcount and FTE apart. Each is an ``ImportedRecord`` of the
batch (a revert removes it), written with its history, chunk by chunk.

A pass over rows already applied writes what is not there yet (the same status, entry or
record is found, not written twice): a resumed batch, or a file imported again, adds nothing.
"""

from __future__ import annotations

import datetime
import json
import json.scanner
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import EmploymentSnapshot, Organisation, SocialEnterpriseStatus
from contacts.models.kinds import OrganisationKind
from contacts.services.statuses import ps_status_check
from crm.audit.services import with_history_user
from crm.text import fold
from crm.top.imports.models import ImportBatch, ImportedRecord, ImportRow
from crm.top.imports.pipeline import fastwrite, flags, setwrite
from crm.top.imports.pipeline.matching import chunk_size
from interactions.models import Interaction, InteractionKind

Out = ImportRow.Outcome
DONE = (Out.CREATE, Out.UPDATE, Out.UNCHANGED, Out.MERGED)


class Org:
    """An organisation as this pass needs it: a few columns, no model instance per row."""

    __slots__ = ("gmina_id", "kind", "operator_id", "pk")
    COLUMNS = ("pk", "kind", "gmina_id", "operator_id")

    def __init__(self, pk: int, kind: str, gmina_id: int | None, operator_id: int | None):
        self.pk, self.kind, self.gmina_id, self.operator_id = pk, kind, gmina_id, operator_id


class Row:
    __slots__ = ("organisation", "pk", "row_number", "values", "warned", "warnings")

    def __init__(self, pk: int, row_number: int, values: dict[str, Any], warnings: list[str]):
        self.pk, self.row_number, self.values, self.warnings = pk, row_number, values, warnings
        self.organisation: Org | None = None
        self.warned = False


def source_owes(batch: ImportBatch) -> int | None:
    """The OWES the batch's source names (its name, without case or Polish letters)."""
    wanted = fold(batch.source)
    owes = Organisation.objects.filter(kind=OrganisationKind.OWES, closed_on__isnull=True)
    if batch.limited:
        # An OWES partner's entries name an OWES of its own subregions, never another's.
        owes = owes.filter(gmina__subregion__in=batch.subregions.all())
    for pk, name in owes.values_list("pk", "search_name"):
        if name == wanted:
            return int(pk)
    return None


_EMPTY: dict[str, Any] = {"[]": list, "{}": dict}
# json's own C scanner, called directly: json.loads wraps it in two Python calls and two
# whitespace matches, a third of decoding a staged row's values (read 200,000 times a file).
_scan = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]


def json_value(value: Any) -> Any:
    """A JSON column as a raw cursor gives it (its text, on both backends), decoded; the empty
    list and object that most rows hold for their messages, warnings and changes without a
    parser call each (a 100,000-row import read half a million of them back)."""
    if not isinstance(value, str):
        return value
    empty = _EMPTY.get(value)
    if empty is not None:
        return empty()
    try:
        found, end = _scan(value, 0)
    except StopIteration:
        found, end = None, -1
    # The databases write JSON text without surrounding space; anything else the full way.
    return found if end == len(value) else json.loads(value)


# The values this pass never reads (the organisation's own columns, matched and written
# already): PostgreSQL leaves them out, so Python decodes a third of each row's JSON.
UNREAD = (
    "name", "search_name", "nip", "regon", "krs", "kgw_number", "legal_form", "street", "town",
    "postal_code", "emails", "phones", "website", "notes", "contact_person", "ps_status", "gmina",
)  # fmt: skip
# A row's organisation: the one it (or the row it merged into) created, by its provenance
# record, else the one the plan or the apply matched. This pass runs once every created,
# updated and unchanged row went through the apply, so those are all applied; a merged row
# only once its leader was (not when the leader turned out an error). The provenance is found
# by its (batch, row) index: "content_type_id + 0" keeps PostgreSQL, with statistics from when
# the table was empty, off the (batch, type) one, which it read whole for every row.
_ROWS = """
    SELECT r.id, r.row_number, {values}, r.warnings, o.id, o.kind, o.gmina_id, o.operator_id
    FROM imports_importrow r
    LEFT JOIN imports_importrow leader
        ON leader.batch_id = r.batch_id AND leader.row_number = r.merged_into_row
    LEFT JOIN imports_importedrecord made
        ON made.batch_id = r.batch_id
        AND made.row_number = COALESCE(leader.row_number, r.row_number)
        AND made.content_type_id + 0 = %s AND made.action = %s
    LEFT JOIN contacts_organisation o
        ON o.id = COALESCE(made.object_id, r.organisation_id, leader.organisation_id)
    WHERE r.batch_id = %s AND (r.applied OR r.outcome <> %s) AND r.outcome IN ({done})
        AND r.row_number > %s AND r.row_number <= %s
    ORDER BY r.row_number
"""  # the text takes only placeholders and column expressions of this module


def _support_given(organisation_ids: set[int]) -> Iterable[tuple[int, datetime.datetime, str]]:
    """(organisation, when, subject) of the support entries linked to these organisations.

    On PostgreSQL the keys go in as one array literal joined with the links' organisation
    index: 5,000 placeholders quoted one by one, and a filter PostgreSQL tested on every link
    of the table, cost 0.4 s a chunk (7.4 s of a 100,000-row first import).
    """
    if not organisation_ids:
        return []
    if setwrite.enabled():
        links = Interaction.organisations.through._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT l.organisation_id, i.occurred_at, i.subject "  # noqa: S608
                f"FROM unnest(%s::bigint[]) AS v(id) "
                f"JOIN {links} l ON l.organisation_id = v.id "
                f"JOIN {Interaction._meta.db_table} i ON i.id = l.interaction_id AND i.kind = %s",
                [setwrite.keys(organisation_ids), InteractionKind.SUPPORT],
            )
            return cursor.fetchall()
    return Interaction.organisations.through.objects.filter(
        organisation_id__in=organisation_ids, interaction__kind=InteractionKind.SUPPORT
    ).values_list("organisation_id", "interaction__occurred_at", "interaction__subject")


def start_of(day: datetime.date) -> datetime.datetime:
    """A day without a time sits at its start in Europe/Warsaw (as the contact log keeps it)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class Recorder:
    def __init__(self, batch: ImportBatch) -> None:
        self.batch = batch
        self.user = batch.user
        self.owes = source_owes(batch)
        self.types = {
            m: ContentType.objects.get_for_model(m).pk
            for m in (SocialEnterpriseStatus, Interaction, EmploymentSnapshot)
        }
        self.organisation_type = ContentType.objects.get_for_model(Organisation).pk

    def run(self) -> None:
        top = ImportRow.objects.filter(batch=self.batch).aggregate(top=Max("row_number"))["top"]
        size = chunk_size()
        for last in range(0, top or 0, size):
            rows = self._rows(last, last + size)
            if rows:
                self._chunk(rows)

    def _rows(self, last: int, upto: int) -> list[Row]:
        """The applied rows numbered after ``last`` up to ``upto``, with the organisation each
        stands for (a merged row: its leader's), in one query: no per-id parameters for 5,000
        keys, no model layer. A window of row numbers, not "the next 5,000 after": the latter
        made PostgreSQL read every row after ``last`` for each chunk (quadratic in the file)."""
        done = ", ".join(["%s"] * len(DONE))
        params: list[Any] = [
            self.organisation_type, ImportedRecord.Action.CREATED, self.batch.pk, Out.MERGED,
            *DONE, last, upto,
        ]  # fmt: skip
        values = 'r."values"'
        if connection.vendor == "postgresql":
            values, params = 'r."values" - %s::text[]', [list(UNREAD), *params]
        with connection.cursor() as cursor:
            cursor.execute(_ROWS.format(values=values, done=done), params)
            found = cursor.fetchall()
        rows = []
        for pk, number, values, warnings, *organisation in found:
            row = Row(pk, number, json_value(values), json_value(warnings))
            row.organisation = Org(*organisation) if organisation[0] is not None else None
            rows.append(row)
        return rows

    @transaction.atomic
    def _chunk(self, rows: list[Row]) -> None:
        ImportBatch.objects.select_for_update().filter(pk=self.batch.pk).first()
        live = [row for row in rows if row.organisation is not None]
        # Provenance in the order the records were written: statuses, support, employment.
        for step in (self._statuses, self._support, self._employment):
            self._provenance(step(live))
        flags.raise_flags(self.batch, live)
        for row in rows:
            if row.warned:
                ImportRow.objects.filter(pk=row.pk).update(warnings=row.warnings)
        ImportBatch.objects.filter(pk=self.batch.pk).update(heartbeat_at=timezone.now())

    def _provenance(self, written: list[tuple[Row, Any]]) -> None:
        fastwrite.insert_rows(
            ImportedRecord,
            [
                {
                    "batch_id": self.batch.pk,
                    "row_number": row.row_number,
                    # A support entry is written as plain columns (many per file).
                    "content_type_id": self.types[
                        Interaction if isinstance(obj, dict) else type(obj)
                    ],
                    "object_id": obj["id"] if isinstance(obj, dict) else obj.pk,
                    "action": ImportedRecord.Action.CREATED,
                    "previous_values": {},
                    "stamp": obj["updated_at"] if isinstance(obj, dict) else obj.updated_at,
                }
                for row, obj in written
            ],
            keys=False,
        )

    def _warn(self, row: Row, text: str) -> None:
        if text not in row.warnings:
            row.warnings.append(text)
            row.warned = True

    def _statuses(self, rows: list[Row]) -> list[tuple[Row, Any]]:
        wanted = [r for r in rows if r.values.get("ps_holds") and r.values.get("ps_granted_on")]
        if not wanted:
            return []
        existing = set(
            SocialEnterpriseStatus.objects.filter(
                organisation_id__in=[r.organisation.pk for r in wanted if r.organisation]
            ).values_list("organisation_id", "kind", "granted_on")
        )
        written = []
        for row in wanted:
            granted = datetime.date.fromisoformat(row.values["ps_granted_on"])
            kind = (
                SocialEnterpriseStatus.Kind.STATUTORY
                if granted >= SocialEnterpriseStatus.STATUTORY_SINCE
                else SocialEnterpriseStatus.Kind.LEGACY
            )
            assert row.organisation is not None
            if (row.organisation.pk, kind, granted) in existing:
                continue
            status = SocialEnterpriseStatus(
                organisation_id=row.organisation.pk,
                kind=kind,
                granted_on=granted,
                decision_number=row.values.get("ps_decision_number") or "",
            )
            try:
                ps_status_check(status)
            except ValidationError as error:
                self._warn(
                    row,
                    _("PS status not recorded: %(why)s")
                    % {"why": " ".join(str(m) for m in error.messages)},
                )
                continue
            with_history_user(status, self.user, self.batch.reason)
            status.save()
            existing.add((row.organisation.pk, kind, granted))
            written.append((row, status))
        return written

    def _support(self, rows: list[Row]) -> list[tuple[Row, Any]]:
        wanted = [r for r in rows if r.values.get("support_date")]
        if not wanted:
            return []
        organisation_ids = {r.organisation.pk for r in wanted if r.organisation}
        existing = {
            (o, timezone.localdate(when), subject)
            for o, when, subject in _support_given(organisation_ids)
        }
        new: list[tuple[Row, dict[str, Any]]] = []
        defaults = fastwrite.defaults_of(Interaction)
        user_id = getattr(self.user, "pk", None)
        # Translated once a chunk, not once a row.
        unnamed = _("OWES support")
        from_row = _("From import #%(batch)d (%(source)s), row %(row)d")
        starts: dict[datetime.date, datetime.datetime] = {}
        for row in wanted:
            assert row.organisation is not None
            day = datetime.date.fromisoformat(row.values["support_date"])
            subject = (row.values.get("support_kind") or unnamed)[:300]
            if (row.organisation.pk, day, subject) in existing:
                continue
            existing.add((row.organisation.pk, day, subject))
            jobs = row.values.get("jobs_created")
            outcome = _("Jobs created: %(n)d") % {"n": jobs} if jobs else ""
            note = from_row % {
                "batch": self.batch.pk,
                "source": self.batch.source,
                "row": row.row_number,
            }
            interaction = {
                **defaults,
                "kind": InteractionKind.SUPPORT,
                "occurred_at": starts.get(day) or starts.setdefault(day, start_of(day)),
                "has_time": False,
                "subject": subject,
                "notes": note,
                "outcome": outcome,
                "created_by_id": user_id,
            }
            new.append((row, interaction))
        if not new:
            return []
        objects = [interaction for _r, interaction in new]
        fastwrite.insert_rows(Interaction, objects)
        if setwrite.enabled():
            # History, links and provenance read back from the entries just written.
            self._support_rows(new)
            return []
        fastwrite.history(
            Interaction, objects, user=self.user, reason=self.batch.reason, created=True
        )
        through = Interaction.organisations.through
        fastwrite.insert_rows(
            through,
            [
                {"interaction_id": i["id"], "organisation_id": pk}
                for row, i in new
                for pk in dict.fromkeys([row.organisation.pk, self.owes])  # type: ignore[union-attr]
                if pk is not None
            ],
            keys=False,
        )
        if user_id:
            fastwrite.insert_rows(
                Interaction.staff.through,
                [{"interaction_id": i["id"], "user_id": user_id} for i in objects],
                keys=False,
            )
        return list(new)

    def _support_rows(self, new: list[tuple[Row, dict[str, Any]]]) -> None:
        ids = [interaction["id"] for _r, interaction in new]
        reason = self.batch.reason
        setwrite.history(Interaction, ids, user=self.user, reason=reason, created=True)
        organisations = [row.organisation.pk for row, _i in new]  # type: ignore[union-attr]
        through = Interaction.organisations.through
        setwrite.links(through, "interaction_id", "organisation_id", ids, organisations, self.owes)
        if user_id := getattr(self.user, "pk", None):
            staff = Interaction.staff.through
            setwrite.links(staff, "interaction_id", "user_id", ids, [user_id] * len(ids))
        numbers = [row.row_number for row, _i in new]
        setwrite.provenance(Interaction, self.types[Interaction], self.batch.pk, ids, numbers)

    def _employment(self, rows: list[Row]) -> list[tuple[Row, Any]]:
        wanted = [
            r
            for r in rows
            if r.values.get("employees") is not None or (r.values.get("jobs_created") or 0) > 0
        ]
        if not wanted:
            return []
        recorded: dict[int, dict[datetime.date, int]] = defaultdict(dict)
        for organisation_id, as_of, employees in EmploymentSnapshot.objects.filter(
            organisation_id__in=[r.organisation.pk for r in wanted if r.organisation]
        ).values_list("organisation_id", "as_of", "employees"):
            recorded[organisation_id][as_of] = employees
        today = timezone.localdate(self.batch.created_at)
        new: list[tuple[Row, EmploymentSnapshot]] = []
        for row in wanted:
            assert row.organisation is not None
            values, own = row.values, recorded[row.organisation.pk]
            day = datetime.date.fromisoformat(values.get("support_date") or today.isoformat())
            if values.get("employees") is not None:
                employees, fte = values["employees"], values.get("fte")
            else:
                # Jobs created on top of the latest headcount recorded before (0 without one).
                before = max((d for d in own if d <= day), default=None)
                employees, fte = (own[before] if before else 0) + values["jobs_created"], None
            if day in own:
                if own[day] != employees:
                    self._warn(
                        row,
                        _("An employment record of %(day)s exists already: kept as it is")
                        % {"day": f"{day:%d.%m.%Y}"},
                    )
                continue
            own[day] = employees
            snapshot = EmploymentSnapshot(
                organisation_id=row.organisation.pk,
                as_of=day,
                employees=employees,
                employees_at_risk=values.get("employees_at_risk") or 0,
                fte=Decimal(fte) if fte is not None else None,
            )
            new.append((row, snapshot))
        fastwrite.insert_with_history(
            EmploymentSnapshot, [s for _r, s in new], user=self.user, reason=self.batch.reason
        )
        return list(new)
