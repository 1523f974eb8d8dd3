"""Merging two records of one organisation: choose per field, move everything to the survivor.

Rows of other apps point at organisations too (memberships, interactions, participations...).
contacts may not import those apps, so the rows are found through the model's relations: a new
relation elsewhere is moved without a change here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from contacts.models import Organisation
from crm import access
from crm.access import Action
from crm.audit.services import action_log_write, with_history_user

# Fields a person may choose between; identifiers included, bookkeeping fields not.
MERGEABLE_FIELDS = [
    "name",
    "short_name",
    "kind",
    "legal_form",
    "nip",
    "regon",
    "krs",
    "kgw_number",
    "street",
    "postal_code",
    "town",
    "gmina",
    "email",
    "phones",
    "website",
    "offer",
    "is_public",
    "founded_on",
    "closed_on",
    "notes",
]
UNIQUE_IDENTIFIERS = ("nip", "regon", "krs", "kgw_number")


def merge_differences(survivor: Organisation, duplicate: Organisation) -> list[str]:
    """The mergeable fields whose values differ (where a choice is needed)."""
    return [
        name
        for name in MERGEABLE_FIELDS
        if getattr(survivor, _attname(name)) != getattr(duplicate, _attname(name))
    ]


def _attname(name: str) -> str:
    return str(getattr(Organisation._meta.get_field(name), "attname", name))


def _related_fields() -> list[Any]:
    """Every relation from another model to Organisation (FKs and M2Ms), history excluded."""
    result = []
    for relation in Organisation._meta.related_objects:
        model: Any = relation.related_model
        if model is None or str(model._meta.object_name).startswith("Historical"):
            continue
        result.append(relation)
    return result


def _move_fk_rows(
    relation: Any, duplicate: Organisation, survivor: Organisation, actor: Any
) -> tuple[int, int]:
    """Point each row at the survivor; a row that would break a constraint is dropped."""
    model = relation.related_model
    field_name = relation.field.name
    moved = dropped = 0
    for row in model._default_manager.filter(**{field_name: duplicate}).order_by("pk"):
        setattr(row, field_name, survivor)
        try:
            with transaction.atomic():
                row.validate_constraints()
                with_history_user(row, actor, f"merged organisation {duplicate.pk}")
                row.save(update_fields=[relation.field.attname])
            moved += 1
        except (ValidationError, IntegrityError):
            # The survivor already has this row (same snapshot date, same open membership...).
            setattr(row, field_name, duplicate)
            with_history_user(row, actor, f"merged into organisation {survivor.pk}")
            row.delete()
            dropped += 1
    return moved, dropped


def _move_m2m_rows(relation: Any, duplicate: Organisation, survivor: Organisation) -> int:
    """Swap the duplicate for the survivor in many-to-many links (e.g. an interaction's)."""
    through = relation.through
    target_field = relation.field.m2m_reverse_field_name()
    source_field = relation.field.m2m_field_name()
    links = through._default_manager.filter(**{target_field: duplicate})
    already = set(
        through._default_manager.filter(**{target_field: survivor}).values_list(
            f"{source_field}_id", flat=True
        )
    )
    moved = 0
    for link in links:
        if getattr(link, f"{source_field}_id") in already:
            link.delete()
        else:
            setattr(link, target_field, survivor)
            link.save()
            moved += 1
    return moved


@access.unscoped("a merge moves every record of the duplicate, seen or not")
@transaction.atomic
def organisation_merge(
    *,
    actor: Any,
    survivor: Organisation,
    duplicate: Organisation,
    take_from_duplicate: Iterable[str] = (),
) -> Organisation:
    """Merge ``duplicate`` into ``survivor`` and delete it.

    ``take_from_duplicate`` names the fields whose value the survivor takes over. Every row
    linked to the duplicate moves to the survivor; the history and the action log record it.

    Raises: ValidationError (same record, unknown field, result invalid), PermissionDenied.
    """
    if survivor.pk == duplicate.pk:
        raise ValidationError(_("An organisation cannot be merged with itself."))
    access.require(actor, Action.CHANGE, survivor)
    access.require(actor, Action.DELETE, duplicate)
    chosen = list(take_from_duplicate)
    unknown = [name for name in chosen if name not in MERGEABLE_FIELDS]
    if unknown:
        raise ValidationError(_("Unknown fields: %(names)s") % {"names": ", ".join(unknown)})
    survivor = Organisation.objects.select_for_update().get(pk=survivor.pk)
    duplicate = Organisation.objects.select_for_update().get(pk=duplicate.pk)

    # Identifiers are unique: the duplicate gives them up before the survivor takes them.
    taken_identifiers = [name for name in chosen if name in UNIQUE_IDENTIFIERS]
    values = {name: getattr(duplicate, _attname(name)) for name in chosen}
    if taken_identifiers:
        for name in taken_identifiers:
            setattr(duplicate, name, None)
        with_history_user(duplicate, actor, f"merging into organisation {survivor.pk}")
        duplicate.save(update_fields=taken_identifiers)
    for name, value in values.items():
        setattr(survivor, _attname(name), value)
    survivor.full_clean()

    moved: dict[str, int] = {}
    dropped: dict[str, int] = {}
    for relation in _related_fields():
        label = relation.related_model._meta.label_lower
        if relation.many_to_many:
            count = _move_m2m_rows(relation, duplicate, survivor)
            if count:
                moved[label] = moved.get(label, 0) + count
            continue
        if relation.related_model is Organisation and relation.field.name == "operator":
            # A unit run by the duplicate is now run by the survivor (never by itself).
            Organisation.objects.filter(operator=duplicate, pk=survivor.pk).update(operator=None)
        row_moved, row_dropped = _move_fk_rows(relation, duplicate, survivor, actor)
        if row_moved:
            moved[label] = moved.get(label, 0) + row_moved
        if row_dropped:
            dropped[label] = dropped.get(label, 0) + row_dropped
    if survivor.operator_id == duplicate.pk:
        survivor.operator = None

    with_history_user(survivor, actor, f"merged with organisation {duplicate.pk}")
    survivor.save()
    duplicate_pk = duplicate.pk
    with_history_user(duplicate, actor, f"merged into organisation {survivor.pk}")
    duplicate.delete()
    action_log_write(
        actor=actor,
        verb="contacts.organisation.merged",
        obj=survivor,
        details={
            "survivor": survivor.pk,
            "duplicate": duplicate_pk,
            "fields": sorted(chosen),
            "moved": moved,
            "dropped": dropped,
        },
    )
    return survivor
