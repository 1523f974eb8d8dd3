"""Step 6: the dry run. Every row is staged with what the import will do with it.

Rows are read, normalised, grouped (rows of one file that are the same entity merge into the
first) and matched chunk by chunk, so a 100,000-row file never sits in memory whole. Nothing
but the batch's own staging rows is written.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from operator import attrgetter
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from crm.cells import Cell
from crm.top.imports.models import ImportBatch, ImportRow, UnchangedRows
from crm.top.imports.pipeline import fastwrite, fingerprints
from crm.top.imports.pipeline.gminas import GminaResolver
from crm.top.imports.pipeline.limits import Limit
from crm.top.imports.pipeline.matching import (
    CHUNK,
    IDENTIFIERS,
    Candidates,
    affiliated_people,
    chunk_size,
    conflicts,
    diff,
    entity_keys,
    new_entity,
    person_key,
)
from crm.top.imports.pipeline.normalise import RowNormaliser, RowResult

Out = ImportRow.Outcome
Progress = Callable[[int], None]
MERGED_SINGLE = ("kind", "legal_form", "street", "postal_code", "town", "gmina", "website")


class Staged:
    """A staged row before it is written: plain attributes, no model instance per row."""

    __slots__ = (
        "applied",
        "changes",
        "digest",
        "entity",
        "merged_into_row",
        "messages",
        "organisation_id",
        "outcome",
        "raw",
        "row_number",
        "values",
        "warnings",
    )  # fmt: skip

    def __init__(
        self, row_number: int, raw: list[Any], values: dict[str, Any], outcome: str,
        messages: list[str], warnings: list[str],
    ) -> None:  # fmt: skip
        self.row_number, self.raw, self.values, self.outcome = row_number, raw, values, outcome
        self.messages, self.warnings = messages, warnings
        self.entity: dict[str, Any] | None = None
        self.organisation_id: int | None = None
        self.merged_into_row: int | None = None
        self.changes: dict[str, Any] = {}
        self.applied = False
        self.digest: str | None = None


_STAGED = attrgetter(*Staged.__slots__)


def write_staged(batch: ImportBatch, rows: Iterable[Staged]) -> None:
    # Each row's attributes picked in one C call (a comprehension of getattr per slot was a
    # second per 100,000 rows).
    fastwrite.insert_rows(
        ImportRow,
        [dict(zip(Staged.__slots__, _STAGED(r)), batch_id=batch.pk) for r in rows],  # noqa: B905
        keys=False,
    )


def merge_into(entity: dict[str, Any], values: dict[str, Any], leader: int) -> list[str]:
    """Later rows fill what is empty and add phones, e-mails and people; conflicts are reported."""
    warnings: list[str] = []
    for key in (*IDENTIFIERS, *MERGED_SINGLE):
        new = values.get(key)
        if not new or (key == "kind" and new == "other"):
            continue
        old = entity.get(key)
        if not old or (key == "kind" and old == "other"):
            entity[key] = new
        elif old != new:
            warnings.append(
                _("%(field)s differs from row %(row)d: kept '%(old)s', this row says '%(new)s'")
                % {"field": key, "row": leader, "old": old, "new": new}
            )
    for key in ("phones", "emails"):
        entity[key] = entity.get(key, []) + [v for v in values.get(key, []) if v not in entity[key]]
    person = values.get("contact_person")
    if person and person_key(person) not in {person_key(p) for p in entity["people"]}:
        entity["people"].append(person)
    return warnings


def pack_ids(ids: list[str]) -> str | tuple[str, ...]:
    """A leader's identifiers as one text ("nip|regon|krs|kgw"): kept for every entity of the
    file, a tuple of four strings took about 180 bytes more a row (18 MB of 100,000 rows)."""
    if any("|" in i for i in ids):
        return tuple(ids)  # a KGW number with a bar in it: kept apart, as it is
    return "|".join(ids)


def unpack_ids(ids: str | tuple[str, ...]) -> tuple[str, ...] | list[str]:
    if isinstance(ids, tuple):
        return ids
    return ids.split("|") if ids else [""] * len(IDENTIFIERS)


class Planner:
    """Stages every row the fingerprints did not (``fast``: row number → organisation id)."""

    def __init__(
        self, batch: ImportBatch, columns: dict[int, str], header_row: int,
        digests: Mapping[int, bytes] | None = None, fast: dict[int, int] | None = None,
    ) -> None:  # fmt: skip
        self.batch = batch
        self.digests = digests or {}
        self.fast = fast or {}
        # Entity key → fast row, and the organisations fast rows stand for: a row of the full
        # way that meets one of them makes the plan start again without fingerprints.
        self.fast_keys = fingerprints.keys_of(self.fast)
        self.fast_organisations = set(self.fast.values())
        self.header_row = header_row
        self.resolver = GminaResolver()
        self.gmina_codes = {pk: code for code, pk in self.resolver.ids.items()}
        self.limit = Limit(batch)
        self.normalise = RowNormaliser(columns, self.resolver)
        self.keys: dict[str, int] = {}
        # Only the identifiers of each leader stay in memory: enough to refuse a wrong merge.
        self.leader_ids: dict[int, str | tuple[Any, ...]] = {}
        self.claimed: dict[int, int] = {}  # organisation id → leader row
        self.late: dict[int, list[int]] = defaultdict(list)
        self.chunk = chunk_size()

    def run(self, rows: Iterable[tuple[int, list[Cell]]], progress: Progress | None = None) -> None:
        """Stage ``rows``; ``progress(n)`` hears after each chunk how many rows are done."""
        pending: list[RowResult] = []
        done = len(self.fast)
        for number, cells in rows:
            if number <= self.header_row or number in self.fast:
                continue
            pending.append(self.normalise(number, cells))
            if len(pending) >= self.chunk:
                self._flush(pending)
                done += len(pending)
                pending = []
                if progress is not None:
                    progress(done)
        if pending:
            self._flush(pending)
        self._settle_late_merges()

    def _find_leader(self, values: dict[str, Any], keys: list[str]) -> int | None:
        for key in keys:
            leader = self.keys.get(key)
            if leader is None:
                continue
            ids = dict(zip(IDENTIFIERS, unpack_ids(self.leader_ids[leader]), strict=True))
            if not conflicts(values, ids):
                return leader
        return None

    def _remember(self, leader: int, values: dict[str, Any], keys: list[str]) -> None:
        for key in keys:
            self.keys.setdefault(key, leader)
        old = unpack_ids(self.leader_ids.get(leader, ""))
        self.leader_ids[leader] = pack_ids(
            [o or values.get(k) or "" for o, k in zip(old, IDENTIFIERS, strict=True)]
        )

    def _flush(self, chunk: list[RowResult]) -> None:
        staged: dict[int, Staged] = {}
        entities: dict[int, dict[str, Any]] = {}
        for result in chunk:
            row = Staged(
                result.row_number,
                result.raw,
                result.values,
                result.outcome or Out.CREATE,
                result.errors if result.outcome != Out.IGNORED else result.warnings,
                result.warnings if result.outcome != Out.IGNORED else [],
            )
            staged[result.row_number] = row
            if result.outcome:
                continue
            digest = self.digests.get(result.row_number)
            row.digest = digest.hex() if digest else None
            # The row's entity keys once, for the three uses below.
            keys = entity_keys(result.values)
            if self.fast_keys and any(k in self.fast_keys for k in keys):
                raise fingerprints.FastPathConflict
            leader = self._find_leader(result.values, keys)
            if leader is None:
                entities[result.row_number] = new_entity(result.values)
                self._remember(result.row_number, result.values, keys)
                continue
            row.outcome, row.merged_into_row = Out.MERGED, leader
            self._remember(leader, result.values, keys)
            if leader in entities:
                row.warnings += merge_into(entities[leader], result.values, leader)
            else:
                self.late[leader].append(result.row_number)
        self._decide(staged, entities)
        write_staged(self.batch, staged.values())

    def _decide(self, staged: dict[int, Any], entities: dict[int, dict[str, Any]]) -> None:
        candidates = Candidates(list(entities.values()), self.resolver.ids, models=False)
        matches = {number: candidates.match(entity) for number, entity in entities.items()}
        known = affiliated_people([o.pk for o, _e in matches.values() if o is not None])
        for number, entity in entities.items():
            row = staged[number]
            organisation, error = matches[number]
            pk = organisation.pk if organisation is not None else None
            if pk in self.fast_organisations:
                raise fingerprints.FastPathConflict
            row.applied = False
            # Stored only when other rows added to it: otherwise it is the row's own values.
            row.entity = entity if entity != new_entity(row.values) else None
            refusal = "" if error else self.limit.refusal(organisation, entity)
            if error or refusal:
                row.outcome, row.messages = Out.ERROR, [*row.messages, error or refusal]
            elif organisation is None:
                row.outcome = Out.CREATE
            elif pk in self.claimed and self.claimed[pk] != number:
                # Two groups of rows are one organisation in the database: merge them too.
                leader = self.claimed[pk]
                row.outcome, row.merged_into_row, row.entity = Out.MERGED, leader, None
                self.late[leader].append(number)
            else:
                self.claimed[organisation.pk] = number
                row.organisation_id = organisation.pk
                row.changes = diff(organisation, entity, self.gmina_codes, known[organisation.pk])
                row.outcome = Out.UPDATE if row.changes else Out.UNCHANGED
                # "applied" means nothing is left to do: true from the start when unchanged.
                row.applied = row.outcome == Out.UNCHANGED
        for row in staged.values():
            leader_row = staged.get(row.merged_into_row or 0)
            if row.outcome == Out.MERGED and leader_row and leader_row.outcome == Out.ERROR:
                row.outcome = Out.ERROR
                row.messages = [
                    _("Same entity as row %(row)d, which has an error (ten sam podmiot co wiersz)")
                    % {"row": leader_row.row_number}
                ]

    def _settle_late_merges(self) -> None:
        """Leaders that rows of later chunks merged into: merge again and decide again."""
        leaders = sorted(self.late)
        for start in range(0, len(leaders), CHUNK // 4):
            part = leaders[start : start + CHUNK // 4]
            members = {n for leader in part for n in self.late[leader]}
            rows = {
                r.row_number: r
                for r in ImportRow.objects.filter(
                    batch=self.batch, row_number__in=[*part, *members]
                )
            }
            entities: dict[int, dict[str, Any]] = {}
            for leader in part:
                entity = rows[leader].entity or new_entity(rows[leader].values)
                for number in sorted(self.late[leader]):
                    member = rows[number]
                    member.warnings += merge_into(entity, member.values, leader)
                entities[leader] = entity
            staged = {n: rows[n] for n in part}
            for row in staged.values():
                row.changes, row.organisation_id = {}, None
            redecided = set(part)
            self.claimed = {k: v for k, v in self.claimed.items() if v not in redecided}
            self._decide(staged, entities)
            fields = [
                "outcome", "entity", "changes", "organisation_id", "messages", "warnings",
                "applied",
            ]  # fmt: skip
            ImportRow.objects.bulk_update(rows.values(), [*fields, "merged_into_row"])
            for leader in part:
                if rows[leader].outcome == Out.ERROR:
                    ImportRow.objects.filter(
                        batch=self.batch, row_number__in=self.late[leader]
                    ).update(
                        outcome=Out.ERROR,
                        messages=[
                            _("Same entity as row %(row)d, which has an error") % {"row": leader}
                        ],
                    )


def unstage(batch: ImportBatch) -> None:
    """Remove every row the batch's dry run staged."""
    ImportRow.objects.filter(batch=batch).delete()
    UnchangedRows.objects.filter(batch=batch).delete()


