"""Template filters for organisations: the sector of a kind, for the badge colour and label."""

from __future__ import annotations

from django import template

from contacts.models import Sector, sector_of

register = template.Library()


@register.filter
def sector(kind: str) -> str:
    """The sector slug of an organisation kind, for the badge colour."""
    return str(sector_of(kind)) if kind else Sector.OTHER


@register.filter
def sector_label(kind: str) -> str:
    return str(Sector(sector_of(kind)).label) if kind else ""
