"""Step 8: the rows that were not imported, in the original columns, to fix and import again;
and the rows imported as far as was certain that wait for a decision, with their choices."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q
from django.utils.translation import gettext as _

from crm.exports.formats import render
from crm.top.imports.models import ImportBatch, ImportFlag, ImportRow

Out = ImportRow.Outcome


def flag_text(flag: ImportFlag) -> str:
    """ "To decide: which gmina: Augustów (urban gmina) / Augustów (rural gmina)"."""
    choices = " / ".join(str(label) for _value, label in flag.choices) or _(
        "none found: choose on the organisation's page"
    )
    return _("To decide: %(what)s: %(choices)s") % {
        "what": flag.get_kind_display(),
        "choices": choices,
    }


def rows_not_imported(batch: ImportBatch, fmt: str = "csv") -> bytes:
    """``Wiersz`` (the row a person sees in Excel), the original columns, then ``Powód``."""
    headers = [str(h) for h in batch.headers]
    width = len(headers)
    decisions: dict[int, list[str]] = defaultdict(list)
    for flag in ImportFlag.objects.filter(batch=batch, resolved_at__isnull=True):
        decisions[flag.row_number].append(flag_text(flag))

    def lines():  # type: ignore[no-untyped-def]
        rows = (
            ImportRow.objects.filter(
                Q(outcome=Out.ERROR) | Q(row_number__in=sorted(decisions)), batch=batch
            )
            .order_by("row_number")
            .only("row_number", "raw", "messages", "outcome")
        )
        for row in rows.iterator(chunk_size=2000):
            raw = list(row.raw)[:width] + [None] * max(0, width - len(row.raw))
            if row.outcome == Out.ERROR:
                reason = "; ".join(str(m) for m in row.messages) or _("error")
            else:
                reason = "; ".join(decisions[row.row_number])
            yield [row.row_number, *raw, reason]

    return render(fmt, ["Wiersz", *headers, "Powód"], lines())
