"""Undoing a merge: the merged organisation (or person) comes back with its own values and
its links."""

from __future__ import annotations

import json
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import Organisation, OrganisationMerge, Person, PersonMerge
from crm import access
from crm.access import Action
from crm.audit.services import action_log_write, with_history_user


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, cls=DjangoJSONEncoder) == json.dumps(b, cls=DjangoJSONEncoder)


def _restore_survivor(survivor: Any, merge: Any) -> list[str]:
    """The survivor's own values back, except fields someone changed since the merge."""
    kept = []
    for attname, before in merge.survivor_before.items():
        field = type(survivor)._meta.get_field(attname)
        assert isinstance(field, Field)
        current = getattr(survivor, attname)
        if _same(current, merge.survivor_after.get(attname)):
            setattr(survivor, attname, field.to_python(before))
        else:
            kept.append(field.name)
    return kept


def _recreate_duplicate(merge: Any, actor: Any) -> Any:
    row = next(serializers.deserialize("python", [merge.duplicate_row]))
    duplicate = row.object
    model: Any = type(duplicate)
    name = model._meta.model_name
    if model._default_manager.filter(pk=duplicate.pk).exists():
        raise ValidationError(_("The merged record exists again; nothing to undo."))
    duplicate.full_clean()
    with_history_user(duplicate, actor, f"merge into {name} {merge.survivor_id} undone")
    duplicate.save(force_insert=True)
    # Its own creation date, not today's (auto_now_add set it on the insert).
    created_at = model._meta.get_field("created_at").to_python(
        merge.duplicate_row["fields"]["created_at"]
    )
    model._default_manager.filter(pk=duplicate.pk).update(created_at=created_at)
    return duplicate


def _move_back(merge: Any, survivor: Any, duplicate: Any) -> int:
    """The moved rows that still point at the survivor point at the duplicate again."""
    count = 0
    for item in merge.moved:
        model: Any = apps.get_model(item["model"])
        field = model._meta.get_field(item["field"])
        # By the column (a foreign key's or a generic link's id), so both kinds go back.
        attname = field.attname
        rows = model._default_manager.filter(pk__in=item["pks"], **{attname: survivor.pk})
        for row in rows.order_by("pk"):
            setattr(row, attname, duplicate.pk)
            if hasattr(model, "history"):
                with_history_user(row, merge.undone_by, f"merge {merge.pk} undone")
            row.save(update_fields=[attname])
            count += 1
    for removed in serializers.deserialize("python", merge.removed):
        removed.save()  # as it was, with its own id
        count += 1
    return count


def _undo(*, actor: Any, merge: Any, model: Any, verb: str) -> Any:
    """What every undo does: lock the merge and the survivor, check the actor, put back the
    survivor's values, the duplicate and its rows, and write the action log."""
    merge = type(merge).objects.select_for_update().get(pk=merge.pk)
    survivor = model.objects.select_for_update().get(pk=merge.survivor_id)
    access.require(actor, Action.CHANGE, survivor)
    access.require(actor, Action.DELETE, survivor)
    if merge.undone_at is not None:
        raise ValidationError(_("This merge has already been undone."))
    if not merge.can_be_undone():
        raise ValidationError(_("A merge can be undone for 30 days only."))
    kept = _restore_survivor(survivor, merge)
    with_history_user(survivor, actor, f"merge {merge.pk} undone")
    survivor.full_clean()
    survivor.save()
    duplicate = _recreate_duplicate(merge, actor)
    merge.undone_at = timezone.now()
    merge.undone_by = actor if getattr(actor, "pk", None) else None
    restored = _move_back(merge, survivor, duplicate)
    merge.save(update_fields=["undone_at", "undone_by"])
    action_log_write(
        actor=actor,
        verb=verb,
        obj=duplicate,
        details={
            "survivor": survivor.pk,
            "duplicate": duplicate.pk,
            "rows_restored": restored,
            "kept_changed": sorted(kept),
        },
    )
    return duplicate


@access.unscoped("an undo puts back every row the merge moved, seen or not")
@transaction.atomic
def organisation_merge_undo(*, actor: Any, merge: OrganisationMerge) -> Organisation:
    """Give the merged organisation back: its own row and id, every row that moved to the
    survivor and still points at it, and the survivor's own values of the fields the merge
    set (a field changed since the merge keeps its new value). For 30 days after the merge.

    Raises: ValidationError (undone already, too late, an identifier taken since),
    PermissionDenied.
    """
    return _undo(
        actor=actor, merge=merge, model=Organisation, verb="contacts.organisation.merge_undone"
    )


@access.unscoped("an undo puts back every row the merge moved, seen or not")
@transaction.atomic
def person_merge_undo(*, actor: Any, merge: PersonMerge) -> Person:
    """Give the merged person back, as ``organisation_merge_undo`` does an organisation
    (their affiliations, contacts, registrations, consents and tasks that moved).

    Raises: ValidationError (undone already, too late, the e-mail taken since),
    PermissionDenied.
    """
    return _undo(actor=actor, merge=merge, model=Person, verb="contacts.person.merge_undone")
