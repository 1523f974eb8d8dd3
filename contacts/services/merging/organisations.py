"""Merging two records of one organisation: every value kept, everything moved, undoable.

Rows of other apps point at organisations too (memberships, interactions, participations...).
contacts may not import those apps, so the rows are found through the model's relations: a new
relation elsewhere is moved without a change here. What moved (and what a clash removed) is
kept in an ``OrganisationMerge`` with the duplicate as it was, so the merge can be undone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from contacts.models import Organisation
from contacts.services.merging.carry import move_documents, move_own_m2m
from contacts.services.merging.plan import (
    DUPLICATE,
    GROUPS,
    SURVIVOR,
    UNIQUE_IDENTIFIERS,
    merge_decisions,
    united_notes,
    united_phones,
)
from contacts.services.units import organisation_check
from crm import access
from crm.access import Action
from crm.audit.services import action_log_write, with_history_user


def related_fields(model: Any) -> list[Any]:
    """Every relation from another model to ``model`` (FKs and M2Ms), history excluded."""
    return [
        relation
        for relation in model._meta.related_objects
        if relation.related_model is not None
        and not str(relation.related_model._meta.object_name).startswith("Historical")
    ]


def move_fk_rows(relation: Any, duplicate: Any, survivor: Any, actor: Any) -> tuple[list, list]:
    """Point each row at the survivor; a row that would break a constraint is removed.

    Returns the moved rows' ids and the removed rows (serialised, so an undo restores them).
    """
    model = relation.related_model
    field_name = relation.field.name
    moved: list[Any] = []
    removed: list[Any] = []
    for row in model._default_manager.filter(**{field_name: duplicate}).order_by("pk"):
        setattr(row, field_name, survivor)
        try:
            with transaction.atomic():
                row.validate_constraints()
                with_history_user(row, actor, f"merged {duplicate._meta.model_name} {duplicate.pk}")
                row.save(update_fields=[relation.field.attname])
            moved.append(row.pk)
        except (ValidationError, IntegrityError):
            # The survivor already has this row (same snapshot date, same open membership...).
            setattr(row, field_name, duplicate)
            removed.extend(serializers.serialize("python", [row]))
            with_history_user(row, actor, f"merged into {survivor._meta.model_name} {survivor.pk}")
            row.delete()
    return moved, removed


def move_m2m_rows(relation: Any, duplicate: Any, survivor: Any) -> tuple[list, list]:
    """Swap the duplicate for the survivor in many-to-many links (e.g. an interaction's)."""
    through = relation.through
    target_field = relation.field.m2m_reverse_field_name()
    source_field = relation.field.m2m_field_name()
    already = set(
        through._default_manager.filter(**{target_field: survivor}).values_list(
            f"{source_field}_id", flat=True
        )
    )
    moved: list[Any] = []
    removed: list[Any] = []
    for link in through._default_manager.filter(**{target_field: duplicate}).order_by("pk"):
        if getattr(link, f"{source_field}_id") in already:
            removed.extend(serializers.serialize("python", [link]))
            link.delete()
        else:
            setattr(link, target_field, survivor)
            link.save()
            moved.append(link.pk)
    return moved, removed


def move_links(*, actor: Any, survivor: Any, duplicate: Any) -> dict[str, Any]:
    """Move every row linked to ``duplicate`` to ``survivor``: what moved, what was removed.

    Besides the rows pointing at it: its tags and its documents (``carry``)."""
    moved: list[dict[str, Any]] = []
    removed: list[Any] = []
    for relation in related_fields(type(survivor)):
        label = relation.related_model._meta.label
        if relation.many_to_many:
            pks, gone = move_m2m_rows(relation, duplicate, survivor)
            label = relation.through._meta.label
            field = relation.field.m2m_reverse_field_name()
        else:
            pks, gone = move_fk_rows(relation, duplicate, survivor, actor)
            field = relation.field.name
        if pks:
            moved.append({"model": label, "field": field, "pks": pks})
        removed.extend(gone)
    own, gone = move_own_m2m(duplicate, survivor)
    moved.extend(own)
    removed.extend(gone)
    moved.extend(move_documents(duplicate, survivor))
    return {"moved": moved, "removed": removed}


def _choices(
    survivor: Organisation, duplicate: Organisation, keep: Mapping[str, str]
) -> dict[str, str]:
    """Which side each differing group takes; ValidationError naming every undecided group."""
    chosen: dict[str, str] = {}
    errors: dict[str, Any] = {}
    for decision in merge_decisions(survivor, duplicate):
        key = decision.group.key
        if decision.group.united:
            continue
        choice = keep.get(key) or decision.default
        if choice not in (SURVIVOR, DUPLICATE):
            errors[key] = ValidationError(
                _("Both records have a value here: choose which one stays."), code="choose"
            )
        else:
            chosen[key] = choice
    if errors:
        raise ValidationError(errors)
    return chosen


def _new_values(
    survivor: Organisation, duplicate: Organisation, chosen: dict[str, str]
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for group in GROUPS:
        if chosen.get(group.key) == DUPLICATE:
            for name in group.fields:
                attname = str(getattr(Organisation._meta.get_field(name), "attname", name))
                values[attname] = getattr(duplicate, attname)
    extra = []
    side = chosen.get("email")
    other = duplicate.email if side == SURVIVOR else survivor.email if side == DUPLICATE else ""
    if other:
        extra.append(_("Other e-mail (from the merged record): %(email)s") % {"email": other})
    values["phones"] = united_phones(survivor, duplicate)
    values["notes"] = united_notes(survivor, duplicate, extra)
    if values.get("operator_id") == survivor.pk:
        values["operator_id"] = None
    return values


def merge_recorded(
    *,
    actor: Any,
    survivor: Any,
    duplicate: Any,
    record: Any,
    duplicate_name: str,
    snapshot: dict[str, Any],
    before: dict[str, Any],
    values: dict[str, Any],
    fields: list[str],
    links: dict[str, Any],
) -> None:
    """The end of every merge: the survivor saved, the duplicate deleted, the action log
    written and the merge recorded (``record``: what the undo reads) with both in the history."""
    kind = type(survivor)._meta.model_name
    with_history_user(survivor, actor, f"merged with {kind} {duplicate.pk}")
    survivor.save()
    duplicate_pk = duplicate.pk
    with_history_user(duplicate, actor, f"merged into {kind} {survivor.pk}")
    duplicate.delete()
    entry = action_log_write(
        actor=actor,
        verb=f"contacts.{kind}.merged",
        obj=survivor,
        details={
            "survivor": survivor.pk,
            "duplicate": duplicate_pk,
            "fields": fields,
            "moved": {item["model"]: len(item["pks"]) for item in links["moved"]},
            "removed": len(links["removed"]),
        },
    )
    record.objects.create(
        survivor=survivor,
        duplicate_id=duplicate_pk,
        duplicate_name=duplicate_name,
        duplicate_row=snapshot,
        survivor_before=before,
        survivor_after=values,
        moved=links["moved"],
        removed=links["removed"],
        action_log=entry,
        merged_by=actor if getattr(actor, "pk", None) else None,
    )


@access.unscoped("a merge moves every record of the duplicate, seen or not")
@transaction.atomic
def organisation_merge(
    *,
    actor: Any,
    survivor: Organisation,
    duplicate: Organisation,
    keep: Mapping[str, str] | None = None,
) -> Organisation:
    """Merge ``duplicate`` into ``survivor`` and delete it; undoable (organisation_merge_undo).

    ``keep`` maps a group of ``plan.GROUPS`` to ``"survivor"`` or ``"duplicate"``. A group left
    out takes the non-empty value; phones and notes are united. Every row linked to the
    duplicate moves to the survivor; the history and the action log record it.

    Raises: ValidationError (same record, a group both records fill left undecided, result
    invalid), PermissionDenied.
    """
    from contacts.models import OrganisationMerge

    if survivor.pk == duplicate.pk:
        raise ValidationError(_("An organisation cannot be merged with itself."))
    access.require(actor, Action.CHANGE, survivor)
    access.require(actor, Action.DELETE, duplicate)
    survivor = Organisation.objects.select_for_update().get(pk=survivor.pk)
    duplicate = Organisation.objects.select_for_update().get(pk=duplicate.pk)
    chosen = _choices(survivor, duplicate, keep or {})
    snapshot = serializers.serialize("python", [duplicate])[0]
    values = _new_values(survivor, duplicate, chosen)
    before = {name: getattr(survivor, name) for name in values}

    # Identifiers are unique: the duplicate gives them up before the survivor takes them.
    taken = [name for name in UNIQUE_IDENTIFIERS if values.get(name) is not None]
    taken = [name for name in taken if getattr(duplicate, name) == values[name]]
    if taken:
        for name in taken:
            setattr(duplicate, name, None)
        with_history_user(duplicate, actor, f"merging into organisation {survivor.pk}")
        duplicate.save(update_fields=taken)
    for name, value in values.items():
        setattr(survivor, name, value)
    survivor.full_clean()
    organisation_check(survivor)

    # A unit the duplicate ran is now run by the survivor, unless it is the survivor itself.
    if survivor.operator_id == duplicate.pk:
        survivor.operator = None
    links = move_links(actor=actor, survivor=survivor, duplicate=duplicate)
    merge_recorded(
        actor=actor,
        survivor=survivor,
        duplicate=duplicate,
        record=OrganisationMerge,
        duplicate_name=snapshot["fields"]["name"],
        snapshot=snapshot,
        before=before,
        values=values,
        fields=sorted(key for key, side in chosen.items() if side == DUPLICATE),
        links=links,
    )
    return survivor
