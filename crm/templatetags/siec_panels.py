"""Sections of the organisation page that belong to the apps above contacts.

The organisation page is a contacts view, but its networks, partnerships, contacts and timeline
come from networks, interactions and the dashboard. contacts may not import them (imports point
downwards), so the page asks for them here, on crm's top floor, through their selectors.
"""

from __future__ import annotations

from typing import Any

from django import template

from crm import access

register = template.Library()

RECENT_INTERACTIONS = 10
TIMELINE_ITEMS = 30


@register.simple_tag
def organisation_memberships(user: Any, organisation: Any) -> list[Any]:
    from networks.selectors import organisation_memberships as select

    return list(select(user=user, organisation=organisation))


@register.simple_tag
def organisation_partnerships(user: Any, organisation: Any) -> list[Any]:
    from networks.selectors import organisation_partnerships as select

    return list(select(user=user, organisation=organisation))


@register.simple_tag
def organisation_interactions(user: Any, organisation: Any) -> list[Any]:
    if not access.has_capability(user, "personal_data.view"):
        return []
    from interactions.selectors import interactions_of_organisation

    return list(
        interactions_of_organisation(user=user, organisation=organisation)[:RECENT_INTERACTIONS]
    )


@register.simple_tag
def organisation_timeline(user: Any, organisation: Any) -> list[Any]:
    """The organisation's timeline, each item with the URL of its page (``url``, or None)."""
    try:
        from crm.dashboard.links import link_timeline
        from crm.dashboard.timeline import organisation_timeline as build
    except ImportError:
        return []
    page = build(user=user, organisation=organisation, page=1, page_size=TIMELINE_ITEMS)
    return list(link_timeline(page.items, user=user))
