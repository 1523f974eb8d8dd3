"""Step 7: applying a planned batch, chunk by chunk, each chunk in one transaction.

A chunk writes its organisations, their history (authored by the batch's user, reason
"import #id"), the provenance records and the batch's "applied through row n" mark together,
so a worker killed between chunks leaves nothing half-done and running the batch again
finishes it. Chunks go in row order, in two passes (operated units last): every created or
updated row of a pass up to its mark is applied, and a created row's organisation is its
provenance record (``ImportedRecord``): no staging row is rewritten.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterator
from operator import attrgetter
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from contacts.models import OPERATED_KINDS, Affiliation, Organisation, Person, notice_due_from
from crm.top.imports.models import ImportBatch, ImportedRecord, ImportRow, UnchangedRows
from crm.top.imports.pipeline import fastwrite, fingerprints, records, setwrite, units
from crm.top.imports.pipeline.gminas import GminaResolver
from crm.top.imports.pipeline.limits import Limit
from crm.top.imports.pipeline.matching import (
    Candidates,
    affiliated_people,
    chunk_size,
    diff,
    new_entity,
    person_key,
)
from crm.top.imports.pipeline.orgcolumns import apply_changes, new_organisation

Out = ImportRow.Outcome
# A staged row's values that the apply never reads: PostgreSQL leaves them out, so Python
# decodes less of each row (the support pass reads them, records.py).
SUPPORT_ONLY = (
    "ps_status", "ps_granted_on", "ps_decision_number", "ps_holds", "support_kind",
    "support_date", "jobs_created", "employees", "employees_at_risk", "fte", "notes",
)  # fmt: skip
# Tests set this to interrupt an apply between chunks, as a killed worker would.
after_chunk: Callable[[ImportBatch], None] | None = None


class Pending:
    """A staged row still to apply, read as plain values (no model instance per row)."""

    __slots__ = (
        "changes", "digest", "entity", "messages", "organisation_id", "outcome", "pk",
        "row_number", "values", "warnings",
    )  # fmt: skip
    # The columns read, in the order __init__ takes them.
    COLUMNS = (
        "pk", "row_number", "values", "entity", "changes", "outcome", "messages", "digest",
        "warnings", "organisation_id",
    )  # fmt: skip

    def __init__(
        self, pk: int, row_number: int, values: dict[str, Any], entity: dict[str, Any] | None,
        changes: dict[str, Any], outcome: str, messages: list[str], digest: str | None,
        warnings: list[str], organisation_id: int | None,
    ) -> None:  # fmt: skip
        self.pk, self.row_number, self.values, self.entity = pk, row_number, values, entity
        self.changes, self.outcome, self.messages = changes, outcome, messages
        self.digest, self.warnings, self.organisation_id = digest, warnings, organisation_id

    def save(self, fields: list[str]) -> None:
        ImportRow.objects.filter(pk=self.pk).update(**{f: getattr(self, f) for f in fields})

    @classmethod
    def read(cls, rows: QuerySet[ImportRow]) -> Iterator[Pending]:
        """The staged rows of ``rows``, read by a raw cursor: Django's JSON field decoded each
        row's five JSON columns one by one, mostly "[]" and "{}" (records.json_value)."""
        if connection.vendor == "postgresql":
            # Without what only the support pass reads (records.py reads it from the table).
            rows = rows.annotate(
                _values=RawSQL('"imports_importrow"."values" - %s::text[]', [list(SUPPORT_ONLY)])
            )
            columns = tuple("_values" if c == "values" else c for c in cls.COLUMNS)
        else:
            columns = cls.COLUMNS
        sql, params = rows.values_list(*columns).query.sql_with_params()
        decode = records.json_value
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            # A few thousand at a time, as Django iterates: never every row's text at once.
            while found := cursor.fetchmany(2000):
                for pk, number, values, entity, changes, outcome, messages, *rest in found:
                    digest, warnings, organisation_id = rest
                    yield cls(
                        pk, number, decode(values), decode(entity), decode(changes), outcome,
                        decode(messages), digest, decode(warnings), organisation_id,
                    )  # fmt: skip


