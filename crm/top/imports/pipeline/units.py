"""Step 7, operated units: a WTZ, ZAZ, CIS or KIS row whose NIP belongs to an organisation no
one runs becomes a unit run by it (``contacts.services.units``), never merged into it.

Units are applied after every other row of the batch, so their operator exists by then even
when it comes later in the file. A unit row whose operator is not found is created as far as
is certain (no operator) and flagged for a person to choose one (``flags``).
"""

from __future__ import annotations

from typing import Any

from contacts.models import OPERATED_KINDS, Organisation


def attach_operators(created: list[tuple[Any, dict[str, Any]]]) -> None:
    """Set ``operator_id`` on the new units' columns whose NIP an operator holds (one query);
    their operator's KRS and REGON are its own, not the unit's: they are left out."""
    units = [c for _row, c in created if c["kind"] in OPERATED_KINDS and c.get("nip")]
    if not units:
        return
    operators = {
        nip: (pk, krs, regon)
        for nip, pk, krs, regon in Organisation.objects.filter(
            nip__in={c["nip"] for c in units}, operator__isnull=True
        ).values_list("nip", "pk", "krs", "regon")
    }
    for columns in units:
        found = operators.get(columns["nip"])
        if found is None:
            continue
        pk, krs, regon = found
        columns["operator_id"] = pk
        if columns.get("krs") and columns["krs"] == krs:
            columns["krs"] = None
        if columns.get("regon") and columns["regon"] == regon:
            columns["regon"] = None
