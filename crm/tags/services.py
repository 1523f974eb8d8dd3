"""Every write of tags: naming one, putting it on records (one or a thousand), renaming,
merging and deleting. Each is action-logged; a tag on a person is logged as "osoba #12"."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from crm import access
from crm.access import Action
from crm.audit.services import action_log_write, action_log_write_many, object_label
from crm.bulk import BulkOutcome, long_statements
from crm.tags.models import NAME_LENGTH, Tag, tag_key
from crm.tags.registry import tagged, tagged_models


def tag_clean_name(name: str) -> str:
    """Raises: ValidationError for an empty name, one without letters or digits, or too long."""
    cleaned = " ".join((name or "").split()).lstrip("#").strip()
    if not cleaned or not tag_key(cleaned):
        raise ValidationError(_("Give the tag a name."), code="required")
    if len(cleaned) > NAME_LENGTH:
        raise ValidationError(
            _("A tag has at most %(limit)d characters.") % {"limit": NAME_LENGTH},
            code="max_length",
        )
    return cleaned


def tag_get_or_create(*, actor: Any, name: str) -> Tag:
    """The tag of that name in any spelling ("dobra praktyka" = "Dobra Praktyka"), or a new one.

    Raises: ValidationError (see ``tag_clean_name``), PermissionDenied for viewers.
    """
    cleaned = tag_clean_name(name)
    existing = Tag.objects.filter(key=tag_key(cleaned)).first()
    if existing is not None:
        return existing
    if not access.has_capability(actor, "tags.use"):
        raise PermissionDenied
    try:
        with transaction.atomic():
            tag = Tag.objects.create(name=cleaned, key=tag_key(cleaned))
    except IntegrityError:  # someone named it at the same moment
        return Tag.objects.get(key=tag_key(cleaned))
    action_log_write(actor=actor, verb="crm.tag.created", obj=tag)
    return tag


@transaction.atomic
def tags_add(*, actor: Any, model: type[models.Model], ids: Iterable[int], tag: Tag) -> BulkOutcome:
    """Put ``tag`` on the records ``ids`` of ``model`` that ``actor`` may change.

    A handful of queries however many records: which may be changed, which have the tag
    already, one INSERT, one INSERT of the log entries.
    """
    info = tagged(model)
    wanted = sorted(set(ids))
    result = BulkOutcome()
    allowed = _changeable(actor, model, wanted)
    refusal = _("You may not change this record.")
    result.refused = {pk: refusal for pk in wanted if pk not in allowed}
    column = info.record_column
    having = set(
        info.through.objects.filter(tag=tag, **{f"{column}__in": sorted(allowed)}).values_list(
            column, flat=True
        )
    )
    result.already = sorted(having)
    result.added = [pk for pk in sorted(allowed) if pk not in having]
    with long_statements():
        info.through.objects.bulk_create(
            [info.through(tag=tag, **{column: pk}) for pk in result.added], ignore_conflicts=True
        )
    _log_each(actor, model, result.added, "crm.tag.added", tag)
    return result


@transaction.atomic
def tag_remove(*, actor: Any, record: models.Model, tag: Tag) -> bool:
    """Take ``tag`` off ``record``; False when it did not have it.

    Raises: PermissionDenied unless ``actor`` may change the record.
    """
    access.require(actor, Action.CHANGE, record)
    info = tagged(type(record))
    deleted, _rows = info.through.objects.filter(
        tag=tag, **{info.record_column: record.pk}
    ).delete()
    if deleted:
        action_log_write(
            actor=actor,
            verb="crm.tag.removed",
            obj=record,
            details={"tag": tag.pk, "name": tag.name},
        )
    return bool(deleted)


def _require_manager(actor: Any) -> None:
    access.require_capability(actor, "tags.manage")


@transaction.atomic
def tag_rename(*, actor: Any, tag: Tag, name: str) -> Tag:
    """Raises: ValidationError (a bad name, or another tag has it: merge instead),
    PermissionDenied for anyone but managers and administrators."""
    _require_manager(actor)
    cleaned = tag_clean_name(name)
    other = Tag.objects.filter(key=tag_key(cleaned)).exclude(pk=tag.pk).first()
    if other is not None:
        raise ValidationError(
            _("The tag “%(name)s” exists already: merge the two instead.") % {"name": other.name},
            code="taken",
        )
    old = tag.name
    if old == cleaned:
        return tag
    tag.name, tag.key = cleaned, tag_key(cleaned)
    tag.save(update_fields=["name", "key"])
    action_log_write(actor=actor, verb="crm.tag.renamed", obj=tag, details={"from": old})
    return tag


@transaction.atomic
def tag_merge(*, actor: Any, tag: Tag, into: Tag) -> int:
    """Every record tagged ``tag`` gets ``into`` instead, and ``tag`` is gone; returns how
    many records moved (a record that had both keeps ``into`` once).

    Raises: ValidationError when merging a tag into itself, PermissionDenied.
    """
    _require_manager(actor)
    if tag.pk == into.pk:
        raise ValidationError(_("Choose another tag to merge into."), code="same")
    moved = 0
    for info in tagged_models().values():
        column = info.record_column
        rows = info.through.objects.filter(tag=tag)
        both = info.through.objects.filter(tag=into).values(column)
        rows.filter(**{f"{column}__in": both}).delete()
        moved += rows.update(tag=into)
    details = {"into": into.pk, "into_name": into.name, "name": tag.name, "moved": moved}
    action_log_write(actor=actor, verb="crm.tag.merged", obj=tag, details=details)
    tag.delete()
    return moved


@transaction.atomic
def tag_delete(*, actor: Any, tag: Tag) -> int:
    """Delete the tag and take it off every record; returns on how many it was.

    Raises: PermissionDenied for anyone but managers and administrators.
    """
    _require_manager(actor)
    used = sum(info.through.objects.filter(tag=tag).count() for info in tagged_models().values())
    action_log_write(
        actor=actor, verb="crm.tag.deleted", obj=tag, details={"name": tag.name, "used": used}
    )
    tag.delete()
    return used


def _changeable(actor: Any, model: type[models.Model], ids: list[int]) -> set[int]:
    queryset = access.scope(model._default_manager.filter(pk__in=ids), actor, Action.CHANGE)
    return set(queryset.values_list("pk", flat=True))


def _log_each(actor: Any, model: type[models.Model], ids: list[int], verb: str, tag: Tag) -> None:
    if not ids:
        return
    labels: dict[int, str] = {}
    if not getattr(model, "access_personal_data", False):
        visible = access.scope(model._default_manager.filter(pk__in=ids), actor)
        labels = {row.pk: object_label(row) for row in visible}
    details = {"tag": tag.pk, "name": tag.name}
    action_log_write_many(
        actor=actor,
        verb=verb,
        model=model,
        rows=((pk, labels.get(pk, ""), details) for pk in ids),
    )
