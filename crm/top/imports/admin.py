"""Read-only admin views of import batches and header mappings for data stewards."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from crm.top.imports.models import HeaderMapping, ImportBatch, ImportedRecord, ImportRow


class ReadOnlyAdmin(admin.ModelAdmin):
    """Batches change only through the services (plan, apply, revert), never by hand."""

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ("id", "created_at", "source", "original_name", "status", "user")
    list_filter = ("status",)
    search_fields = ("source", "original_name", "sha256")
    date_hierarchy = "created_at"


@admin.register(ImportRow)
class ImportRowAdmin(ReadOnlyAdmin):
    list_display = ("batch", "row_number", "outcome", "organisation_id", "merged_into_row")
    list_filter = ("outcome",)
    list_select_related = ("batch",)
    raw_id_fields = ("batch",)


@admin.register(ImportedRecord)
class ImportedRecordAdmin(ReadOnlyAdmin):
    list_display = ("batch", "row_number", "content_type", "object_id", "action")
    list_filter = ("action", "content_type")
    raw_id_fields = ("batch",)


@admin.register(HeaderMapping)
class HeaderMappingAdmin(ReadOnlyAdmin):
    """Corrected through ``header_mapping_set`` (the import page), which validates the fields."""

    list_display = ("source", "updated_at", "updated_by")
