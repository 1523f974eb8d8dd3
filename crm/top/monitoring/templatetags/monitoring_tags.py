"""Formatting indicator values: Polish separators and the value's own decimal places."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from crm.templatetags.siec import number

register = template.Library()


@register.filter
def value(amount: Any, unit: str = "") -> str:
    """12 500 for counts, 12 500,50 for amounts (unit "zł"), 1,5 for hours; "—" for nothing."""
    if amount is None or amount == "":
        return "—"
    if unit == "zł":
        return number(amount, 2)
    if isinstance(amount, Decimal) and amount == amount.to_integral_value():
        return number(amount)
    if isinstance(amount, Decimal):
        exponent = amount.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return number(amount, places)
    if isinstance(amount, float):
        return number(amount, 0 if amount.is_integer() else 1)
    return number(amount)
