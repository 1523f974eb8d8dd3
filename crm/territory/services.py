"""Writes to the territory that administrators make in the pages: which subregion a gmina is in."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from crm import access
from crm.audit.services import action_log_write, with_history_user
from crm.territory.models import Gmina, Subregion


@transaction.atomic
def gmina_assign_subregion(*, actor: Any, gmina: Gmina, subregion: Subregion | None) -> Gmina:
    """Move ``gmina`` to ``subregion`` (or to none); the organisations there follow.

    Raises: PermissionDenied unless the actor may edit the territory.
    """
    access.require_capability(actor, "territory.edit")
    previous = gmina.subregion_id
    new = subregion.pk if subregion else None
    if previous == new:
        return gmina
    gmina.subregion = subregion
    gmina.full_clean()
    with_history_user(gmina, actor, "subregion changed")
    gmina.save(update_fields=["subregion"])
    action_log_write(
        actor=actor,
        verb="crm.gmina.subregion_changed",
        obj=gmina,
        details={"from": previous, "to": new},
    )
    return gmina


@transaction.atomic
def subregion_rename(*, actor: Any, subregion: Subregion, name: str) -> Subregion:
    """Raises: PermissionDenied, ValidationError (empty or taken name)."""
    access.require_capability(actor, "territory.edit")
    subregion.name = name.strip()
    subregion.full_clean()
    with_history_user(subregion, actor)
    subregion.save(update_fields=["name"])
    action_log_write(actor=actor, verb="crm.subregion.renamed", obj=subregion)
    return subregion
