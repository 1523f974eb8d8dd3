"""Django admin for data stewards: networks, committee terms, memberships and partnerships."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from networks.models import (
    OVERLAP_MESSAGE,
    Membership,
    Network,
    Partnership,
    PartnershipParty,
    PartnershipStatus,
    Term,
)
from networks.services.memberships import overlapping_period_exists


class MembershipForm(forms.ModelForm):
    """The admin writes rows directly, so it repeats the service's overlap check (SQLite has
    no exclusion constraint to catch it)."""

    class Meta:
        model = Membership
        fields = [
            "organisation",
            "network",
            "joined_on",
            "left_on",
            "left_reason",
            "role",
            "representative",
            "term",
            "source",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organisation, network = data.get("organisation"), data.get("network")
        joined_on = data.get("joined_on")
        if (
            organisation
            and network
            and joined_on
            and overlapping_period_exists(
                organisation=organisation,
                network=network,
                joined_on=joined_on,
                left_on=data.get("left_on"),
                exclude_pk=self.instance.pk,
            )
        ):
            raise ValidationError(OVERLAP_MESSAGE)
        return data


class TermInline(admin.TabularInline):
    model = Term
    extra = 0
    fields = ["label", "starts_on", "ends_on"]


@admin.register(Network)
class NetworkAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "subregion", "coordinator", "founded_on", "closed_on"]
    list_filter = ["kind", "subregion"]
    list_select_related = ["subregion", "coordinator"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["coordinator"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [TermInline]


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    list_display = ["network", "label", "starts_on", "ends_on"]
    list_filter = ["network"]
    search_fields = ["label", "network__name"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    form = MembershipForm
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


class PartyInline(admin.TabularInline):
    model = PartnershipParty
    extra = 0
    fields = ["organisation", "role"]
    autocomplete_fields = ["organisation"]


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
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
