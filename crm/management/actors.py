"""Who a management command acts as, for the services' audit: a named user or a superuser."""

from __future__ import annotations

from django.core.management.base import CommandError

from crm.users import User


def command_actor(username: str) -> User:
    """The active user ``username``, or the first active superuser when none is named.

    Raises: CommandError when there is no such user.
    """
    users = User.objects.filter(is_active=True)
    actor = (
        users.filter(username=username).first()
        if username
        else users.filter(is_superuser=True).order_by("pk").first()
    )
    if actor is None:
        raise CommandError(
            f"No active user {username!r}" if username else "Create a superuser or pass --user."
        )
    return actor
