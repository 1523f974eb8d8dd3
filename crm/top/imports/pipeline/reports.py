"""Step 8: the rows that were not imported, in the original columns, to fix and import again."""

from __future__ import annotations

from django.utils.translation import gettext as _

from crm.exports.formats import render
from crm.top.imports.models import ImportBatch, ImportRow

Out = ImportRow.Outcome


def rows_not_imported(batch: ImportBatch, fmt: str = "csv") -> bytes:
    """``Wiersz`` (the row a person sees in Excel), the original columns, then ``Powód``."""
    headers = [str(h) for h in batch.headers]
    width = len(headers)

    def lines():  # type: ignore[no-untyped-def]
        rows = (
            ImportRow.objects.filter(batch=batch, outcome=Out.ERROR)
            .order_by("row_number")
            .only("row_number", "raw", "messages")
        )
        for row in rows.iterator(chunk_size=2000):
            raw = list(row.raw)[:width] + [None] * max(0, width - len(row.raw))
            reason = "; ".join(str(m) for m in row.messages) or _("error")
            yield [row.row_number, *raw, reason]

    return render(fmt, ["Wiersz", *headers, "Powód"], lines())
