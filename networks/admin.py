"""Django admin for data stewards: networks, committee terms, memberships and partnerships.

Every change is a call of the networks services (``crm.admin_services``): a membership that
overlaps another period of the same organisation is refused by ``membership_join`` with the same
message as on the pages and in the API. Nothing here is deleted: a membership ends, a network
closes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from crm.admin_services import ServiceAdmin, ServiceTabularInline, end_date
from networks.models import (
    Membership,
    Network,
    Partnership,
    PartnershipParty,
    PartnershipStatus,
    Term,
)
from networks.services import (
    membership_change_role,
    membership_join,
    membership_leave,
    membership_move_representative,
    network_create,
    network_update,
    partnership_add_party,
    partnership_create,
    partnership_remove_party,
    partnership_update,
    term_create,
)


class TermServices:
    def service_create(self, request: HttpRequest, data: dict[str, Any], form: Any) -> Any:
        return term_create(actor=request.user, **data)


class TermInline(TermServices, ServiceTabularInline):
    model = Term
    extra = 0
    fields = ["label", "starts_on", "ends_on"]


@admin.register(Network)
class NetworkAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "subregion", "coordinator", "founded_on", "closed_on"]
    list_filter = ["kind", "subregion"]
    list_select_related = ["subregion", "coordinator"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["coordinator"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [TermInline]

    def service_create(self, request: HttpRequest, data: dict[str, Any], form: Any) -> Any:
        return network_create(actor=request.user, **data)

    def service_update(
        self, request: HttpRequest, instance: Any, data: dict[str, Any], form: Any
    ) -> Any:
        return network_update(actor=request.user, network=instance, **data)


@admin.register(Term)
class TermAdmin(TermServices, ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["network", "label", "starts_on", "ends_on"]
    list_filter = ["network"]
    search_fields = ["label", "network__name"]


@admin.register(Membership)
class MembershipAdmin(ServiceAdmin, SimpleHistoryAdmin):
    """Joined once, then its role, representative and end may change (each its own service)."""

    list_display = ["organisation", "network", "role", "joined_on", "left_on", "term"]
    list_filter = [
        "network__kind",
        "network",
        "role",
        "organisation__gmina__subregion",
        "organisation__kind",
        ("left_on", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["organisation", "network", "term"]
    search_fields = ["organisation__name", "organisation__nip", "network__name", "source"]
    autocomplete_fields = ["organisation", "representative"]
    date_hierarchy = "joined_on"
    readonly_fields = ["created_at", "updated_at"]
    editable_on_change = ["role", "representative", "left_on", "left_reason"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.left_on is not None:
            fields += ["left_on", "left_reason"]  # ended: a rejoin is a new membership
        return fields

    def service_create(self, request: HttpRequest, data: dict[str, Any], form: Any) -> Any:
        return membership_join(actor=request.user, **data)

    def service_update(
        self, request: HttpRequest, instance: Any, data: dict[str, Any], form: Any
    ) -> Any:
        actor = request.user
        if "left_on" in data or "left_reason" in data:
            instance = membership_leave(
                actor=actor,
                membership=instance,
                left_on=end_date(data, "left_on"),
                reason=data.get("left_reason", instance.left_reason),
            )
        if "role" in data:
            instance = membership_change_role(actor=actor, membership=instance, role=data["role"])
        if "representative" in data:
            instance = membership_move_representative(
                actor=actor, membership=instance, representative=data["representative"]
            )
        return instance


class PartyInline(ServiceTabularInline):
    """Parties are added and removed; a party's role is set when it is added."""

    model = PartnershipParty
    extra = 0
    fields = ["organisation", "role"]
    autocomplete_fields = ["organisation"]

    def service_create(self, request: HttpRequest, data: dict[str, Any], form: Any) -> Any:
        return partnership_add_party(actor=request.user, **data)

    def service_delete(self, request: HttpRequest, instance: Any) -> None:
        partnership_remove_party(actor=request.user, party=instance)


@admin.register(Partnership)
class PartnershipAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "starts_on", "ends_on", "status_display", "value_pln"]
    list_filter = ["kind", "parties__organisation__gmina__subregion", "parties__organisation__kind"]
    search_fields = ["title", "parties__organisation__name", "parties__organisation__nip"]
    date_hierarchy = "starts_on"
    raw_id_fields = ["origin_event", "origin_interaction"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [PartyInline]

    @admin.display(description=_("status"))
    def status_display(self, obj: Partnership) -> str:
        return str(PartnershipStatus(obj.status).label)

    def get_queryset(self, request: Any) -> Any:
        # Filtering through parties would repeat a partnership once per matching party.
        return super().get_queryset(request).distinct()

    def service_create_with_inlines(
        self, request: HttpRequest, data: dict[str, Any], form: Any, formsets: list[Any]
    ) -> Any:
        # A partnership is created with its parties (it needs at least one).
        parties = []
        for formset in formsets:
            if formset.model is PartnershipParty:
                formset.saved_by_service = True
                parties += [
                    (row.cleaned_data["organisation"], row.cleaned_data["role"])
                    for row in formset.forms
                    if row.has_changed() and row not in formset.deleted_forms
                ]
        return partnership_create(actor=request.user, parties=parties, **data)

    def service_update(
        self, request: HttpRequest, instance: Any, data: dict[str, Any], form: Any
    ) -> Any:
        return partnership_update(actor=request.user, partnership=instance, **data)
