"""Django admin for data stewards: organisations, statuses, employment and people.

Every change is a call of the contacts services (``crm.admin_services``), so the rules, the
field history and the action log are those of the pages and the API. Partner files are imported
on the import page (its pipeline matches and records provenance); the admin only exports, through
``crm.exports``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from contacts.models import (
    Affiliation,
    Consent,
    EmploymentSnapshot,
    Organisation,
    OrganisationLink,
    OwesAccreditation,
    Person,
    SocialEnterpriseStatus,
)
from contacts.resources import OrganisationResource, PersonResource
from contacts.services import (
    affiliation_create,
    affiliation_delete,
    affiliation_end,
    consent_record,
    consent_withdraw,
    employment_delete,
    employment_record,
    organisation_create,
    organisation_delete,
    organisation_link_create,
    organisation_link_delete,
    organisation_link_end,
    organisation_update,
    owes_accreditation_create,
    owes_accreditation_delete,
    owes_accreditation_update,
    person_create,
    person_delete,
    person_restrict,
    person_update,
    ps_status_delete,
    ps_status_grant,
    ps_status_lose,
)
from crm.admin_services import ServiceAdmin, ServiceTabularInline, end_date, only_changing


class StatusServices:
    """A status is granted, later lost; an entry made by mistake is deleted."""

    def service_create(self, request: HttpRequest, data: dict[str, Any], form: Any) -> Any:
        lost_on = data.pop("lost_on", None)
        status = ps_status_grant(actor=request.user, **data)
        if lost_on is not None:
            status = ps_status_lose(actor=request.user, status=status, lost_on=lost_on)
        return status

    def service_update(
        self, request: HttpRequest, instance: Any, data: dict[str, Any], form: Any
    ) -> Any:
        only_changing(data, ["lost_on", "decision_number"])
        return ps_status_lose(
            actor=request.user,
            status=instance,
            lost_on=end_date(data, "lost_on"),
            decision_number=data.get("decision_number", ""),
        )

    def service_delete(self, request: HttpRequest, instance: Any) -> None:
        ps_status_delete(actor=request.user, status=instance)


class EmploymentServices:
    """One snapshot per date: recorded, corrected or deleted."""

    def service_create(self, request: HttpRequest, data: dict[str, Any], form: Any) -> Any:
        return employment_record(actor=request.user, **data)

    def service_update(
        self, request: HttpRequest, instance: Any, data: dict[str, Any], form: Any
    ) -> Any:
        only_changing(data, ["employees", "employees_at_risk", "fte"])
        return employment_record(
            actor=request.user,
            organisation=instance.organisation,
            as_of=instance.as_of,
            employees=data.get("employees", instance.employees),
            employees_at_risk=data.get("employees_at_risk", instance.employees_at_risk),
            fte=data.get("fte", instance.fte),
        )

    def service_delete(self, request: HttpRequest, instance: Any) -> None:
        employment_delete(actor=request.user, snapshot=instance)


class AffiliationServices:
    """An affiliation starts, later ends; an entry made by mistake is deleted."""

    def service_create(self, request: HttpRequest, data: dict[str, Any], form: Any) -> Any:
        ended_on = data.pop("ended_on", None)
        affiliation = affiliation_create(actor=request.user, **data)
        if ended_on is not None:
            affiliation = affiliation_end(
                actor=request.user, affiliation=affiliation, ended_on=ended_on
            )
        return affiliation

    def service_update(
        self, request: HttpRequest, instance: Any, data: dict[str, Any], form: Any
    ) -> Any:
        only_changing(data, ["ended_on"])
        return affiliation_end(
            actor=request.user, affiliation=instance, ended_on=end_date(data, "ended_on")
        )

    def service_delete(self, request: HttpRequest, instance: Any) -> None:
        affiliation_delete(actor=request.user, affiliation=instance)


class StatusInline(StatusServices, ServiceTabularInline):
    model = SocialEnterpriseStatus
    extra = 0


class EmploymentInline(EmploymentServices, ServiceTabularInline):
    model = EmploymentSnapshot
    extra = 0


class AffiliationInline(AffiliationServices, ServiceTabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["person", "organisation"]


@admin.register(Organisation)
class OrganisationAdmin(ServiceAdmin, SimpleHistoryAdmin):
    export_resource = OrganisationResource
    list_display = ["name", "kind", "nip", "regon", "krs", "town", "gmina"]
    list_filter = ["kind", "legal_form", "gmina__subregion", "gmina__powiat", "is_public"]
    list_select_related = ["gmina"]
    search_fields = ["name", "search_name", "nip", "regon", "krs", "town"]
    autocomplete_fields = ["gmina", "operator"]
    readonly_fields = ["created_at", "updated_at", "created_by"]
    inlines = [StatusInline, EmploymentInline, AffiliationInline]

    def service_create(self, request: HttpRequest, data: dict[str, Any], form: Any) -> Any:
        return organisation_create(actor=request.user, **data)

    def service_update(
        self, request: HttpRequest, instance: Any, data: dict[str, Any], form: Any
    ) -> Any:
        return organisation_update(actor=request.user, organisation=instance, **data)

    def service_delete(self, request: HttpRequest, instance: Any) -> None:
        organisation_delete(actor=request.user, organisation=instance)


@admin.register(SocialEnterpriseStatus)
class SocialEnterpriseStatusAdmin(StatusServices, ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["organisation", "kind", "granted_on", "lost_on", "decision_number"]
    list_filter = ["kind", "purpose", "organisation__gmina__subregion"]
    search_fields = ["organisation__name", "organisation__nip", "decision_number"]
    autocomplete_fields = ["organisation"]
    editable_on_change = ["lost_on", "decision_number"]


@admin.register(OwesAccreditation)
class OwesAccreditationAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["organisation", "decision_number", "decision_date", "valid_from", "valid_to"]
    list_filter = ["subregions"]
    search_fields = ["organisation__name", "decision_number"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["subregions"]

    def service_create(self, request: HttpRequest, data: dict[str, Any], form: Any) -> Any:
        return owes_accreditation_create(actor=request.user, **data)

    def service_update(
        self, request: HttpRequest, instance: Any, data: dict[str, Any], form: Any
    ) -> Any:
        data.pop("organisation", None)
        return owes_accreditation_update(actor=request.user, accreditation=instance, **data)

    def service_delete(self, request: HttpRequest, instance: Any) -> None:
        owes_accreditation_delete(actor=request.user, accreditation=instance)


@admin.register(OrganisationLink)
class OrganisationLinkAdmin(ServiceAdmin, SimpleHistoryAdmin):
    """Founders and OWES support; who runs a unit is the organisation's operator field."""

    list_display = ["organisation", "kind", "other", "started_on", "ended_on"]
    list_filter = ["kind"]
    search_fields = ["organisation__name", "other__name"]
    autocomplete_fields = ["organisation", "other"]
    editable_on_change = ["ended_on"]

    def service_create(self, request: HttpRequest, data: dict[str, Any], form: Any) -> Any:
        return organisation_link_create(actor=request.user, **data)

    def service_update(
        self, request: HttpRequest, instance: Any, data: dict[str, Any], form: Any
    ) -> Any:
        only_changing(data, ["ended_on"])
        return organisation_link_end(
            actor=request.user, link=instance, ended_on=end_date(data, "ended_on")
        )

    def service_delete(self, request: HttpRequest, instance: Any) -> None:
        organisation_link_delete(actor=request.user, link=instance)


