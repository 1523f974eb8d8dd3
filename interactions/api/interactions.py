"""The contact log over the API: log, change and (managers) delete interactions."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from contacts.models import Organisation, Person
from crm import access
from crm.api.viewsets import (
    ReadOnlyViewSet,
    ServiceCreateMixin,
    ServiceDestroyMixin,
    ServiceUpdateMixin,
)
from crm.tags.api import TagWritesMixin, tags_prefetch
from interactions import services
from interactions.api.schema import TAG, deleted
from interactions.api.serializers import InteractionSerializer
from interactions.filters import InteractionFilter
from interactions.models import Interaction


@extend_schema_view(
    list=extend_schema(summary=_("List interactions (the contact log)"), tags=TAG),
    retrieve=extend_schema(summary=_("One interaction"), tags=TAG),
    create=extend_schema(summary=_("Log an interaction"), tags=TAG),
    update=extend_schema(summary=_("Change an interaction"), tags=TAG),
    partial_update=extend_schema(summary=_("Change some fields of an interaction"), tags=TAG),
    destroy=deleted(
        _("Delete an interaction"),
        _(
            "Managers and administrators only, for an entry made by mistake; its follow-ups "
            "stay. Refused with 409 when a partnership came out of it."
        ),
    ),
)
class InteractionViewSet(
    TagWritesMixin, ServiceCreateMixin, ServiceUpdateMixin, ServiceDestroyMixin, ReadOnlyViewSet
):
    queryset = Interaction.objects.prefetch_related("staff", "topics", tags_prefetch()).order_by(
        "-occurred_at", "-id"
    )
    serializer_class = InteractionSerializer
    filterset_class = InteractionFilter
    export_name = "interactions"

    def get_queryset(self) -> QuerySet[Interaction]:
        user = self.request.user
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("organisations", queryset=access.scope(Organisation.objects.all(), user)),
                Prefetch("people", queryset=access.scope(Person.objects.all(), user)),
            )
        )

    def service_create(self, data: dict[str, Any]) -> Interaction:
        organisations = data.pop("organisations")
        return services.interaction_log(
            actor=self.request.user,
            organisation=organisations[0],
            organisations=organisations[1:],
            **data,
        )

    def service_update(self, instance: Interaction, data: dict[str, Any]) -> Interaction:
        return services.interaction_update(actor=self.request.user, interaction=instance, **data)

    def service_delete(self, instance: Interaction) -> None:
        services.interaction_delete(actor=self.request.user, interaction=instance)
