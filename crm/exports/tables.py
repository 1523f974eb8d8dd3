"""The columns of a list export: a Polish header and how to read the cell from a row.

Each app describes its lists' columns with these (``contacts/exports.py``,
``interactions/exports.py``, ``networks/exports.py``) and registers them in
``crm.exports.registry``. Cells are values a spreadsheet understands: labels instead of codes,
``datetime.date`` for dates, ``Decimal`` / ``int`` for numbers, local times, ``PhoneText`` for
phones; ``crm.exports.formats`` writes them (formula-free) as XLSX or CSV.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.exports.formats import PhoneText
from crm.identifiers import format_nip, format_phone


@dataclass(frozen=True)
class Column:
    """One column: ``header`` (a lazy translated text) and ``value(row)``.

    A ``personal`` column (names, e-mails and phones of people) is left out for a user who may
    not see personal data, so a viewer's export of the same list simply has fewer columns.
    """

    header: Any
    value: Callable[[Any], Any]
    personal: bool = False


def field_header(model: type[models.Model], name: str) -> Any:
    """The model field's own (translated, lazy) name: the header "Data przystąpienia"."""
    return _model_field(model, name).verbose_name


def _model_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    found = model._meta.get_field(name)
    assert isinstance(found, models.Field), name
    return found


def path_value(row: Any, path: str) -> Any:
    """``row.a.b.c`` for ``"a__b__c"``, or None where a link is empty."""
    value = row
    for part in path.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def field(
    model: type[models.Model], name: str, *, path: str = "", header: Any = None, **kw: Any
) -> Column:
    """A column of one field of ``model`` reached from the row through ``path``: choices as
    their label, booleans as "Tak" / "Nie", times in the local zone."""
    model_field = _model_field(model, name)
    choices = dict(model_field.choices or ())
    full = f"{path}__{name}" if path else name

    def value(row: Any) -> Any:
        raw = path_value(row, full)
        if choices:
            return str(choices.get(raw, raw)) if raw not in (None, "") else ""
        return cell(raw)

    return Column(header if header is not None else field_header(model, name), value, **kw)


def cell(raw: Any) -> Any:
    """A stored value as a spreadsheet cell."""
    if isinstance(raw, bool):
        return yes_no(raw)
    if isinstance(raw, datetime.datetime):
        return local_time(raw)
    if isinstance(raw, models.Model):
        return str(raw)
    return raw


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def local_time(value: datetime.datetime | None) -> datetime.datetime | None:
    """An aware time as the wall clock of Europe/Warsaw, without a zone (what Excel holds)."""
    if value is None:
        return None
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def nip(value: str | None) -> str:
    return format_nip(value) if value else ""


def phones(values: Iterable[str] | None) -> PhoneText | str:
    """Phones as ``+48 85 682 11 22, +48 502 300 400``: text, no apostrophe glued to them."""
    text = ", ".join(format_phone(p) for p in values or () if p)
    return PhoneText(text) if text else ""


def joined(values: Iterable[Any]) -> str:
    """Several names in one cell, each once, in the order met."""
    seen: list[str] = []
    for value in values:
        text = str(value) if value is not None else ""
        if text and text not in seen:
            seen.append(text)
    return ", ".join(seen)


def territory(path: str) -> list[Column]:
    """Gmina, powiat and subregion of the gmina reached through ``path`` (e.g.
    ``"organisation__gmina"``); the queryset should ``select_related`` it."""
    return [
        Column(gettext_lazy("gmina"), lambda row: _gmina(path_value(row, path))),
        Column(gettext_lazy("powiat"), lambda row: _name(path_value(row, f"{path}__powiat"))),
        Column(gettext_lazy("subregion"), lambda row: _name(path_value(row, f"{path}__subregion"))),
    ]


def territories(gminas: Callable[[Any], Iterable[Any]]) -> list[Column]:
    """Gminas, powiats and subregions of several places of a row (a contact's organisations)."""
    return [
        Column(gettext_lazy("gmina"), lambda row: joined(_gmina(g) for g in gminas(row) if g)),
        Column(gettext_lazy("powiat"), lambda row: joined(g.powiat.name for g in gminas(row) if g)),
        Column(
            gettext_lazy("subregion"),
            lambda row: joined(g.subregion.name for g in gminas(row) if g and g.subregion_id),
        ),
    ]


def _name(unit: Any) -> str:
    return unit.name if unit is not None else ""


def _gmina(gmina: Any) -> str:
    """With its kind: a town and the rural gmina around it share a name (Augustów)."""
    return gmina.display_name if gmina is not None else ""
