"""Every write to indicator definitions, targets, strategic documents and recommendations.

Editing any of them needs the ``monitoring.edit`` capability (managers and administrators).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models, transaction

from crm import access
from crm.audit.services import action_log_write
from crm.services import assign, loggable, save_checked
from crm.top.monitoring.models import (
    IndicatorDefinition,
    IndicatorTarget,
    Recommendation,
    StrategicDocument,
)

M = TypeVar("M", bound=models.Model)

# Fields a caller may change through ``**fields``.
DEFINITION_FIELDS = frozenset(
    {
        "name_pl",
        "name_en",
        "unit",
        "chapter",
        "description",
        "description_en",
        "baseline_year",
        "baseline_value",
        "query",
        "position",
        "is_key_result",
    }
)
DOCUMENT_FIELDS = frozenset(
    {
        "organisation",
        "title",
        "kind",
        "adopted_on",
        "valid_until",
        "has_se_provisions",
        "quote",
        "link",
    }
)
RECOMMENDATION_FIELDS = frozenset(
    {"monitoring_year", "text", "addressee", "subregion", "status", "implemented_on"}
)


def _save(instance: M, actor: Any, verb: str, details: dict[str, Any] | None = None) -> M:
    # Access is the monitoring.edit capability, checked by every service first.
    save_checked(instance, actor=actor, action=None)
    action_log_write(actor=actor, verb=verb, obj=instance, details=details)
    return instance


@transaction.atomic
def indicator_definition_create(
    *,
    actor: Any,
    code: str,
    name_pl: str,
    name_en: str,
    unit: str,
    chapter: str,
    query: str,
    **fields: Any,
) -> IndicatorDefinition:
    """Raises: PermissionDenied, ValidationError (unknown computation, duplicate code)."""
    access.require_capability(actor, "monitoring.edit")
    definition = IndicatorDefinition(
        code=code, name_pl=name_pl, name_en=name_en, unit=unit, chapter=chapter, query=query
    )
    assign(definition, fields, allowed=DEFINITION_FIELDS)
    return _save(definition, actor, "monitoring.indicator_definition.created")


@transaction.atomic
def indicator_definition_update(
    *, actor: Any, definition: IndicatorDefinition, **fields: Any
) -> IndicatorDefinition:
    """Raises: PermissionDenied, ValidationError."""
    access.require_capability(actor, "monitoring.edit")
    changed = loggable(assign(definition, fields, allowed=DEFINITION_FIELDS))
    if not changed:
        return definition
    return _save(definition, actor, "monitoring.indicator_definition.updated", {"fields": changed})


@transaction.atomic
def indicator_target_set(
    *, actor: Any, definition: IndicatorDefinition, year: int, value: Decimal
) -> IndicatorTarget:
    """Set (or change) the target of ``definition`` for ``year``.

    Raises: PermissionDenied, ValidationError.
    """
    access.require_capability(actor, "monitoring.edit")
    target = IndicatorTarget.objects.filter(definition=definition, year=year).first()
    if target is not None and target.value == value:
        return target
    target = target or IndicatorTarget(definition=definition, year=year)
    target.value = value
    return _save(
        target,
        actor,
        "monitoring.indicator_target.set",
        {"definition": definition.pk, "year": year},
    )


@transaction.atomic
def strategic_document_create(
    *,
    actor: Any,
    organisation: Any,
    title: str,
    kind: str,
    adopted_on: datetime.date,
    **fields: Any,
) -> StrategicDocument:
    """Raises: PermissionDenied, ValidationError (not a JST, dates out of order)."""
    access.require_capability(actor, "monitoring.edit")
    document = StrategicDocument(
        organisation=organisation, title=title.strip(), kind=kind, adopted_on=adopted_on
    )
    assign(document, fields, allowed=DOCUMENT_FIELDS)
    return _save(
        document,
        actor,
        "monitoring.strategic_document.created",
        {"organisation": organisation.pk},
    )


@transaction.atomic
def strategic_document_update(
    *, actor: Any, document: StrategicDocument, **fields: Any
) -> StrategicDocument:
    """Raises: PermissionDenied, ValidationError."""
    access.require_capability(actor, "monitoring.edit")
    changed = loggable(assign(document, fields, allowed=DOCUMENT_FIELDS))
    if not changed:
        return document
    return _save(document, actor, "monitoring.strategic_document.updated", {"fields": changed})


@transaction.atomic
def recommendation_create(
    *, actor: Any, monitoring_year: int, text: str, addressee: str, **fields: Any
) -> Recommendation:
    """Raises: PermissionDenied, ValidationError."""
    access.require_capability(actor, "monitoring.edit")
    recommendation = Recommendation(
        monitoring_year=monitoring_year, text=text.strip(), addressee=addressee.strip()
    )
    assign(recommendation, fields, allowed=RECOMMENDATION_FIELDS)
    recommendation.created_by = actor if getattr(actor, "pk", None) else None
    return _save(recommendation, actor, "monitoring.recommendation.created")


@transaction.atomic
def recommendation_update(
    *, actor: Any, recommendation: Recommendation, **fields: Any
) -> Recommendation:
    """Change a recommendation; moving it out of "implemented" clears the date.

    Raises: PermissionDenied, ValidationError.
    """
    access.require_capability(actor, "monitoring.edit")
    if fields.get("status") not in (None, Recommendation.Status.IMPLEMENTED):
        fields.setdefault("implemented_on", None)
    changed = loggable(assign(recommendation, fields, allowed=RECOMMENDATION_FIELDS))
    if not changed:
        return recommendation
    return _save(recommendation, actor, "monitoring.recommendation.updated", {"fields": changed})


@transaction.atomic
def recommendation_implement(
    *, actor: Any, recommendation: Recommendation, implemented_on: datetime.date
) -> Recommendation:
    """Raises: PermissionDenied, ValidationError."""
    return recommendation_update(
        actor=actor,
        recommendation=recommendation,
        status=Recommendation.Status.IMPLEMENTED,
        implemented_on=implemented_on,
    )
