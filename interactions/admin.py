"""Django admin for data stewards: topics, the contact log, events, follow-ups and digests."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from crm.access import has_capability
from interactions.models import (
    Event,
    FollowUp,
    FollowUpDigest,
    Interaction,
    Participation,
    Topic,
)
from interactions.services import follow_up_digests_retry


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_pl", "name_en", "is_active", "position"]
    list_editable = ["is_active", "position"]
    search_fields = ["slug", "name_pl", "name_en"]


@admin.register(Interaction)
class InteractionAdmin(SimpleHistoryAdmin):
    list_display = ["occurred_at", "kind", "subject", "duration_minutes", "created_by"]
    list_filter = ["kind", "topics", ("occurred_at", admin.DateFieldListFilter)]
    list_select_related = ["created_by"]
    search_fields = ["subject", "organisations__name", "organisations__nip"]
    autocomplete_fields = ["organisations", "people"]
    filter_horizontal = ["staff", "topics"]
    date_hierarchy = "occurred_at"


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    fields = ["person", "organisation", "status", "notes"]
    autocomplete_fields = ["person", "organisation"]


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["starts_on", "ends_on", "kind", "title", "gmina", "participant_count"]
    list_filter = ["kind", ("starts_on", admin.DateFieldListFilter)]
    list_select_related = ["gmina"]
    search_fields = ["title", "address", "gmina__name"]
    autocomplete_fields = ["gmina", "organiser"]
    date_hierarchy = "starts_on"
    inlines = [ParticipationInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        return super().get_queryset(request).annotate(participant_total=Count("participations"))

    @admin.display(description=_("participants"), ordering="participant_total")
    def participant_count(self, event: Any) -> int:
        return event.participant_total


@admin.register(Participation)
class ParticipationAdmin(SimpleHistoryAdmin):
    list_display = ["event", "person", "organisation", "status"]
    list_filter = ["status", "event__kind"]
    list_select_related = ["event", "person", "organisation"]
    search_fields = ["event__title", "person__last_name", "organisation__name"]
    autocomplete_fields = ["event", "person", "organisation"]


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ["due_on", "title", "assignee", "organisation", "status", "done_at"]
    list_filter = ["status", "assignee", ("due_on", admin.DateFieldListFilter)]
    list_select_related = ["assignee", "organisation"]
    search_fields = ["title", "organisation__name"]
    autocomplete_fields = ["organisation", "interaction"]
    raw_id_fields = ["assignee"]
    date_hierarchy = "due_on"


@admin.register(FollowUpDigest)
class FollowUpDigestAdmin(admin.ModelAdmin):
    list_display = ["date", "user", "status", "follow_up_count", "attempts", "sent_at"]
    list_filter = ["status", ("date", admin.DateFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__last_name"]
    date_hierarchy = "date"
    actions = ["retry_failed"]
    readonly_fields = [
        "user",
        "date",
        "status",
        "created_at",
        "claimed_at",
        "sent_at",
        "attempts",
        "follow_up_count",
        "last_error",
        "caught_up_by",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Rows are made by the daily run only; an extra row would block that day's digest.
        return False

    @admin.action(description=_("Send the selected failed digests again"))
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[FollowUpDigest]) -> None:
        if not has_capability(request.user, "digests.see_failed"):
            self.message_user(request, gettext("Only managers may do this."), messages.ERROR)
            return
        count = follow_up_digests_retry(
            actor=request.user, digest_ids=list(queryset.values_list("pk", flat=True))
        )
        self.message_user(
            request,
            ngettext("%(count)d digest queued again.", "%(count)d digests queued again.", count)
            % {"count": count},
        )
