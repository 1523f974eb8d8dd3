"""Django admin for data stewards: indicators with their targets, JST strategic documents,
recommendations of the yearly monitoring, and the generated reports (read-only).

Column headers and filter names come from the models' ``verbose_name``, so they are Polish
wherever the model's labels are translated. Every change is a call of the monitoring services
(``crm.admin_services``); nothing here is deleted.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from crm.admin_services import ServiceAdmin, ServiceTabularInline, only_changing
from crm.top.monitoring.models import (
    IndicatorDefinition,
    IndicatorTarget,
    MonitoringReport,
    Recommendation,
    StrategicDocument,
)
from crm.top.monitoring.services import (
    indicator_definition_create,
    indicator_definition_update,
    indicator_target_set,
    recommendation_create,
    recommendation_update,
    strategic_document_create,
    strategic_document_update,
)


class IndicatorTargetInline(ServiceTabularInline):
    """One target per year, set and corrected; a year once set keeps a target."""

    model = IndicatorTarget
    fields = ["year", "value"]
    extra = 0
    ordering = ["year"]

    def service_create(self, request: HttpRequest, data: dict[str, Any], form: Any) -> Any:
        return indicator_target_set(actor=request.user, **data)

    def service_update(
        self, request: HttpRequest, instance: Any, data: dict[str, Any], form: Any
    ) -> Any:
        only_changing(data, ["value"])
        return indicator_target_set(
            actor=request.user,
            definition=instance.definition,
            year=instance.year,
            value=data["value"],
        )


@admin.register(IndicatorDefinition)
class IndicatorDefinitionAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = [
        "code",
        "name_pl",
        "chapter",
        "unit",
        "baseline_year",
        "baseline_value",
        "is_key_result",
        "position",
    ]
    list_filter = ["chapter", "is_key_result"]
    search_fields = ["code", "name_pl", "name_en", "description", "description_en"]
    ordering = ["chapter", "position", "code"]
    fields = [
        "code",
        "name_pl",
        "name_en",
        "chapter",
        "unit",
        "description",
        "description_en",
        "baseline_year",
        "baseline_value",
        "query",
        "position",
        "is_key_result",
    ]
    inlines = [IndicatorTargetInline]
    # The code names the indicator in reports and URLs: fixed once made.
    editable_on_change = [str(field) for field in fields if field != "code"]

    def service_create(self, request: HttpRequest, data: dict[str, Any], form: Any) -> Any:
        return indicator_definition_create(actor=request.user, **data)

    def service_update(
        self, request: HttpRequest, instance: Any, data: dict[str, Any], form: Any
    ) -> Any:
        return indicator_definition_update(actor=request.user, definition=instance, **data)


@admin.register(StrategicDocument)
class StrategicDocumentAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = [
        "title",
        "organisation",
        "kind",
        "adopted_on",
        "valid_until",
        "has_se_provisions",
    ]
    list_filter = [
        "kind",
        "has_se_provisions",
        ("organisation__gmina__subregion", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "quote", "organisation__name"]
    date_hierarchy = "adopted_on"
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    fields = [
        "organisation",
        "title",
        "kind",
        "adopted_on",
        "valid_until",
        "has_se_provisions",
        "quote",
        "link",
    ]

    def service_create(self, request: HttpRequest, data: dict[str, Any], form: Any) -> Any:
        return strategic_document_create(actor=request.user, **data)

    def service_update(
        self, request: HttpRequest, instance: Any, data: dict[str, Any], form: Any
    ) -> Any:
        return strategic_document_update(actor=request.user, document=instance, **data)


@admin.register(Recommendation)
class RecommendationAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["short_text", "monitoring_year", "addressee", "subregion", "status"]
    list_filter = ["status", "monitoring_year", "subregion"]
    search_fields = ["text", "addressee"]
    list_select_related = ["subregion"]
    fields = ["monitoring_year", "text", "addressee", "subregion", "status", "implemented_on"]

    @admin.display(description=Recommendation._meta.get_field("text").verbose_name)
    def short_text(self, obj: Recommendation) -> str:
        text = obj.text.strip()
        return text if len(text) <= 80 else f"{text[:79]}…"

    def service_create(self, request: HttpRequest, data: dict[str, Any], form: Any) -> Any:
        return recommendation_create(actor=request.user, **data)

    def service_update(
        self, request: HttpRequest, instance: Any, data: dict[str, Any], form: Any
    ) -> Any:
        return recommendation_update(actor=request.user, recommendation=instance, **data)


@admin.register(MonitoringReport)
class MonitoringReportAdmin(ServiceAdmin):
    """Reports are made by a task from the report page; the admin only shows them."""

    list_display = ["year", "subregion", "status", "requested_by", "created_at", "finished_at"]
    list_filter = ["status", "year", "subregion"]
    search_fields = ["year", "subregion__name"]
    list_select_related = ["subregion", "requested_by"]
    readonly_fields = (
        "year",
        "subregion",
        "status",
        "file",
        "requested_by",
        "created_at",
        "finished_at",
    )
    fields = readonly_fields
