"""Django admin for data stewards: indicators with their targets, JST strategic documents,
recommendations of the yearly monitoring, and the generated reports (read-only).

Column headers and filter names come from the models' ``verbose_name``, so they are Polish
wherever the model's labels are translated.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from crm.top.monitoring.models import (
    IndicatorDefinition,
    IndicatorTarget,
    MonitoringReport,
    Recommendation,
    StrategicDocument,
)


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    fields = ["year", "value"]
    extra = 0
    ordering = ["year"]


@admin.register(IndicatorDefinition)
class IndicatorDefinitionAdmin(SimpleHistoryAdmin):
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
    search_fields = ["code", "name_pl", "name_en", "description"]
    ordering = ["chapter", "position", "code"]
    fields = [
        "code",
        "name_pl",
        "name_en",
        "chapter",
        "unit",
        "description",
        "baseline_year",
        "baseline_value",
        "query",
        "position",
        "is_key_result",
    ]
    inlines = [IndicatorTargetInline]


@admin.register(StrategicDocument)
class StrategicDocumentAdmin(SimpleHistoryAdmin):
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


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["short_text", "monitoring_year", "addressee", "subregion", "status"]
    list_filter = ["status", "monitoring_year", "subregion"]
    search_fields = ["text", "addressee"]
    list_select_related = ["subregion"]
    fields = ["monitoring_year", "text", "addressee", "subregion", "status", "implemented_on"]

    @admin.display(description=Recommendation._meta.get_field("text").verbose_name)
    def short_text(self, obj: Recommendation) -> str:
        text = obj.text.strip()
        return text if len(text) <= 80 else f"{text[:79]}…"


@admin.register(MonitoringReport)
class MonitoringReportAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
