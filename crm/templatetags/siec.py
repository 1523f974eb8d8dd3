"""Formatting and access helpers for the pages: Polish formats, badges, who may press what."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm import access
from crm.identifiers import format_nip, format_phone

register = template.Library()

NBSP = "\u00a0"


def _group(digits: str) -> str:
    """1234567 → 1 234 567 (no-break spaces so a number never wraps)."""
    parts: list[str] = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    return NBSP.join(parts)


@register.filter
def pl_date(value: Any) -> str:
    """27.11.2026; a date-time is shown in local time, with its date only."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return f"{value:%d.%m.%Y}"


@register.filter
def pl_datetime(value: Any) -> str:
    """27.11.2026, 14:05 in Europe/Warsaw."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return f"{value:%d.%m.%Y, %H:%M}"
    return pl_date(value)


@register.filter
def pl_when(value: Any, has_time: Any = True) -> str:
    """A moment with its time, or only its date when no time was given (a contact logged
    with a date only): ``{{ i.occurred_at|pl_when:i.has_time }}``."""
    return pl_datetime(value) if has_time else pl_date(value)


@register.filter
def iso_date(value: Any) -> str:
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.isoformat()


@register.filter
def number(value: Any, places: int = 0) -> str:
    """12 500 or, with places, 12 500,50 (Polish separators)."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    places = int(places)
    sign = "-" if amount < 0 else ""
    text = f"{abs(amount):.{places}f}"
    whole, _sep, fraction = text.partition(".")
    result = sign + _group(whole)
    return f"{result},{fraction}" if places else result


@register.filter
def money(value: Any) -> str:
    """12 500,00 zł."""
    if value is None or value == "":
        return ""
    return f"{number(value, 2)}{NBSP}zł"


@register.filter
def nip(value: Any) -> str:
    return format_nip(str(value)) if value else ""


@register.filter
def phone(value: Any) -> str:
    return format_phone(str(value)) if value else ""


@register.simple_tag
def can(user: Any, action: str, obj: Any) -> bool:
    """``{% can user "change" organisation as may_edit %}``."""
    return access.can(user, action, obj)


@register.simple_tag
def capable(user: Any, capability: str) -> bool:
    """``{% capable user "imports.run" as may_import %}``."""
    return access.has_capability(user, capability)


@register.simple_tag
def url_if(name: str, *args: Any) -> str:
    """The URL of ``name``, or "" when that page is not there (yet): links to other parts."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.simple_tag
def role_label(user: Any) -> str:
    role = access.role_of(user)
    if role is None:
        return ""
    from crm.users import Role

    return str(Role(role).label)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None


def _ordering(context: Any) -> str:
    """The sort in force: the list's remembered one (``crm.lists``) or the address's."""
    listing = context.get("listing")
    if listing is not None:
        return str(listing.ordering)
    return str(context["request"].GET.get("ordering", ""))


@register.simple_tag(takes_context=True)
def sort_link(context: Any, field: str) -> str:
    """The query string that sorts by ``field``, flipping the direction when already sorted."""
    request = context["request"]
    params = request.GET.copy()
    current = _ordering(context)
    params["ordering"] = f"-{field}" if current == field else field
    params.pop("page", None)
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def sort_state(context: Any, field: str) -> str:
    """aria-sort value of a column header."""
    current = _ordering(context)
    if current == field:
        return "ascending"
    if current == f"-{field}":
        return "descending"
    return "none"


@register.simple_tag(takes_context=True)
def page_link(context: Any, page: int) -> str:
    params = context["request"].GET.copy()
    params["page"] = str(page)
    return "?" + params.urlencode()


@register.filter
def yesno_pl(value: Any) -> str:
    return _("yes") if value else _("no")


# The main navigation, in the order UI.md gives; (label, url name, capability or None).
NAV: list[tuple[Any, str, str | None]] = [
    (gettext_lazy("Dashboard"), "home", None),
    (gettext_lazy("Organisations"), "contacts:organisation_list", None),
    (gettext_lazy("People"), "contacts:person_list", "personal_data.view"),
    (gettext_lazy("Contacts"), "interactions:interaction_list", "contact_log.view"),
    (gettext_lazy("Networks"), "networks:network_list", None),
    (gettext_lazy("Partnerships"), "networks:partnership_list", None),
    (gettext_lazy("Events"), "interactions:event_list", None),
    (gettext_lazy("Tasks"), "interactions:followup_list", "personal_data.view"),
    (gettext_lazy("Import"), "imports:batch_list", "imports.run"),
    (gettext_lazy("Indicators and reports"), "monitoring:indicators", "monitoring.view"),
    (gettext_lazy("Catalogue"), "monitoring:catalogue", None),
    (gettext_lazy("Tags"), "tags:tag_list", "tags.manage"),
    (gettext_lazy("Action log"), "audit:action_log", "action_log.view"),
    (gettext_lazy("Administration"), "admin:index", "users.manage"),
]


@register.simple_tag(takes_context=True)
def nav_items(context: Any) -> list[dict[str, Any]]:
    """The navigation the current user may use, with the current section marked."""
    request = context["request"]
    user = request.user
    items: list[dict[str, Any]] = []
    for label, name, capability in NAV:
        if capability and not access.has_capability(user, capability):
            continue
        url = url_if(name)
        if not url:
            continue
        current = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    return items
