"""What a merge carries that the reverse relations in ``move_links`` do not show.

- The record's own many-to-many fields (its tags): the link rows sit in a table Django made
  for the field, reached from the record, not from the other side.
- Who saw a person (``crm.AccessLog``, by the person's id): after a merge the survivor's
  log answers "who saw this person?" for both records, as an art. 15 request needs.
- Documents attached to it (``crm.Document``, a generic link by content type and id): a
  deleted record takes its documents with it, so leaving them would delete them with the
  duplicate — files included.

Each move is recorded in the same form as ``move_links``' (model, field, row ids), so the
undo puts the rows back without knowing where they came from.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core import serializers

from crm.audit.models import AccessLog
from crm.documents.models import Document


def move_own_m2m(duplicate: Any, survivor: Any) -> tuple[list[dict[str, Any]], list[Any]]:
    """Link rows of the record's own many-to-many fields move to the survivor; a link the
    survivor already has is removed (kept serialised for the undo)."""
    moved: list[dict[str, Any]] = []
    removed: list[Any] = []
    for field in type(survivor)._meta.many_to_many:
        through = field.remote_field.through
        source = field.m2m_field_name()
        target = f"{field.m2m_reverse_field_name()}_id"
        links = through._default_manager.filter(**{source: duplicate})
        already = set(
            through._default_manager.filter(**{source: survivor}).values_list(target, flat=True)
        )
        clashing = [link for link in links.order_by("pk") if getattr(link, target) in already]
        if clashing:
            removed.extend(serializers.serialize("python", clashing))
            through._default_manager.filter(pk__in=[link.pk for link in clashing]).delete()
        pks = list(links.order_by("pk").values_list("pk", flat=True))
        if pks:
            through._default_manager.filter(pk__in=pks).update(**{source: survivor})
            moved.append({"model": through._meta.label, "field": source, "pks": pks})
    return moved, removed


def move_documents(duplicate: Any, survivor: Any) -> list[dict[str, Any]]:
    """The duplicate's documents belong to the survivor from now on (rows only: the files
    stay under their keys)."""
    documents = Document.objects.filter(
        content_type=ContentType.objects.get_for_model(type(duplicate)), object_id=duplicate.pk
    )
    pks = list(documents.order_by("pk").values_list("pk", flat=True))
    if not pks:
        return []
    Document.objects.filter(pk__in=pks).update(object_id=survivor.pk)
    return [{"model": Document._meta.label, "field": "object_id", "pks": pks}]


def move_access_log(duplicate: Any, survivor: Any) -> list[dict[str, Any]]:
    """Views of the duplicate person count as views of the survivor from now on."""
    pks = list(
        AccessLog.objects.filter(person_id=duplicate.pk).order_by("pk").values_list("pk", flat=True)
    )
    if not pks:
        return []
    AccessLog.objects.filter(pk__in=pks).update(person_id=survivor.pk)
    return [{"model": AccessLog._meta.label, "field": "person_id", "pks": pks}]
