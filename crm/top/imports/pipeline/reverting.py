"""Undoing a batch: created records removed, updated fields restored — while nothing later
changed them (their ``updated_at`` is still the one the import wrote)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from contacts.models import (
    Affiliation,
    EmploymentSnapshot,
    Organisation,
    Person,
    SocialEnterpriseStatus,
)
from crm.audit.services import with_history_user
from crm.top.imports.models import ImportBatch, ImportedRecord, ImportFlag
from interactions.models import Interaction

# What a batch creates, removed in this order: what hangs on an organisation first, the units
# before the organisations that run them.
CREATED_ORDER = (
    Interaction, EmploymentSnapshot, SocialEnterpriseStatus, Affiliation, Person, Organisation,
)  # fmt: skip


class RevertRefused(ValueError):
    """Something the batch wrote has changed since, or is used by something newer."""


def _grouped(batch: ImportBatch) -> dict[tuple[Any, str], list[ImportedRecord]]:
    groups: dict[tuple[Any, str], list[ImportedRecord]] = defaultdict(list)
    for record in ImportedRecord.objects.filter(batch=batch).select_related("content_type"):
        model = record.content_type.model_class()
        groups[(model, record.action)].append(record)
    return groups


def check_revertible(batch: ImportBatch) -> dict[tuple[Any, str], dict[int, Any]]:
    """Raises: RevertRefused naming how many records changed since the import."""
    groups = _grouped(batch)
    objects: dict[tuple[Any, str], dict[int, Any]] = {}
    changed = 0
    for (model, action), records in groups.items():
        ids = [r.object_id for r in records]
        found = {}
        for start in range(0, len(ids), 900):
            found.update(model._default_manager.in_bulk(ids[start : start + 900]))
        objects[(model, action)] = found
        for record in records:
            obj = found.get(record.object_id)
            if obj is not None and record.stamp and obj.updated_at != record.stamp:
                changed += 1
    if changed:
        raise RevertRefused(
            _("%(n)d records were changed after this import; revert them by hand") % {"n": changed}
        )
    created_orgs = list(objects.get((Organisation, ImportedRecord.Action.CREATED), {}))
    for relation in Organisation._meta.related_objects:
        related: Any = relation.related_model
        if not created_orgs or relation.many_to_many or not hasattr(related, "_default_manager"):
            continue
        users = related._default_manager.filter(**{f"{relation.field.name}__in": created_orgs})
        # What the batch created itself (its people's affiliations, statuses, employment
        # records, the units run by its organisations) goes with it.
        own = list(objects.get((related, ImportedRecord.Action.CREATED), {}))
        if own:
            users = users.exclude(pk__in=own)
        if users.exists():
            raise RevertRefused(
                _("Organisations this import created are now used by %(what)s")
                % {"what": related._meta.verbose_name_plural}
            )
    return objects


def revert(batch: ImportBatch, actor: Any) -> dict[str, int]:
    """Raises: RevertRefused."""
    objects = check_revertible(batch)
    reason = _("revert of %(reason)s") % {"reason": batch.reason}
    counts = {"restored": 0, "deleted": 0}
    updated = ImportedRecord.objects.filter(batch=batch, action=ImportedRecord.Action.UPDATED)
    types: dict[int, Any] = {
        ContentType.objects.get_for_model(m).pk: m for m in (Organisation, Person)
    }
    for record in updated:
        obj = objects.get((types.get(record.content_type_id), record.action), {}).get(
            record.object_id
        )
        if obj is None:
            continue
        for field, value in record.previous_values.items():
            if not field.startswith("_"):
                setattr(obj, field, value)
        with_history_user(obj, actor, reason)
        obj.save()
        counts["restored"] += 1
        # The earlier import that wrote this state may be reverted in turn.
        before = parse_datetime(record.previous_values.get("_updated_at") or "")
        if before is not None:
            ImportedRecord.objects.filter(
                content_type_id=record.content_type_id, object_id=record.object_id, stamp=before
            ).exclude(batch=batch).update(stamp=obj.updated_at)
    ImportFlag.objects.filter(batch=batch).delete()
    for model in CREATED_ORDER:
        created: Any = objects.get((model, ImportedRecord.Action.CREATED), {}).values()
        if model is Organisation:
            created = sorted(created, key=lambda o: o.operator_id is None)
        for obj in created:
            if (
                model is Person
                and obj.affiliations.exclude(
                    pk__in=list(objects.get((Affiliation, ImportedRecord.Action.CREATED), {}))
                ).exists()
            ):
                continue
            with_history_user(obj, actor, reason)
            obj.delete()
            counts["deleted"] += 1
    return counts