def _key(organisation: Organisation | dict[str, Any]) -> int:
    return organisation["id"] if isinstance(organisation, dict) else organisation.pk


class Applier:
    def __init__(self, batch: ImportBatch, chunk: int | None = None) -> None:
        self.batch = batch
        self.chunk_size = chunk or chunk_size()
        self.user = batch.user
        self.resolver = GminaResolver()
        self.limit = Limit(batch)
        self.gmina_codes = {pk: code for code, pk in self.resolver.ids.items()}
        self.leaders: set[int | None] = set()
        self.trust_new = False
        self.last = 0
        # Operated units go after every other row: their operators exist by then.
        self.units = False
        self.marks = {False: 0, True: 0}
        self.types = {
            model: ContentType.objects.get_for_model(model)
            for model in (Organisation, Person, Affiliation)
        }

    def run(self) -> None:
        # The leaders that later rows merged into (usually few): their merged rows are marked
        # applied with them.
        self.leaders = set(
            ImportRow.objects.filter(batch=self.batch, outcome=Out.MERGED)
            .values_list("merged_into_row", flat=True)
            .distinct()
        )
        # Unchanged rows were staged as done; so are the rows merged into them.
        rows = ImportRow.objects.filter(batch=self.batch)
        unchanged = rows.filter(outcome=Out.UNCHANGED).values("row_number")
        rows.filter(outcome=Out.MERGED, applied=False, merged_into_row__in=unchanged).update(
            applied=True
        )
        fast = UnchangedRows.objects.filter(batch=self.batch).values_list("count", flat=True)
        marks = ImportBatch.objects.filter(pk=self.batch.pk).values_list(
            "applied_through", "units_applied_through"
        )[0]
        self.marks = dict(zip((False, True), marks, strict=True))
        # The rows' kinds (JSON) are read only when a chunk committed already: a resumed batch.
        operated = Q(values__kind__in=sorted(OPERATED_KINDS))
        applied = Q(applied=True)
        if marks[0]:
            applied |= Q(~operated, row_number__lte=marks[0])
        if marks[1]:
            applied |= Q(operated, row_number__lte=marks[1])
        done = rows.filter(
            applied, outcome__in=[Out.CREATE, Out.UPDATE, Out.UNCHANGED]
        ).count() + sum(fast)
        # Rows the plan found unchanged by matching: the next import may skip them.
        unchanged_rows = rows.filter(outcome=Out.UNCHANGED, digest__isnull=False).exclude(
            row_number__in=self.leaders
        )
        fingerprints.remember(
            [
                found
                for row in Pending.read(unchanged_rows)
                if (found := fingerprints.written_by(row, row.organisation_id))
            ]
        )
        # Nothing created or changed since the file was uploaded (the plan read the database
        # after that): the plan's "new" rows are still new, and need no second matching. Any
        # change, a resumed batch's own organisations included, sends every row through it.
        # (A concurrent insert of the same identifier still meets the unique constraints.)
        self.trust_new = not Organisation.objects.filter(
            updated_at__gte=self.batch.created_at
        ).exists()
        self._progress(done)
        for self.units in (False, True):
            # A resumed batch starts after the rows its committed chunks applied.
            self.last = self.marks[self.units]
            while self._chunk():
                if after_chunk is not None:
                    after_chunk(self.batch)
        # What the rows say besides their organisations: PS statuses, support, employment,
        # and the rows that wait for a person's decision.
        records.Recorder(self.batch).run()

    def _progress(self, done: int) -> None:
        batch = ImportBatch.objects.get(pk=self.batch.pk)
        batch.progress_done = min(batch.progress_total, done)
        batch.heartbeat_at = timezone.now()
        batch.save(update_fields=["progress_done", "heartbeat_at"])
        self.batch.progress_done = batch.progress_done

    @transaction.atomic
    def _chunk(self) -> bool:
        # Locks the batch: a second worker running the same batch waits, then finds it done.
        ImportBatch.objects.select_for_update().filter(pk=self.batch.pk).first()
        waiting = ImportRow.objects.filter(
            batch=self.batch, applied=False, row_number__gt=self.last
        )
        operated = Q(values__kind__in=sorted(OPERATED_KINDS))
        waiting = waiting.filter(operated if self.units else ~operated)
        # One ordered read per outcome, merged here: each walks the (batch, outcome, row)
        # index in order and stops at the chunk's size. "outcome IN (create, update)" read
        # every row left and sorted them for each chunk (quadratic: on disk past 50,000).
        ordered = heapq.merge(
            *(
                Pending.read(
                    waiting.filter(outcome=outcome).order_by("row_number")[: self.chunk_size]
                )
                for outcome in (Out.CREATE, Out.UPDATE)
            ),
            key=attrgetter("row_number"),
        )
        rows = list(itertools.islice(ordered, self.chunk_size))
        if not rows:
            return False
        # Chunks go in row order: the next one starts after this one, not at the top again.
        self.last = rows[-1].row_number
        entities = [row.entity or new_entity(row.values) for row in rows]
        matched = [
            entity
            for row, entity in zip(rows, entities, strict=True)
            if not (self.trust_new and row.outcome == Out.CREATE)
        ]
        candidates = Candidates(matched, self.resolver.ids)
        matches = [
            (None, "") if self.trust_new and row.outcome == Out.CREATE else candidates.match(entity)
            for row, entity in zip(rows, entities, strict=True)
        ]
        known = affiliated_people([o.pk for o, _e in matches if o is not None])
        created: list[tuple[Pending, dict[str, Any]]] = []
        updated: list[tuple[Pending, Organisation, dict[str, Any]]] = []
        people: list[tuple[Pending, Any, dict[str, str]]] = []
        now = timezone.now()
        for row, entity, (organisation, error) in zip(rows, entities, matches, strict=True):
            # Asked again: the database may have moved since the plan.
            error = error or self.limit.refusal(organisation, entity)
            if error:
                row.outcome, row.messages = Out.ERROR, [*row.messages, error]
                row.save(["outcome", "messages"])
                continue
            if organisation is None:
                columns = new_organisation(entity, self.resolver.ids, self.user)
                created.append((row, columns))
                for person in entity.get("people", []):
                    people.append((row, columns, person))
                continue
            fresh = known[organisation.pk]
            changes = diff(organisation, entity, self.gmina_codes, fresh)
            previous = apply_changes(organisation, changes, self.resolver.ids)
            if previous:
                previous["_updated_at"] = organisation.updated_at.isoformat()
                organisation.updated_at = now
                updated.append((row, organisation, previous))
            outcome = Out.UPDATE if changes else Out.UNCHANGED
            # The database may have moved since the plan (another import, an edit): say what
            # was really done.
            if (changes, outcome, organisation.pk) != (
                row.changes,
                row.outcome,
                row.organisation_id,
            ):
                row.changes, row.outcome, row.organisation_id = changes, outcome, organisation.pk
                row.save(["changes", "outcome", "organisation_id"])
            for person in entity.get("people", []):
                if person_key(person) not in fresh:
                    people.append((row, organisation, person))
        if self.units:
            units.attach_operators(created)
        self._write_created(created)
        self._write_updated(updated)
        self._write_people(people)
        new = {row.pk: columns["id"] for row, columns in created}
        fingerprints.remember(
            [
                found
                for row in rows
                if row.row_number not in self.leaders
                and (found := fingerprints.written_by(row, new.get(row.pk, row.organisation_id)))
            ]
        )
        with_merges = [row.row_number for row in rows if row.row_number in self.leaders]
        if with_merges:
            ImportRow.objects.filter(batch=self.batch, merged_into_row__in=with_merges).update(
                applied=True
            )
        # Every row of this pass up to the chunk's last is applied, with this chunk's writes.
        mark = "units_applied_through" if self.units else "applied_through"
        ImportBatch.objects.filter(pk=self.batch.pk).update(
            progress_done=self.batch.progress_done + len(rows),
            heartbeat_at=timezone.now(),
            **{mark: self.last},
        )
        self.batch.progress_done += len(rows)
        return True

    def _record(self, row: Pending, obj: Any, action: str, previous: Any = None) -> Any:
        return {
            "batch_id": self.batch.pk,
            "row_number": row.row_number,
            "content_type_id": self.types[type(obj)].pk,
            "object_id": obj.pk,
            "action": action,
            "previous_values": previous or {},
            "stamp": getattr(obj, "updated_at", None),
        }

    def _write_created(self, created: list[tuple[Pending, dict[str, Any]]]) -> None:
        if not created:
            return
        defaults = fastwrite.defaults_of(Organisation)
        organisations = [{**defaults, **columns} for _row, columns in created]
        fastwrite.insert_rows(Organisation, organisations)
        if setwrite.enabled():
            # History and provenance read back from the rows just written (setwrite.py).
            ids = [organisation["id"] for organisation in organisations]
            setwrite.history(Organisation, ids, user=self.user, reason=self.batch.reason)
            numbers = [row.row_number for row, _c in created]
            type_id = self.types[Organisation].pk
            setwrite.provenance(Organisation, type_id, self.batch.pk, ids, numbers)
        else:
            self._created_rows(created, organisations)
        # The people of a new organisation link to its key, known only now.
        for (_row, columns), organisation in zip(created, organisations, strict=True):
            columns["id"] = organisation["id"]

    def _created_rows(
        self, created: list[tuple[Pending, dict[str, Any]]], organisations: list[dict[str, Any]]
    ) -> None:
        fastwrite.history(Organisation, organisations, user=self.user, reason=self.batch.reason)
        action, type_id = ImportedRecord.Action.CREATED, self.types[Organisation].pk
        records = [
            {
                "batch_id": self.batch.pk,
                "row_number": row.row_number,
                "content_type_id": type_id,
                "object_id": organisation["id"],
                "action": action,
                "previous_values": {},
                "stamp": organisation["updated_at"],
            }
            for (row, _c), organisation in zip(created, organisations, strict=True)
        ]
        fastwrite.insert_rows(ImportedRecord, records, keys=False)

    def _write_updated(self, updated: list[tuple[Pending, Organisation, dict[str, Any]]]) -> None:
        if not updated:
            return
        fields = sorted(
            {f for _r, _o, previous in updated for f in previous if not f.startswith("_")}
            | {"updated_at"}
        )
        if "town" in fields:
            fields.append("search_town")  # bulk_update skips save(), which folds it
        organisations = [organisation for _row, organisation, _p in updated]
        Organisation.objects.bulk_update(organisations, fields, batch_size=500)
        if setwrite.enabled():
            ids = [organisation.pk for organisation in organisations]
            setwrite.history(Organisation, ids, user=self.user, reason=self.batch.reason)
        else:
            fastwrite.history(Organisation, organisations, user=self.user, reason=self.batch.reason)
        records = [self._record(r, o, ImportedRecord.Action.UPDATED, p) for r, o, p in updated]
        fastwrite.insert_rows(ImportedRecord, records, keys=False)

    def _write_people(self, people: list[tuple[Pending, Any, dict[str, str]]]) -> None:
        if not people:
            return
        source = f"{self.batch.reason} ({self.batch.source})"[:200]
        notice_due = notice_due_from(timezone.localdate())
        persons = [
            Person(
                first_name=p["first_name"],
                last_name=p["last_name"],
                legal_basis=Person.LegalBasis.PUBLIC_TASK,
                source=source,
                # From an OWES's list, not from the person: owed the art. 14 notice.
                data_origin=Person.DataOrigin.ELSEWHERE,
                notice_due_on=notice_due,
            )
            for _r, _o, p in people
        ]
        fastwrite.insert_with_history(Person, persons, user=self.user, reason=self.batch.reason)
        affiliations = [
            Affiliation(
                person=person,
                organisation_id=_key(organisation),
                role=p["role"],
                is_primary=True,
            )
            for person, (_r, organisation, p) in zip(persons, people, strict=True)
        ]
        fastwrite.insert_with_history(
            Affiliation, affiliations, user=self.user, reason=self.batch.reason
        )
        created = ImportedRecord.Action.CREATED
        records = [
            self._record(row, obj, created)
            for (row, _o, _p), person, affiliation in zip(
                people, persons, affiliations, strict=True
            )
            for obj in (person, affiliation)
        ]
        fastwrite.insert_rows(ImportedRecord, records, keys=False)
