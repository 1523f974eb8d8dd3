"""Read-only admin views of import batches and header mappings for data stewards.

Files are imported on the import page (``/import/``), whose pipeline matches every row against
what is stored and records where each change came from; the admin lists of organisations and
people point there instead of importing by themselves.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from crm.admin_services import ServiceAdmin, add_changelist_link
from crm.top.imports.models import HeaderMapping, ImportBatch, ImportedRecord, ImportRow
from crm.top.imports.selectors import row_organisation

for _label in ("contacts.Organisation", "contacts.Person", "imports.ImportBatch"):
    add_changelist_link(
        _label,
        _("Import a file"),
        "imports:upload",
        _(
            "Partner files are imported on the import page: it matches every row with what is "
            "already stored, shows the plan before anything is written and can be undone."
        ),
    )


class ReadOnlyAdmin(ServiceAdmin):
    """Batches change only through the services (plan, apply, revert), never by hand."""


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ("id", "created_at", "source", "original_name", "status", "user")
    list_filter = ("status",)
    search_fields = ("source", "original_name", "sha256")
    date_hierarchy = "created_at"


@admin.register(ImportRow)
class ImportRowAdmin(ReadOnlyAdmin):
    list_display = ("batch", "row_number", "outcome", "organisation", "merged_into_row")
    list_filter = ("outcome",)
    list_select_related = ("batch",)
    raw_id_fields = ("batch",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ImportRow]:
        return super().get_queryset(request).annotate(organisation_pk=row_organisation())

    @admin.display(description=_("organisation"))
    def organisation(self, row: ImportRow) -> int | None:
        return getattr(row, "organisation_pk", None)


@admin.register(ImportedRecord)
class ImportedRecordAdmin(ReadOnlyAdmin):
    list_display = ("batch", "row_number", "content_type", "object_id", "action")
    list_filter = ("action", "content_type")
    raw_id_fields = ("batch",)


@admin.register(HeaderMapping)
class HeaderMappingAdmin(ReadOnlyAdmin):
    """Corrected through ``header_mapping_set`` (the import page), which validates the fields."""

    list_display = ("source", "updated_at", "updated_by")
