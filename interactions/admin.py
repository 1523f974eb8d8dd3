"""Django admin for data stewards: topics, the contact log, events, follow-ups and digests.

Every change is a call of the interactions services (``crm.admin_services``), so the rules, the
field history and the action log are those of the pages and the API.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from crm.access import has_capability
from crm.admin_services import ServiceAdmin, ServiceTabularInline, only_changing
from interactions.models import (
    Event,
    FollowUp,
    FollowUpDigest,
    FollowUpStatus,
    Interaction,
    Participation,
    Topic,
)
from interactions.services import (
    event_create,
    event_delete,
    event_update,
    follow_up_cancel,
    follow_up_complete,
    follow_up_create,
    follow_up_delete,
    follow_up_digests_retry,
    follow_up_postpone,
    interaction_delete,
    interaction_log,
    interaction_update,
    participation_delete,
    participation_register,
    topic_create,
    topic_update,
)


@admin.register(Topic)
class TopicAdmin(ServiceAdmin):
    list_display = ["slug", "name_pl", "name_en", "is_active", "position"]
    list_editable = ["is_active", "position"]
    search_fields = ["slug", "name_pl", "name_en"]
    editable_on_change = ["name_pl", "name_en", "is_active", "position"]

    def service_create(self, request: HttpRequest, data: dict[str, Any], form: Any) -> Any:
        return topic_create(actor=request.user, **data)

    def service_update(
        self, request: HttpRequest, instance: Any, data: dict[str, Any], form: Any
    ) -> Any:
        return topic_update(actor=request.user, topic=instance, **data)


@admin.register(Interaction)
class InteractionAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["occurred_at", "kind", "subject", "duration_minutes", "created_by"]
    list_filter = ["kind", "topics", ("occurred_at", admin.DateFieldListFilter)]
    list_select_related = ["created_by"]
    search_fields = ["subject", "organisations__name", "organisations__nip"]
    autocomplete_fields = ["organisations", "people"]
    filter_horizontal = ["staff", "topics"]
    date_hierarchy = "occurred_at"

    def service_create(self, request: HttpRequest, data: dict[str, Any], form: Any) -> Any:
        organisations = sorted(data.pop("organisations", None) or [], key=lambda o: o.pk)
        if not organisations:
            raise ValidationError({"organisations": gettext("Name at least one organisation.")})
        return interaction_log(
            actor=request.user, organisation=organisations[0], organisations=organisations, **data
        )

    def service_update(
        self, request: HttpRequest, instance: Any, data: dict[str, Any], form: Any
    ) -> Any:
        return interaction_update(actor=request.user, interaction=instance, **data)

    def service_delete(self, request: HttpRequest, instance: Any) -> None:
        interaction_delete(actor=request.user, interaction=instance)


class ParticipationServices:
    """Who takes part is registered once; then only the status and the notes change."""

    def service_create(self, request: HttpRequest, data: dict[str, Any], form: Any) -> Any:
        return participation_register(actor=request.user, **data)

    def service_update(
        self, request: HttpRequest, instance: Any, data: dict[str, Any], form: Any
    ) -> Any:
        only_changing(data, ["status", "notes"])
        return participation_register(
            actor=request.user,
            event=instance.event,
            person=instance.person,
            organisation=instance.organisation,
            status=data.get("status", instance.status),
            notes=data.get("notes", ""),
        )

    def service_delete(self, request: HttpRequest, instance: Any) -> None:
        participation_delete(actor=request.user, participation=instance)


class ParticipationInline(ParticipationServices, ServiceTabularInline):
    model = Participation
    extra = 0
    fields = ["person", "organisation", "status", "notes"]
    autocomplete_fields = ["person", "organisation"]


@admin.register(Event)
class EventAdmin(ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["starts_on", "ends_on", "kind", "title", "gmina", "participant_count"]
    list_filter = ["kind", ("starts_on", admin.DateFieldListFilter)]
    list_select_related = ["gmina"]
    search_fields = ["title", "address", "gmina__name"]
    autocomplete_fields = ["gmina", "organiser"]
    date_hierarchy = "starts_on"
    ordering = ["-starts_on", "pk"]  # also pages the autocomplete of participations
    inlines = [ParticipationInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        return super().get_queryset(request).annotate(participant_total=Count("participations"))

    @admin.display(description=_("participants"), ordering="participant_total")
    def participant_count(self, event: Any) -> int:
        return event.participant_total

    def service_create(self, request: HttpRequest, data: dict[str, Any], form: Any) -> Any:
        return event_create(actor=request.user, **data)

    def service_update(
        self, request: HttpRequest, instance: Any, data: dict[str, Any], form: Any
    ) -> Any:
        return event_update(actor=request.user, event=instance, **data)

    def service_delete(self, request: HttpRequest, instance: Any) -> None:
        event_delete(actor=request.user, event=instance)


@admin.register(Participation)
class ParticipationAdmin(ParticipationServices, ServiceAdmin, SimpleHistoryAdmin):
    list_display = ["event", "person", "organisation", "status"]
    list_filter = ["status", "event__kind"]
    list_select_related = ["event", "person", "organisation"]
    search_fields = ["event__title", "person__last_name", "organisation__name"]
    autocomplete_fields = ["event", "person", "organisation"]
    editable_on_change = ["status", "notes"]


@admin.register(FollowUp)
class FollowUpAdmin(ServiceAdmin, SimpleHistoryAdmin):
    """Created, then postponed, completed or cancelled (each its own service)."""

    list_display = ["due_on", "title", "assignee", "organisation", "status", "done_at"]
    list_filter = ["status", "assignee", ("due_on", admin.DateFieldListFilter)]
    list_select_related = ["assignee", "organisation"]
    search_fields = ["title", "organisation__name"]
    autocomplete_fields = ["organisation", "interaction"]
    raw_id_fields = ["assignee"]
    date_hierarchy = "due_on"
    editable_on_change = ["status", "due_on"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is None:
            fields += ["status", "done_at"]  # a new follow-up is open
        return fields

    def service_create(self, request: HttpRequest, data: dict[str, Any], form: Any) -> Any:
        return follow_up_create(actor=request.user, **data)

    def service_update(
        self, request: HttpRequest, instance: Any, data: dict[str, Any], form: Any
    ) -> Any:
        only_changing(data, ["status", "due_on"])
        actor = request.user
        if "due_on" in data:
            instance = follow_up_postpone(actor=actor, follow_up=instance, due_on=data["due_on"])
        status = data.get("status")
        if status == FollowUpStatus.DONE:
            instance = follow_up_complete(actor=actor, follow_up=instance)
        elif status == FollowUpStatus.CANCELLED:
            instance = follow_up_cancel(actor=actor, follow_up=instance)
        elif status is not None:
            raise ValidationError({"status": gettext("Only an open follow-up can be changed.")})
        return instance

    def service_delete(self, request: HttpRequest, instance: Any) -> None:
        follow_up_delete(actor=request.user, follow_up=instance)


@admin.register(FollowUpDigest)
class FollowUpDigestAdmin(ServiceAdmin):
    """Read-only: rows are made by the daily run (an extra one would block that day's digest);
    a failed one is sent again with the action below."""

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
