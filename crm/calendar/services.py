"""Turning a person's calendar feed on, giving it a new address, and revoking it."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from crm import access
from crm.audit.services import action_log_write
from crm.calendar.models import CalendarFeed


@transaction.atomic
def calendar_feed_renew(*, user: Any) -> CalendarFeed:
    """A new secret address for ``user``'s feed (the old one stops working at once).

    Raises: PermissionDenied for anonymous or inactive accounts.
    """
    if access.role_of(user) is None:
        raise PermissionDenied
    token = secrets.token_urlsafe(32)
    feed, created = CalendarFeed.objects.update_or_create(user=user, defaults={"token": token})
    action_log_write(
        actor=user, verb="calendar.feed.created" if created else "calendar.feed.renewed", obj=feed
    )
    return feed


@transaction.atomic
def calendar_feed_revoke(*, user: Any) -> bool:
    """Revoke ``user``'s feed: its address shows nothing any more. False if there was none."""
    deleted, _ = CalendarFeed.objects.filter(user=user).delete()
    if deleted:
        action_log_write(actor=user, verb="calendar.feed.revoked", details={})
    return bool(deleted)


def calendar_feed_owner(*, token: str) -> Any | None:
    """The active person whose feed has this secret, or None."""
    if not token or len(token) > 64:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or access.role_of(feed.user) is None:
        return None
    return feed.user
