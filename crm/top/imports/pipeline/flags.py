"""Step 7, rows that need a person's decision: imported as far as is certain, then flagged.

- a gmina name that is both an urban and a rural gmina ("Siemiatycze", "Augustów") with
  nothing to tell which: the organisation has no gmina yet; the choices are the gminas;
- a kind the file says otherwise than the record it matched: the record keeps its kind (and
  legal form); the choices are the two kinds;
- a WTZ, ZAZ, CIS or KIS whose operator was not found (no organisation holds the NIP it
  carries, or it carries none): created without one; the choices are the organisations that
  may run it in its gmina.

One flag per organisation and decision, ever; ``services.flags`` resolves it in one step.
"""

from __future__ import annotations

from typing import Any

from contacts.models import OPERATED_KINDS, Organisation
from contacts.models.kinds import JST_KINDS, OrganisationKind
from crm.territory.models import Gmina
from crm.top.imports.models import ImportBatch, ImportFlag
from crm.top.imports.pipeline.matching import kind_differs

K = OrganisationKind
# Who runs a WTZ, ZAZ, CIS or KIS (the rehabilitation and social employment acts): NGOs,
# church legal persons, local governments and their social assistance centres.
OPERATOR_KINDS = frozenset(
    {K.ASSOCIATION, K.FOUNDATION, K.CHURCH_ENTITY, K.CHURCH, K.SOCIAL_ASSISTANCE} | JST_KINDS
)
MAX_OPERATORS = 8


def gmina_label(gmina: Gmina) -> str:
    """ "Augustów (urban gmina)": same-name gminas told apart."""
    return f"{gmina.name} ({gmina.get_kind_display()})"


def kind_label(kind: str) -> str:
    return str(OrganisationKind(kind).label) if kind in OrganisationKind.values else kind


def operator_choices(organisation: Any) -> list[list[Any]]:
    """The organisations no one runs that may run a unit, in the unit's gmina (by name)."""
    if organisation.gmina_id is None:
        return []
    found = (
        Organisation.objects.filter(
            gmina_id=organisation.gmina_id,
            operator__isnull=True,
            kind__in=sorted(OPERATOR_KINDS),
            closed_on__isnull=True,
        )
        .exclude(pk=organisation.pk)
        .order_by("search_name", "pk")
        .values_list("pk", "name")[:MAX_OPERATORS]
    )
    return [[str(pk), name] for pk, name in found]


def raise_flags(batch: ImportBatch, rows: list[Any]) -> None:
    """Flag what ``rows`` (with their ``organisation`` and ``values``) leave undecided."""
    flags: dict[tuple[int, str], ImportFlag] = {}
    labels: dict[str, str] = {}
    codes = {c for r in rows for c in r.values.get("gmina_choices") or []}
    if codes:
        # Labelled once a gmina, not once a row: each label is a translation lookup.
        labels = {g.code: gmina_label(g) for g in Gmina.objects.filter(code__in=codes)}
    for row in rows:
        organisation, values = row.organisation, row.values
        found: list[tuple[str, list[list[Any]]]] = []
        if values.get("gmina_choices") and organisation.gmina_id is None:
            choices = [[c, labels[c]] for c in values["gmina_choices"] if c in labels]
            found.append((ImportFlag.Kind.GMINA, choices))
        if kind_differs(organisation.kind, values.get("kind", "")):
            kinds = [organisation.kind, values["kind"]]
            found.append((ImportFlag.Kind.KIND, [[k, kind_label(k)] for k in kinds]))
        if organisation.kind in OPERATED_KINDS and organisation.operator_id is None:
            found.append((ImportFlag.Kind.OPERATOR, operator_choices(organisation)))
        for kind, choices in found:
            flags.setdefault(
                (organisation.pk, kind),
                ImportFlag(
                    batch=batch,
                    row_number=row.row_number,
                    kind=kind,
                    organisation_id=organisation.pk,
                    choices=choices,
                ),
            )
    if not flags:
        return
    # One flag per organisation and decision: a resumed batch, or a later file that says the
    # same, asks nothing twice (a kind a person kept stays kept).
    taken = set(
        ImportFlag.objects.filter(organisation_id__in=[k[0] for k in flags]).values_list(
            "organisation_id", "kind"
        )
    )
    ImportFlag.objects.bulk_create(
        [f for key, f in flags.items() if key not in taken], ignore_conflicts=True
    )