@admin.register(EmploymentSnapshot)
class EmploymentSnapshotAdmin(EmploymentServices, ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["organisation", "as_of", "employees", "employees_at_risk", "fte"]
    list_filter = ["organisation__gmina__subregion"]
    search_fields = ["organisation__name", "organisation__nip"]
    autocomplete_fields = ["organisation"]
    date_hierarchy = "as_of"
    editable_on_change = ["employees", "employees_at_risk", "fte"]


class ConsentInline(ServiceTabularInline):
    """Consents are recorded and withdrawn; they go only with the person's anonymisation."""

    model = Consent
    extra = 0

    def service_create(self, request: HttpRequest, data: dict[str, Any], form: Any) -> Any:
        return consent_record(actor=request.user, **data)

    def service_update(
        self, request: HttpRequest, instance: Any, data: dict[str, Any], form: Any
    ) -> Any:
        only_changing(data, ["withdrawn_on"])
        return consent_withdraw(
            actor=request.user, consent=instance, withdrawn_on=end_date(data, "withdrawn_on")
        )


@admin.register(Person)
class PersonAdmin(ServiceAdmin, SimpleHistoryAdmin):
    export_resource = PersonResource
    list_display = ["last_name", "first_name", "email", "legal_basis", "informed_at", "restricted"]
    list_filter = ["legal_basis", "restricted", "affiliations__organisation__gmina__subregion"]
    search_fields = ["last_name", "first_name", "email"]
    # Anonymisation (art. 17 GDPR) is a page of its own: it also removes history and consents.
    readonly_fields = ["anonymised_at"]
    inlines = [ConsentInline, AffiliationInline]

    def service_create(self, request: HttpRequest, data: dict[str, Any], form: Any) -> Any:
        restricted = data.pop("restricted", False)
        person = person_create(actor=request.user, **data)
        if restricted:
            person = person_restrict(actor=request.user, person=person, restricted=True)
        return person

    def service_update(
        self, request: HttpRequest, instance: Any, data: dict[str, Any], form: Any
    ) -> Any:
        if "restricted" in data:
            restricted = data.pop("restricted")
            instance = person_restrict(actor=request.user, person=instance, restricted=restricted)
        if data:
            instance = person_update(actor=request.user, person=instance, **data)
        return instance

    def service_delete(self, request: HttpRequest, instance: Any) -> None:
        person_delete(actor=request.user, person=instance)


@admin.register(Affiliation)
class AffiliationAdmin(AffiliationServices, ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["person", "organisation", "role", "started_on", "ended_on", "is_primary"]
    list_filter = ["is_primary", "organisation__gmina__subregion"]
    search_fields = ["person__last_name", "organisation__name"]
    autocomplete_fields = ["person", "organisation"]
    editable_on_change = ["ended_on"]
