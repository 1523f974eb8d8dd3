"""Django admin for data stewards: organisations, statuses, employment and people."""

from django.contrib import admin
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from simple_history.admin import SimpleHistoryAdmin

from contacts.models import (
    Affiliation,
    Consent,
    EmploymentSnapshot,
    Organisation,
    Person,
    SavedView,
    SocialEnterpriseStatus,
)
from contacts.resources import OrganisationResource, PersonResource


class StatusInline(admin.TabularInline):
    model = SocialEnterpriseStatus
    extra = 0


class EmploymentInline(admin.TabularInline):
    model = EmploymentSnapshot
    extra = 0


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["person", "organisation"]


@admin.register(Organisation)
class OrganisationAdmin(ImportExportMixin, SimpleHistoryAdmin):
    # Import and export need the "add" / "view" permission (settings.IMPORT_EXPORT_*).
    resource_classes = [OrganisationResource]
    formats = [base_formats.CSV, base_formats.XLSX]
    list_display = ["name", "kind", "nip", "regon", "krs", "town", "gmina"]
    list_filter = ["kind", "legal_form", "gmina__subregion", "gmina__powiat", "is_public"]
    list_select_related = ["gmina"]
    search_fields = ["name", "search_name", "nip", "regon", "krs", "town"]
    autocomplete_fields = ["gmina", "operator"]
    readonly_fields = ["created_at", "updated_at", "created_by"]
    inlines = [StatusInline, EmploymentInline, AffiliationInline]


@admin.register(SocialEnterpriseStatus)
class SocialEnterpriseStatusAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "kind", "granted_on", "lost_on", "decision_number"]
    list_filter = ["kind", "purpose", "organisation__gmina__subregion"]
    search_fields = ["organisation__name", "organisation__nip", "decision_number"]
    autocomplete_fields = ["organisation"]


@admin.register(EmploymentSnapshot)
class EmploymentSnapshotAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "as_of", "employees", "employees_at_risk", "fte"]
    list_filter = ["organisation__gmina__subregion"]
    search_fields = ["organisation__name", "organisation__nip"]
    autocomplete_fields = ["organisation"]
    date_hierarchy = "as_of"


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0


@admin.register(Person)
class PersonAdmin(ImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [PersonResource]
    formats = [base_formats.CSV, base_formats.XLSX]
    list_display = ["last_name", "first_name", "email", "legal_basis", "informed_at", "restricted"]
    list_filter = ["legal_basis", "restricted", "affiliations__organisation__gmina__subregion"]
    search_fields = ["last_name", "first_name", "email"]
    inlines = [ConsentInline, AffiliationInline]


@admin.register(Affiliation)
class AffiliationAdmin(SimpleHistoryAdmin):
    list_display = ["person", "organisation", "role", "started_on", "ended_on", "is_primary"]
    list_filter = ["is_primary", "organisation__gmina__subregion"]
    search_fields = ["person__last_name", "organisation__name"]
    autocomplete_fields = ["person", "organisation"]


@admin.register(SavedView)
class SavedViewAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "is_shared", "created_at"]
    list_filter = ["is_shared"]
    search_fields = ["name", "owner__username"]
    list_select_related = ["owner"]
