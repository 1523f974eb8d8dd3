"""How the import pages say what a dry run found and an import did: numbers and words agree.

Polish has three forms for whole numbers ("1 nowa organizacja", "3 nowe organizacje",
"6 nowych organizacji"): a counter label is chosen for its number, never shown bare next to
any number.
"""

from __future__ import annotations

from django.utils.translation import npgettext

from crm.top.imports.models import ImportRow

Out = ImportRow.Outcome


def counter_label(outcome: str, n: int) -> str:
    """The words under a counter of ``outcome`` rows, in the form that agrees with ``n``."""
    if outcome == Out.CREATE:
        return npgettext("import counter", "new organisation", "new organisations", n)
    if outcome == Out.UPDATE:
        return npgettext("import counter", "update", "updates", n)
    if outcome == Out.UNCHANGED:
        return npgettext("import counter", "unchanged", "unchanged", n)
    if outcome == Out.MERGED:
        return npgettext(
            "import counter", "merged into an earlier row", "merged into earlier rows", n
        )
    if outcome == Out.IGNORED:
        return npgettext("import counter", "ignored", "ignored", n)
    return npgettext("import counter", "error", "errors", n)


def counters(counts: dict[str, int]) -> list[tuple[str, int, str]]:
    """(outcome, number, label) for each outcome, in the order of the choices."""
    return [(key, counts.get(key, 0), counter_label(key, counts.get(key, 0))) for key in Out]


def finished(counts: dict[str, int]) -> str:
    """ "Import zakończony: 6 nowych organizacji, 1 aktualizacja, 2 wiersze niezaimportowane."""
    created, updated, errors = (counts.get(k, 0) for k in (Out.CREATE, Out.UPDATE, Out.ERROR))
    parts = [
        f"{created} {counter_label(Out.CREATE, created)}",
        f"{updated} {counter_label(Out.UPDATE, updated)}",
        f"{errors} " + npgettext("import counter", "row not imported", "rows not imported", errors),
    ]
    return ", ".join(parts)
