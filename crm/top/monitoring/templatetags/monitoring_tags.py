"""Formatting indicator values: Polish separators and the value's own decimal places."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from crm.templatetags.siec import number

register = template.Library()

# Units whose values are always shown with a fixed number of decimal places: amounts and FTE
# (a column of FTE reads 62,50 beside 23,00, not beside 23).
FIXED_PLACES = {"zł": 2, "etaty": 2}


@register.filter
def value(amount: Any, unit: str = "") -> str:
    """12 500 for counts, 12 500,50 for amounts (unit "zł") and 23,00 for FTE (unit "etaty"),
    1,5 for hours; "—" for nothing."""
    if amount is None or amount == "":
        return "—"
    if unit in FIXED_PLACES:
        return number(amount, FIXED_PLACES[unit])
    if isinstance(amount, Decimal) and amount == amount.to_integral_value():
        return number(amount)
    if isinstance(amount, Decimal):
        exponent = amount.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return number(amount, places)
    if isinstance(amount, float):
        return number(amount, 0 if amount.is_integer() else 1)
    return number(amount)
