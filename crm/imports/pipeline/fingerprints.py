"""A hash of what an import wrote to each organisation, so an unchanged re-import is cheap.

After a chunk is applied, every organisation it created or brought up to date holds exactly the
values of its entity (the diff between them is empty). A later file with the same values, for
an organisation nobody has edited since (``updated_at`` still the stamp), is "unchanged"
without loading the organisation. Entities naming contact people always take the full path:
their affiliations can be removed without touching the organisation.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import connection

from crm.imports.models import ImportFingerprint
from crm.imports.pipeline.normalise import ORGANISATION_FIELDS

FIELDS = (*ORGANISATION_FIELDS, "search_name")
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode


def digest(entity: dict[str, Any]) -> str | None:
    """The entity's fingerprint, or None when it cannot have one (it names people)."""
    if entity.get("people"):
        return None
    payload = _encode([entity.get(name) for name in FIELDS])
    return hashlib.blake2b(payload.encode(), digest_size=16).hexdigest()


# What the matching and the diff read of an organisation, hashed by PostgreSQL itself, so an
# edit that did not move updated_at (a bulk UPDATE, a fix in psql) is noticed too.
STATE = (
    "md5(ROW(o.search_name, o.kind, o.legal_form, o.nip, o.regon, o.krs, o.kgw_number, "
    "o.street, o.postal_code, o.town, o.gmina_id, o.email, o.phones, o.website, o.notes)::text)"
)


def enabled() -> bool:
    # Elsewhere (SQLite in development and tests) every row takes the full matching.
    return connection.vendor == "postgresql"


def unchanged(entities: dict[int, dict[str, Any]]) -> dict[int, int]:
    """Row number → organisation id, for the entities an earlier import wrote as they are."""
    if not enabled():
        return {}
    wanted: dict[str, list[int]] = {}
    for number, entity in entities.items():
        value = digest(entity)
        if value is not None:
            wanted.setdefault(value, []).append(number)
    if not wanted:
        return {}
    table = ImportFingerprint._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT f.digest, f.organisation_id FROM {table} f "  # noqa: S608
            "JOIN contacts_organisation o ON o.id = f.organisation_id "
            f"AND o.updated_at = f.stamp AND f.state = {STATE} "
            "WHERE f.digest = ANY(%s)",
            [list(wanted)],
        )
        rows = cursor.fetchall()
    found: dict[str, list[int]] = {}
    for value, organisation_id in rows:
        found.setdefault(value, []).append(organisation_id)
    result: dict[int, int] = {}
    for value, numbers in wanted.items():
        organisations = found.get(value, [])
        # Two organisations with one fingerprint are duplicates: the full matching reports it.
        if len(organisations) == 1 and len(numbers) == 1:
            result[numbers[0]] = organisations[0]
    return result


def record(written: list[tuple[int, dict[str, Any]]]) -> None:
    """Remember (organisation id, entity) of what a chunk just wrote, for the next import."""
    if not enabled():
        return
    rows = [(pk, value) for pk, entity in written if (value := digest(entity))]
    if not rows:
        return
    table = ImportFingerprint._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (organisation_id, digest, stamp, state) "  # noqa: S608
            f"SELECT o.id, v.digest, o.updated_at, {STATE} "
            "FROM unnest(%s::bigint[], %s::varchar[]) AS v(id, digest) "
            "JOIN contacts_organisation o ON o.id = v.id "
            "ON CONFLICT (organisation_id) DO UPDATE "
            "SET digest = EXCLUDED.digest, stamp = EXCLUDED.stamp, state = EXCLUDED.state",
            [[r[0] for r in rows], [r[1] for r in rows]],
        )
