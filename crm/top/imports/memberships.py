"""Importing a list of network members: every row is checked first, then all are written at once.

A file says which organisations (by NIP, REGON or KRS) belong to one network, since when and
in what role. Nothing is written unless every row is valid: a steward fixes the file and runs
it again, rather than untangling half an import. The writes go through
``networks.services.membership_join`` (its checks, history and action log), in one short
transaction. A row whose membership already exists (same organisation, network and joining
day) is "unchanged", so importing the same file twice changes nothing.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from contacts.models import Organisation
from crm import access
from crm.audit.services import action_log_write
from crm.cells import Cell, parse_date, text_of
from crm.text import fold
from crm.top.imports.pipeline.checks import check_file, reject
from crm.top.imports.pipeline.reading import read_table
from networks.models import Membership, MembershipRole, Network
from networks.services import membership_join
from networks.services.memberships import overlapping_period_exists

HEADER_SCAN_ROWS = 20
# Folded header text → field.
HEADERS: dict[str, str] = {
    "nip": "nip",
    "regon": "regon",
    "krs": "krs",
    "organisation_nip": "nip",
    "organisation_regon": "regon",
    "organisation_krs": "krs",
    "nazwa": "name",
    "nazwa podmiotu": "name",
    "organisation": "name",
    "organizacja": "name",
    "podmiot": "name",
    "data przystapienia": "joined_on",
    "przystapienie": "joined_on",
    "od": "joined_on",
    "od kiedy": "joined_on",
    "joined_on": "joined_on",
    "joined on": "joined_on",
    "data wystapienia": "left_on",
    "wystapienie": "left_on",
    "do": "left_on",
    "left_on": "left_on",
    "left on": "left_on",
    "powod wystapienia": "left_reason",
    "left_reason": "left_reason",
    "rola": "role",
    "funkcja": "role",
    "role": "role",
    "zrodlo": "source",
    "source": "source",
}
ROLES: dict[str, str] = {
    **{fold(str(choice.label)): choice.value for choice in MembershipRole},
    **{choice.value: choice.value for choice in MembershipRole},
    "czlonek": MembershipRole.MEMBER,
    "koordynator": MembershipRole.COORDINATOR,
    "przewodniczacy": MembershipRole.CHAIR,
    "przewodniczaca": MembershipRole.CHAIR,
    "wiceprzewodniczacy": MembershipRole.VICE_CHAIR,
    "wiceprzewodniczaca": MembershipRole.VICE_CHAIR,
    "sekretarz": MembershipRole.SECRETARY,
    "obserwator": MembershipRole.OBSERVER,
    "vice chair": MembershipRole.VICE_CHAIR,
}
CREATE, UNCHANGED, ERROR = "create", "unchanged", "error"


@dataclass
class MembershipRow:
    row_number: int
    outcome: str = CREATE
    organisation_id: int | None = None
    joined_on: datetime.date | None = None
    left_on: datetime.date | None = None
    left_reason: str = ""
    role: str = MembershipRole.MEMBER
    source: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class MembershipImport:
    network: Network
    rows: list[MembershipRow]
    dry_run: bool
    applied: bool = False

    @property
    def counts(self) -> dict[str, int]:
        outcomes = [row.outcome for row in self.rows]
        return {
            "rows": len(outcomes),
            "created": outcomes.count(CREATE) if self.applied else 0,
            "to_create": outcomes.count(CREATE),
            "unchanged": outcomes.count(UNCHANGED),
            "errors": outcomes.count(ERROR),
        }


def _header(rows: list[tuple[int, list[Cell]]]) -> tuple[int, dict[int, str]]:
    """The first row naming an identifier column and the joining day."""
    for number, cells in rows:
        columns = {
            index: HEADERS[fold(text_of(cell))]
            for index, cell in enumerate(cells)
            if fold(text_of(cell)) in HEADERS
        }
        found = set(columns.values())
        if found & {"nip", "regon", "krs"} and "joined_on" in found:
            return number, columns
    raise reject(
        "Nie znaleziono wiersza nagłówka (NIP / REGON / KRS i data przystąpienia)",
        "No header row with NIP / REGON / KRS and the joining date",
    )


def _organisations(texts: list[dict[str, str]]) -> dict[tuple[str, str], int]:
    """Every organisation the file names, by (identifier, value), in one query."""
    from crm.identifiers import normalise_krs, normalise_nip, normalise_regon

    wanted: dict[str, set[str]] = {"nip": set(), "regon": set(), "krs": set()}
    for row in texts:
        for key, normalise in (
            ("nip", normalise_nip),
            ("regon", normalise_regon),
            ("krs", normalise_krs),
        ):
            if row.get(key):
                try:
                    wanted[key].add(normalise(row[key]))
                except ValidationError:
                    continue
    found: dict[tuple[str, str], int] = {}
    condition = {f"{key}__in": values for key, values in wanted.items() if values}
    if not condition:
        return found
    from django.db.models import Q

    query = Q()
    for lookup, values in condition.items():
        query |= Q(**{lookup: values})
    for pk, nip, regon, krs in Organisation.objects.filter(query).values_list(
        "pk", "nip", "regon", "krs"
    ):
        for key, value in (("nip", nip), ("regon", regon), ("krs", krs)):
            if value:
                found[(key, value)] = pk
    return found


def _check_row(row: MembershipRow, text: dict[str, str], known: dict[tuple[str, str], int]) -> None:
    from crm.identifiers import normalise_krs, normalise_nip, normalise_regon

    ids: set[int] = set()
    named = False
    for key, normalise in (
        ("nip", normalise_nip),
        ("regon", normalise_regon),
        ("krs", normalise_krs),
    ):
        if not text.get(key):
            continue
        named = True
        try:
            value = normalise(text[key])
        except ValidationError as error:
            row.errors.extend(error.messages)
            continue
        if (key, value) in known:
            ids.add(known[(key, value)])
        else:
            row.errors.append(
                _("No organisation has %(key)s %(value)s (brak podmiotu)")
                % {"key": key.upper(), "value": value}
            )
    if not named:
        row.errors.append(_("No NIP, REGON or KRS (brak identyfikatora)"))
    if len(ids) > 1:
        row.errors.append(_("The identifiers point at different organisations"))
    elif ids:
        row.organisation_id = ids.pop()
    for key in ("joined_on", "left_on"):
        if not text.get(key):
            continue
        try:
            setattr(row, key, parse_date(text[key]))
        except ValueError:
            row.errors.append(_("Not a date: %(v)s") % {"v": text[key]})
    if row.joined_on is None and not text.get("joined_on"):
        row.errors.append(_("The joining date is missing (brak daty przystąpienia)"))
    if row.joined_on and row.left_on and row.left_on < row.joined_on:
        row.errors.append(_("It cannot leave before it joined."))
    role = fold(text.get("role", ""))
    if role:
        if role in ROLES:
            row.role = ROLES[role]
        else:
            row.errors.append(_("Unknown role: %(v)s") % {"v": text["role"]})
    row.left_reason = text.get("left_reason", "")[:300] if row.left_on else ""
    row.source = text.get("source", "")[:300]


def _check_against_database(rows: list[MembershipRow], network: Network, actor: Any) -> None:
    organisations = Organisation.objects.in_bulk(
        {row.organisation_id for row in rows if row.organisation_id}
    )
    existing = set(
        Membership.objects.filter(
            network=network, organisation_id__in=list(organisations)
        ).values_list("organisation_id", "joined_on")
    )
    seen: dict[int, list[MembershipRow]] = {}
    for row in rows:
        if row.errors or row.organisation_id is None or row.joined_on is None:
            continue
        organisation = organisations[row.organisation_id]
        if (row.organisation_id, row.joined_on) in existing:
            row.outcome = UNCHANGED
            continue
        if not access.can(
            actor, access.Action.ADD, Membership(organisation=organisation, network=network)
        ):
            row.errors.append(_("You may not add members from this organisation's subregion."))
            continue
        if network.founded_on and row.joined_on < network.founded_on:
            row.errors.append(_("The network was founded later."))
        if network.closed_on and row.joined_on >= network.closed_on:
            row.errors.append(_("The network was closed by then."))
        if overlapping_period_exists(
            organisation=organisation,
            network=network,
            joined_on=row.joined_on,
            left_on=row.left_on,
        ):
            row.errors.append(_("It is already a member of this network in that period."))
        for other in seen.get(row.organisation_id, []):
            if _overlap(row, other):
                row.errors.append(
                    _("Overlaps row %(row)d of the same organisation") % {"row": other.row_number}
                )
        seen.setdefault(row.organisation_id, []).append(row)


def _overlap(a: MembershipRow, b: MembershipRow) -> bool:
    assert a.joined_on and b.joined_on
    a_end = a.left_on or datetime.date.max
    b_end = b.left_on or datetime.date.max
    return a.joined_on < b_end and b.joined_on < a_end


def membership_import(
    *, actor: Any, network: Network, data: bytes, dry_run: bool = False, sheet: str = ""
) -> MembershipImport:
    """Check every row of a members' list for ``network``; unless ``dry_run`` and when every
    row is valid, add the new memberships in one transaction.

    Raises: FileRejected (the file itself is unreadable), PermissionDenied.
    """
    access.require_capability(actor, "imports.run")
    kind = check_file(data)
    table = read_table(data, kind.type, sheet)
    head = list(itertools.islice(table.rows, HEADER_SCAN_ROWS))
    header_row, columns = _header(head)
    rows: list[MembershipRow] = []
    texts: list[dict[str, str]] = []
    for number, cells in itertools.chain(head, table.rows):
        if number <= header_row:
            continue
        text: dict[str, str] = {}
        for index, name in columns.items():
            value = text_of(cells[index]) if index < len(cells) else ""
            if value:
                text[name] = value
        if not text or set(text) <= {"name"}:
            continue  # empty rows, and notes under the table
        rows.append(MembershipRow(row_number=number))
        texts.append(text)
    known = _organisations(texts)
    for row, text in zip(rows, texts, strict=True):
        _check_row(row, text, known)
    _check_against_database(rows, network, actor)
    for row in rows:
        if row.errors:
            row.outcome = ERROR
    result = MembershipImport(network=network, rows=rows, dry_run=dry_run)
    if dry_run or any(row.outcome == ERROR for row in rows):
        return result
    _write(result, actor)
    return result


@transaction.atomic
def _write(result: MembershipImport, actor: Any) -> None:
    new = [row for row in result.rows if row.outcome == CREATE]
    organisations = Organisation.objects.in_bulk([row.organisation_id for row in new])
    for row in new:
        assert row.organisation_id is not None and row.joined_on is not None
        membership_join(
            actor=actor,
            organisation=organisations[row.organisation_id],
            network=result.network,
            joined_on=row.joined_on,
            role=row.role,
            source=row.source or _("import"),
            left_on=row.left_on,
            left_reason=row.left_reason,
        )
    result.applied = True
    action_log_write(
        actor=actor,
        verb="imports.memberships.imported",
        obj=result.network,
        details={k: v for k, v in result.counts.items() if k != "to_create"},
    )
