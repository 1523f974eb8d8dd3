"""Writes to the topics vocabulary (kept by data stewards in the admin).

A topic is never deleted (interactions keep theirs): one no longer used is switched off. Its
slug is fixed once made, because API clients name topics by slug.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from crm import access
from crm.access import Action
from crm.audit.services import action_log_write
from crm.services import assign
from interactions.models import Topic

TOPIC_FIELDS = frozenset({"name_pl", "name_en", "is_active", "position"})


@transaction.atomic
def topic_create(
    *,
    actor: Any,
    slug: str,
    name_pl: str,
    name_en: str,
    is_active: bool = True,
    position: int = 0,
) -> Topic:
    """Raises: ValidationError (e.g. the slug is taken), PermissionDenied."""
    access.require(actor, Action.ADD, Topic)
    topic = Topic(
        slug=slug.strip(),
        name_pl=name_pl.strip(),
        name_en=name_en.strip(),
        is_active=is_active,
        position=position,
    )
    topic.full_clean()
    topic.save()
    action_log_write(actor=actor, verb="interactions.topic.created", obj=topic)
    return topic


@transaction.atomic
def topic_update(*, actor: Any, topic: Topic, **fields: Any) -> Topic:
    """Rename, reorder or switch off a topic; nothing is written when nothing changes.

    Raises: ValidationError, PermissionDenied, TypeError (the slug or an unknown field).
    """
    access.require(actor, Action.CHANGE, topic)
    changes = assign(topic, fields, allowed=TOPIC_FIELDS)
    if not changes:
        return topic
    topic.full_clean()
    topic.save()
    action_log_write(
        actor=actor,
        verb="interactions.topic.updated",
        obj=topic,
        details={"fields": sorted(changes)},
    )
    return topic
