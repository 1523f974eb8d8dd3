"""Step 5: which organisation each entity of the file is: NIP, REGON, KRS, then name + gmina.

Every candidate for a chunk of rows comes back in ONE query; the IN lists stay under SQLite's
limits because a chunk holds at most ``CHUNK`` rows.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

from contacts.models import OPERATED_KINDS, Affiliation, Organisation, OrganisationKind
from crm.text import fold
from crm.top.imports.pipeline.pgarrays import TEXT_ARRAY, texts

CHUNK = 900
# PostgreSQL takes the candidates as array parameters: bigger chunks, fewer round trips
# and commits.
CHUNK_POSTGRESQL = 5000


def chunk_size() -> int:
    """Rows per chunk: ``IMPORT_CHUNK_ROWS`` when set (never above SQLite's ceiling there)."""
    chosen = getattr(settings, "IMPORT_CHUNK_ROWS", 0)
    if connection.vendor == "postgresql":
        return chosen or CHUNK_POSTGRESQL
    return min(chosen, CHUNK) if chosen else CHUNK


IDENTIFIERS = ("nip", "regon", "krs", "kgw_number")
LOADED_FIELDS = (
    "id", "name", "kind", "legal_form", "nip", "regon", "krs", "kgw_number", "street",
    "postal_code", "town", "gmina_id", "email", "phones", "website", "notes", "updated_at",
    "search_name", "operator_id",
)  # fmt: skip
SCALARS = ("legal_form", "street", "postal_code", "town", "website")


def is_unit(values: dict[str, Any]) -> bool:
    """A WTZ, ZAZ, CIS or KIS row: the NIP (and KRS) it carries may be its operator's."""
    return values.get("kind") in OPERATED_KINDS


def entity_keys(values: dict[str, Any]) -> list[str]:
    """What makes two rows of one file the same entity: any identifier, or name + gmina.

    A unit's NIP and KRS are usually its operator's, shared with its siblings: a unit row is
    the same entity as another by its name and gmina (or its own REGON), never by them.
    """
    shared = ("nip", "krs") if is_unit(values) else ()
    keys = [f"{k}:{values[k]}" for k in IDENTIFIERS if values.get(k) and k not in shared]
    keys.append(f"name:{search_name(values)}|{values.get('gmina') or ''}")
    return keys


def new_entity(values: dict[str, Any]) -> dict[str, Any]:
    """A row's values as an entity: the contact person becomes the first of its people."""
    entity = dict(values)
    entity["people"] = [values["contact_person"]] if values.get("contact_person") else []
    return entity


def search_name(values: dict[str, Any]) -> str:
    """The folded name, computed once when the row was normalised."""
    return values.get("search_name") or fold(values.get("name", ""))[:300]


def conflicts(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """Identifiers both sides have and that differ."""
    return [k for k in IDENTIFIERS if a.get(k) and b.get(k) and a[k] != b[k]]


class Found:
    """An organisation as the plan reads it: its loaded columns, no model instance."""

    __slots__ = LOADED_FIELDS

    def __init__(self, row: tuple[Any, ...]) -> None:
        for name, value in zip(LOADED_FIELDS, row, strict=True):
            setattr(self, name, value)
        if isinstance(self.phones, str):  # type: ignore[has-type]
            self.phones = json.loads(self.phones)  # type: ignore[has-type]

    @property
    def pk(self) -> int:
        return self.id  # type: ignore[no-any-return,attr-defined]


class Candidates:
    """Every organisation a chunk of entities may be, loaded in one query, indexed.

    ``models=False`` (the plan, which only reads) loads plain ``Found`` rows instead of
    model instances.
    """

    def __init__(
        self, entities: list[dict[str, Any]], gmina_ids: dict[str, int], *, models: bool = True
    ) -> None:
        self.gmina_ids = gmina_ids
        lookups: dict[str, set[str]] = {k: set() for k in IDENTIFIERS}
        names: set[str] = set()
        for values in entities:
            for key in IDENTIFIERS:
                if values.get(key):
                    lookups[key].add(values[key])
            names.add(search_name(values))
        self.by: dict[str, dict[Any, list[Any]]] = defaultdict(lambda: defaultdict(list))
        self.organisations: dict[int, Any] = {}
        loaded: Iterable[Any] = _load(names, lookups) if models else _load_rows(names, lookups)
        for organisation in loaded:
            self.organisations[organisation.pk] = organisation
            for key in IDENTIFIERS:
                if getattr(organisation, key):
                    self.by[key][getattr(organisation, key)].append(organisation)
            self.by["name"][(organisation.search_name, organisation.gmina_id)].append(organisation)

    def match(self, values: dict[str, Any]) -> tuple[Organisation | None, str]:
        """The organisation, or None; an error message when the file contradicts the database."""
        if is_unit(values) and values.get("nip") and self.by["nip"].get(values["nip"]):
            return self._match_unit(values), ""
        found: dict[int, tuple[str, Organisation]] = {}
        for key in IDENTIFIERS:
            if values.get(key):
                for organisation in self.by[key].get(values[key], []):
                    # The units an organisation runs carry its NIP: the row is not them.
                    if key != "nip" or organisation.operator_id is None:
                        found.setdefault(organisation.pk, (key, organisation))
        if len(found) > 1:
            return None, _(
                "The identifiers point at different organisations: %(which)s "
                "(identyfikatory wskazują różne podmioty)"
            ) % {"which": ", ".join(f"{k.upper()} → #{pk}" for pk, (k, _o) in found.items())}
        if found:
            key, organisation = next(iter(found.values()))
            clash = conflicts(values, _identifiers(organisation))
            if clash:
                return None, _(
                    "%(key)s matches organisation #%(pk)s, which has a different %(other)s "
                    "(sprzeczne identyfikatory)"
                ) % {"key": key.upper(), "pk": organisation.pk, "other": clash[0].upper()}
            return organisation, ""
        gmina_id = self.gmina_ids.get(values.get("gmina") or "")
        same_name = [
            o
            for o in self.by["name"].get((search_name(values), gmina_id), [])
            if not conflicts(values, _identifiers(o))
        ]
        if len(same_name) > 1:
            return None, _(
                "Several organisations have this name in this gmina: %(ids)s "
                "(kilka podmiotów o tej nazwie)"
            ) % {"ids": ", ".join(f"#{o.pk}" for o in same_name)}
        return (same_name[0] if same_name else None), ""

    def _match_unit(self, values: dict[str, Any]) -> Any:
        """A unit row whose NIP is registered: the organisation itself when it holds the NIP
        (a unit of the same kind and name), else its operator's unit of this kind by name and
        gmina (contacts.services.units.unit_key), or None: a new unit of that operator."""
        name, kind = search_name(values), values["kind"]
        holders = self.by["nip"][values["nip"]]
        for organisation in holders:
            if organisation.kind == kind and organisation.search_name == name:
                return organisation
        operator = next((o for o in holders if o.operator_id is None), None)
        if operator is None:
            return None
        gmina_id = self.gmina_ids.get(values.get("gmina") or "")
        for organisation in self.by["name"].get((name, gmina_id), []):
            if organisation.operator_id == operator.pk and organisation.kind == kind:
                return organisation
        return None


def _candidates_sql(names: set[str], lookups: dict[str, set[str]]) -> tuple[str, list[str]]:
    """PostgreSQL: every organisation whose folded name or an identifier is one of these, each
    once, by key.

    Each list goes in as one JSON text (pgarrays.py) and each of its values is looked up in
    its column's index (LATERAL): "col = ANY(array)" filters took 5,000-element arrays quoted
    one by one in Python, and PostgreSQL, planning them, tested every row of the table
    against them (a growing table, chunk after chunk).
    """
    parts, params = [], []
    for column, wanted in (("search_name", names), *((k, lookups[k]) for k in IDENTIFIERS)):
        if wanted:
            parts.append(
                f"SELECT c.id FROM unnest({TEXT_ARRAY}) AS v(value) CROSS JOIN LATERAL "  # noqa: S608
                f"(SELECT id FROM contacts_organisation WHERE {column} = v.value) AS c"
            )
            params.append(texts(sorted(wanted)))
    if not parts:
        parts.append("SELECT NULL::bigint AS id WHERE false")
    columns = ", ".join(f"o.{name}" for name in LOADED_FIELDS)  # attnames, also the columns
    found = " UNION ALL ".join(parts)
    sql = (
        f"SELECT {columns} FROM (SELECT DISTINCT id FROM ({found}) AS f) AS m "  # noqa: S608
        "JOIN contacts_organisation o ON o.id = m.id ORDER BY o.id"
    )
    return sql, params


def _load(names: set[str], lookups: dict[str, set[str]]) -> Iterable[Organisation]:
    """One query for every candidate of a chunk."""
    if connection.vendor == "postgresql":
        return Organisation.objects.raw(*_candidates_sql(names, lookups))
    condition = Q(search_name__in=names)
    for key, found in lookups.items():
        if found:
            condition |= Q(**{f"{key}__in": found})
    return Organisation.objects.filter(condition).only(*LOADED_FIELDS)


def _load_rows(names: set[str], lookups: dict[str, set[str]]) -> Iterable[Found]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(*_candidates_sql(names, lookups))
            return [Found(row) for row in cursor.fetchall()]
    condition = Q(search_name__in=names)
    for key, found in lookups.items():
        if found:
            condition |= Q(**{f"{key}__in": found})
    rows = Organisation.objects.filter(condition).values_list(*LOADED_FIELDS)
    return [Found(row) for row in rows]


def _identifiers(organisation: Any) -> dict[str, Any]:
    return {k: getattr(organisation, k) for k in IDENTIFIERS}


def affiliated_people(organisation_ids: list[int]) -> dict[int, set[str]]:
    """Folded full names of the people already linked to each organisation (one query)."""
    found: dict[int, set[str]] = defaultdict(set)
    if not organisation_ids:
        return found
    rows: Iterable[tuple[int, str, str]]
    if connection.vendor == "postgresql":
        # One array parameter: a chunk's thousands of ids would otherwise each be a placeholder.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT a.organisation_id, p.first_name, p.last_name "
                "FROM contacts_affiliation a JOIN contacts_person p ON p.id = a.person_id "
                "WHERE a.organisation_id = ANY(%s)",
                [organisation_ids],
            )
            rows = cursor.fetchall()
    else:
        rows = Affiliation.objects.filter(organisation_id__in=organisation_ids).values_list(
            "organisation_id", "person__first_name", "person__last_name"
        )
    for organisation_id, first, last in rows:
        found[organisation_id].add(fold(f"{first} {last}"))
    return found


def kind_differs(recorded: str, in_file: str) -> bool:
    """Both kinds known ('other' is not) and not the same."""
    other = OrganisationKind.OTHER
    return recorded != in_file and other not in (recorded, in_file)


def person_key(person: dict[str, str]) -> str:
    return fold(f"{person.get('first_name', '')} {person.get('last_name', '')}")


def diff(
    organisation: Organisation,
    values: dict[str, Any],
    gmina_codes: dict[int, str],
    known_people: set[str],
) -> dict[str, list[Any]]:
    """What the import would change on ``organisation``: ``{field: [old, new]}``, JSON-safe.

    Empty cells never blank a value; phones and e-mails are only ever added.
    """
    changes: dict[str, list[Any]] = {}
    for key in IDENTIFIERS:
        if values.get(key) and not getattr(organisation, key):
            changes[key] = [None, values[key]]
    if organisation.kind == OrganisationKind.OTHER and values["kind"] != OrganisationKind.OTHER:
        changes["kind"] = [organisation.kind, values["kind"]]
    # A kind the file says otherwise is a person's decision (flags), and its legal form with it.
    differs = kind_differs(organisation.kind, values["kind"])
    for key in SCALARS:
        if key == "legal_form" and differs:
            continue
        new = values.get(key) or ""
        if new and new != getattr(organisation, key):
            changes[key] = [getattr(organisation, key), new]
    code = values.get("gmina")
    old_code = gmina_codes.get(organisation.gmina_id) if organisation.gmina_id else None
    if code and code != old_code:
        changes["gmina"] = [old_code, code]
    phones = list(organisation.phones or [])
    added = [p for p in values.get("phones", []) if p not in phones]
    if added:
        changes["phones"] = [phones, phones + added]
    emails = list(values.get("emails", []))
    email = organisation.email or (emails[0] if emails else "")
    if email != organisation.email:
        changes["email"] = [organisation.email, email]
    extra = [e for e in emails if e != email and e not in (organisation.notes or "")]
    if extra:
        notes = organisation.notes or ""
        line = "E-mail: " + ", ".join(extra)
        changes["notes"] = [notes, f"{notes}\n{line}" if notes else line]
    people = [p for p in values.get("people", []) if person_key(p) not in known_people]
    if people:
        changes["people"] = [None, [f"{p['first_name']} {p['last_name']}".strip() for p in people]]
    return changes
