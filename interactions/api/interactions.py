"""The contact log over the API: log, change and (managers) delete interactions."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from crm.api.viewsets import (
    ReadOnlyViewSet,
    ServiceCreateMixin,
    ServiceDestroyMixin,
    ServiceUpdateMixin,
)
from crm.tags.api import TagWritesMixin
from interactions import selectors, services
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
    queryset = Interaction.objects.all()
    serializer_class = InteractionSerializer
    filterset_class = InteractionFilter
    export_name = "interactions"

    def get_queryset(self) -> QuerySet[Interaction]:
        return selectors.interactions_listed(user=self.request.user)

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
