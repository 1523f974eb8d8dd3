"""Undoing a batch: created records removed, updated fields restored.

What changed since the import is found by values, not by timestamps: each record is compared
with the state the import left (its field-history row with the batch's change reason), so a
value put back by hand no longer stands in the way. A record changed since, or an organisation
the import created that something newer uses, is named with its fields (``Changed``); the
revert then either stops and lists them (``RevertRefused``) or, when asked, reverts
everything else and keeps them, together with what hangs on them (a kept organisation keeps
the people and affiliations the import created for it, and the other way round).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.urls import reverse
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

Key = tuple[Any, int]  # (model, primary key)
CREATED, UPDATED = ImportedRecord.Action.CREATED, ImportedRecord.Action.UPDATED
# Kept by the database itself, not by a person: never a change.
_NOT_COMPARED = {"id", "created_at", "updated_at", "search_name", "search_town"}
_LISTED = 20  # records named in the refusal's message (the page and the API list them all)


@dataclass
class Changed:
    """A record the import wrote that changed since (or, created by it, is used by newer
    records): what a person needs to decide, in words and with a link."""

    kind: str  # "organisation", "person" or "affiliation"
    pk: int
    label: str
    url: str
    # (field's name, the value the import left, the value now)
    fields: list[tuple[str, str, str]] = field(default_factory=list)
    used_by: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "type": self.kind,
            "id": self.pk,
            "name": self.label,
            "url": self.url,
            "fields": [{"field": f, "at_import": a, "now": n} for f, a, n in self.fields],
            "used_by": self.used_by,
        }

    def summary(self) -> str:
        what = [name for name, _then, _now in self.fields] + self.used_by
        return f"{self.label} ({', '.join(what)})"


class RevertRefused(ValueError):
    """Something the batch wrote has changed since, or is used by something newer."""

    def __init__(self, changed: list[Changed]) -> None:
        self.changed = changed
        named = "; ".join(item.summary() for item in changed[:_LISTED])
        more = len(changed) - _LISTED
        if more > 0:
            named += " " + _("and %(n)d more") % {"n": more}
        super().__init__(
            _(
                "%(n)d records were changed after this import: %(named)s. Put the values back, "
                "or revert everything else and keep these records."
            )
            % {"n": len(changed), "named": named}
        )


class Plan:
    """What the batch wrote as it is now, and what changed since."""

    def __init__(self, batch: ImportBatch) -> None:
        self.batch = batch
        self.records: dict[tuple[Any, str], list[ImportedRecord]] = defaultdict(list)
        for record in ImportedRecord.objects.filter(batch=batch).select_related("content_type"):
            self.records[(record.content_type.model_class(), record.action)].append(record)
        self.objects: dict[tuple[Any, str], dict[int, Any]] = {}
        for (model, action), records in self.records.items():
            found: dict[int, Any] = {}
            ids = [r.object_id for r in records]
            for start in range(0, len(ids), 900):
                found.update(model._default_manager.in_bulk(ids[start : start + 900]))
            self.objects[(model, action)] = found
        self.changed: dict[Key, Changed] = {}
        for (model, _action), records in self.records.items():
            self._compare(model, records)
        self._used_by_newer()

    def created(self, model: Any) -> dict[int, Any]:
        return self.objects.get((model, CREATED), {})

    def _compare(self, model: Any, records: list[ImportedRecord]) -> None:
        """Each record against the history row the batch wrote for it (the newest, should it
        have written two); without one, against its ``updated_at`` then (``stamp``)."""
        found = {
            pk: obj
            for (m, _a), objs in self.objects.items()
            if m is model
            for pk, obj in objs.items()
        }
        ids = [r.object_id for r in records if r.object_id in found]
        left: dict[int, Any] = {}
        history = model.history.model
        for start in range(0, len(ids), 900):
            rows = history.objects.filter(
                id__in=ids[start : start + 900], history_change_reason=self.batch.reason
            ).order_by("history_id")
            left.update({row.id: row for row in rows})
        compared = [f for f in history.tracked_fields if f.attname not in _NOT_COMPARED]
        for record in records:
            obj = found.get(record.object_id)
            if obj is None:
                continue
            then = left.get(record.object_id)
            if then is not None:
                fields = [
                    (str(f.verbose_name), _shown(then, f), _shown(obj, f))
                    for f in compared
                    if getattr(then, f.attname) != getattr(obj, f.attname)
                ]
            elif record.stamp and getattr(obj, "updated_at", None) != record.stamp:
                fields = [(_("changed at"), "", "")]
            else:
                continue
            if fields:
                self._change(model, obj).fields.extend(fields)

    def _used_by_newer(self) -> None:
        """Organisations the import created that other records use now (a contact, a
        membership, a person added by hand): deleting them would take those along."""
        created = list(self.created(Organisation))
        for relation in Organisation._meta.related_objects:
            related: Any = relation.related_model
            if not created or relation.many_to_many or not hasattr(related, "_default_manager"):
                continue
            name = relation.field.name
            # What the batch created itself (its people's affiliations, statuses, employment
            # records, the units run by its organisations) goes with it.
            own = list(self.created(related))
            for start in range(0, len(created), 900):
                users = related._default_manager.filter(
                    **{f"{name}__in": created[start : start + 900]}
                )
                if own:
                    users = users.exclude(pk__in=own)
                for pk in set(users.values_list(f"{name}_id", flat=True)):
                    item = self._change(Organisation, self.created(Organisation)[pk])
                    label = str(related._meta.verbose_name_plural)
                    if label not in item.used_by:
                        item.used_by.append(label)

    def _change(self, model: Any, obj: Any) -> Changed:
        key = (model, obj.pk)
        if key not in self.changed:
            self.changed[key] = _described(model, obj)
        return self.changed[key]

    def kept(self) -> set[Key]:
        """The changed records and what hangs on them among the records the batch created:
        a kept organisation or person keeps what the batch created on it (affiliations,
        statuses, employment records, contacts naming it), and a kept record keeps the
        organisations and people it stands on (an affiliation its two ends, a unit its
        operator)."""
        kept = set(self.changed)
        edges = self._links()
        grew = True
        while grew:
            grew = False
            for source, target in edges:
                if source in kept and target not in kept:
                    kept.add(target)
                    grew = True
                elif target in kept and source not in kept and source[0] is not Organisation:
                    kept.add(source)
                    grew = True
        return kept

    def _links(self) -> list[tuple[Key, Key]]:
        """(record, organisation or person it points at) between records the batch created."""
        ends = {(m, pk) for m in (Organisation, Person) for pk in self.created(m)}
        edges: list[tuple[Key, Key]] = []
        for model in CREATED_ORDER:
            objects = self.created(model)
            if not objects:
                continue
            for found in model._meta.get_fields():
                relation: Any = found
                target = getattr(relation, "related_model", None)
                if target not in (Organisation, Person) or relation.auto_created:
                    continue
                if relation.many_to_many:
                    through = relation.remote_field.through
                    source_name = model._meta.model_name
                    target_name = target._meta.model_name
                    pairs = through.objects.filter(
                        **{f"{source_name}_id__in": list(objects)}
                    ).values_list(f"{source_name}_id", f"{target_name}_id")
                elif relation.many_to_one:
                    pairs = [(pk, getattr(o, relation.attname)) for pk, o in objects.items()]
                else:
                    continue
                edges += [
                    ((model, pk), (target, other)) for pk, other in pairs if (target, other) in ends
                ]
        return edges


def _shown(obj: Any, field: models.Field[Any, Any]) -> str:
    """A value as a person reads it: the label of a choice, the name of a related record."""
    value = getattr(obj, field.attname)
    if value is None or value == "" or value == []:
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = getattr(obj, field.name, None)
        return str(related) if related is not None else str(value)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _described(model: Any, obj: Any) -> Changed:
    kind = model._meta.model_name
    if model is Organisation:
        url = reverse("contacts:organisation_detail", args=[obj.pk])
    elif model is Person:
        url = reverse("contacts:person_detail", args=[obj.pk])
    elif model is Affiliation:
        url = reverse("contacts:person_detail", args=[obj.person_id])
    elif model is Interaction:
        url = reverse("interactions:interaction_detail", args=[obj.pk])
    else:  # a status or an employment record: its organisation's page
        url = reverse("contacts:organisation_detail", args=[obj.organisation_id])
    return Changed(kind, obj.pk, str(obj), url)


def changed_since(batch: ImportBatch) -> list[Changed]:
    """The records the batch wrote that changed since, in the order of the file."""
    return list(Plan(batch).changed.values())


def revert(batch: ImportBatch, actor: Any, *, keep_changed: bool = False) -> dict[str, Any]:
    """Undo ``batch``; with ``keep_changed`` everything but the records changed since (and
    what hangs on them), which stay as they are. Returns the counts and the records kept.

    Raises: RevertRefused (without ``keep_changed``) naming every record changed since.
    """
    plan = Plan(batch)
    if plan.changed and not keep_changed:
        raise RevertRefused(list(plan.changed.values()))
    kept = plan.kept()
    reason = _("revert of %(reason)s") % {"reason": batch.reason}
    counts = {"restored": 0, "deleted": 0}
    for (model, action), found in plan.objects.items():
        if action != UPDATED:
            continue
        for record in plan.records[(model, action)]:
            obj = found.get(record.object_id)
            if obj is None or (model, obj.pk) in kept:
                continue
            for name, value in record.previous_values.items():
                if not name.startswith("_"):
                    setattr(obj, name, value)
            with_history_user(obj, actor, reason)
            obj.save()
            counts["restored"] += 1
    ImportFlag.objects.filter(batch=batch).delete()
    own_affiliations = list(plan.created(Affiliation))
    for model in CREATED_ORDER:
        created: Any = _deletable(plan.created(model).values(), model, kept)
        if model is Organisation:
            created = sorted(created, key=lambda o: o.operator_id is None)
        for obj in created:
            if model is Person and obj.affiliations.exclude(pk__in=own_affiliations).exists():
                continue
            with_history_user(obj, actor, reason)
            obj.delete()
            counts["deleted"] += 1
    return {**counts, "kept": sorted(f"{model._meta.model_name}:{pk}" for model, pk in kept)}


def _deletable(objects: Iterable[Any], model: Any, kept: set[Key]) -> Iterable[Any]:
    return [obj for obj in objects if (model, obj.pk) not in kept]
