"""Step 4, the support columns: what a partner's row says besides the organisation.

"Status PS" (tak / nie) with the date it was granted and the decision number, the kind and
date of the support given, the jobs created and the employment (headcount and FTE kept
apart). They are read here into the row's values; ``records`` turns them into PS statuses,
contact-log entries and employment records when the batch is applied. A "tak" without a date
is a warning: the status is never guessed.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _

from crm.cells import parse_date
from crm.text import fold

YES = frozenset({"tak", "t", "yes", "y", "x", "1", "posiada", "ma status", "tak ps"})
NO = frozenset({"nie", "n", "no", "0", "brak", "nie posiada", "-"})


@lru_cache(maxsize=4096)
def _iso_day(text: str) -> str | None:
    # A file repeats its few hundred dates: each is parsed once. Raises: ValueError.
    day = parse_date(text)
    return day.isoformat() if day else None


def _date(text: str, warnings: list[str]) -> str | None:
    if not text:
        return None
    try:
        return _iso_day(text)
    except ValueError:
        warnings.append(_("Not a date: %(v)s") % {"v": text})
        return None


_answer = lru_cache(maxsize=1024)(fold)


def _whole(text: str, warnings: list[str]) -> int | None:
    if not text:
        return None
    try:
        number = Decimal(text.replace(" ", "").replace(",", "."))
    except InvalidOperation:
        number = Decimal(-1)
    if number < 0 or number != number.to_integral_value():
        warnings.append(_("Not a whole number: %(v)s") % {"v": text})
        return None
    return int(number)


def _fte(text: str, warnings: list[str]) -> str | None:
    if not text:
        return None
    try:
        number = Decimal(text.replace(" ", "").replace(",", "."))
    except InvalidOperation:
        number = Decimal(-1)
    if not number.is_finite() or number < 0 or number >= Decimal("1000000"):
        warnings.append(_("Not a number of FTE: %(v)s") % {"v": text})
        return None
    return str(number.quantize(Decimal("0.01")))


def read_support(texts: dict[str, str], values: dict[str, Any], warnings: list[str]) -> None:
    """Fill the support values of one row from its cells (``texts``: field → cell text)."""
    status = texts.get("ps_status", "")
    values["ps_status"] = status
    values["ps_granted_on"] = _date(texts.get("ps_granted_on", ""), warnings)
    values["ps_decision_number"] = texts.get("ps_decision_number", "")[:100]
    answer = _answer(status)
    holds = answer in YES or (not answer and bool(values["ps_granted_on"]))
    if answer and answer not in YES and answer not in NO:
        warnings.append(
            _("Status PS '%(v)s' is neither 'tak' nor 'nie': no PS status recorded") % {"v": status}
        )
    elif holds and not values["ps_granted_on"]:
        warnings.append(
            _(
                "Status PS 'tak' without the date it was granted: no PS status recorded (the "
                "date is not guessed; add the column 'Data przyznania statusu PS')"
            )
        )
    values["ps_holds"] = holds
    values["support_kind"] = texts.get("support_kind", "")[:300]
    values["support_date"] = _date(texts.get("support_date", ""), warnings)
    if values["support_kind"] and not values["support_date"] and texts.get("support_date") is None:
        warnings.append(
            _("A kind of support without its date: no contact-log entry for it (%(kind)s)")
            % {"kind": values["support_kind"]}
        )
    values["jobs_created"] = _whole(texts.get("jobs_created", ""), warnings)
    values["employees"] = _whole(texts.get("employees", ""), warnings)
    values["employees_at_risk"] = _whole(texts.get("employees_at_risk", ""), warnings)
    values["fte"] = _fte(texts.get("fte", ""), warnings)
    at_risk, employees = values["employees_at_risk"], values["employees"]
    if at_risk is not None and employees is not None and at_risk > employees:
        warnings.append(_("More employees at risk of exclusion than employees: left out"))
        values["employees_at_risk"] = None