def plan_rows(
    *, batch: ImportBatch, rows: Callable[[], Iterable[tuple[int, list[Cell]]]],
    columns: dict[int, str], digests: Mapping[int, bytes] | None = None, data_rows: int = -1,
    progress: Progress | None = None,
) -> Counter[str]:  # fmt: skip
    """Stage every row ``rows()`` gives for ``batch``; returns the counts per outcome.

    ``digests`` (row number → digest) lets the fingerprints stage the rows an earlier import
    wrote as they are; when they are all ``data_rows`` rows, the file is not read again.

    Each chunk commits on its own (outside a transaction of the caller's), so ``progress``
    and the batch's heartbeat are seen while a long file is planned; the batch says
    "planned" only when every row is staged, and a plan run again starts from nothing.
    """
    header_row = batch.header_row or 0
    unstage(batch)
    try:
        # A partner's rows are all matched: one of another subregion is refused even when
        # an earlier import left it as it is.
        fast_digests = {} if batch.limited else digests or {}
        with transaction.atomic():  # the one statement needs its work_mem (SET LOCAL)
            staged = fingerprints.stage_unchanged(batch, fast_digests)
        if staged != data_rows:
            fast = fingerprints.fast_rows(batch)
            Planner(batch, columns, header_row, digests, fast).run(rows(), progress)
    except fingerprints.FastPathConflict:
        # The full way for every row, from nothing.
        unstage(batch)
        Planner(batch, columns, header_row, digests).run(rows(), progress)
    return count_outcomes(batch)


def count_outcomes(batch: ImportBatch) -> Counter[str]:
    from django.db.models import Count, Q

    totals = ImportRow.objects.filter(batch=batch).aggregate(
        rows=Count("id"),
        warnings=Count("id", filter=~Q(warnings=[])),
        **{o: Count("id", filter=Q(outcome=o)) for o in Out.values},
    )
    counts = Counter({k: v or 0 for k, v in totals.items()})
    fast = UnchangedRows.objects.filter(batch=batch).values_list("count", "warned").first()
    if fast:
        counts["rows"] += fast[0]
        counts[Out.UNCHANGED] += fast[0]
        counts["warnings"] += fast[1]
    return counts
