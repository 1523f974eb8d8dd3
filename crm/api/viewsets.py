"""Base viewsets: querysets scoped by ``crm.access``, writes handed to a service.

A resource view only says which service to call; validation of the payload is the serializer's
and every rule beyond it (access, history, the action log) is the service's.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import QuerySet
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from crm import access
from crm.api.exceptions import Conflict
from crm.api.permissions import ScopedPermission
from crm.api.related import ScopedFilterBackend, scope_related


class ScopedViewSet(viewsets.GenericViewSet):  # type: ignore[type-arg]
    """Every queryset starts from ``access.scope``: what is out of reach is simply absent."""

    permission_classes = [ScopedPermission]
    filter_backends = [ScopedFilterBackend]
    # Any segment reaches the view, so a malformed id is the API's JSON 404, not an HTML page.
    lookup_value_regex = "[^/]+"
    # Set by a shared ``@action`` (tags, ...) for its route only: see ``permissions.action_of``.
    access_action: str | None = None
    # The registered export (``crm.exports.registry``) this list is offered as over
    # ``/api/v1/exports/`` with the same filters; None: the list is not exported over the API.
    export_name: str | None = None

    def get_queryset(self) -> QuerySet[Any]:
        return access.scope(super().get_queryset(), self.request.user)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # Only lists are filtered. One row is addressed by its id, and building and validating
        # the list's FilterSet (its form, every choice field) was a third of a detail request.
        if getattr(self, "action", None) != "list":
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        # Related ids are looked up among the rows the user may see, like the URL's own id.
        return scope_related(super().get_serializer(*args, **kwargs), self.request.user)

    def attach_shown(self, rows: list[Any]) -> None:
        """Read what the serializer shows of ``rows`` beyond the queryset, once they are picked.

        Called for a list's page, one record and a write's answer alike, so the three show the
        same thing by one reading (partnerships: their parties as plain values). Nothing here.
        """

    def paginate_queryset(self, queryset: QuerySet[Any]) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        if page is not None:
            self.attach_shown(page)
        return page

    def get_object(self) -> Any:
        instance = super().get_object()
        self.attach_shown([instance])
        return instance

    def output(self, instance: models.Model) -> Any:
        """The stored object as the list shows it (re-read with the queryset's joins)."""
        fresh = self.get_queryset().filter(pk=instance.pk).first() or instance
        self.attach_shown([fresh])
        # The resource's own serializer, even after a write that took a narrower one.
        serializer_class = self.serializer_class or self.get_serializer_class()
        return serializer_class(fresh, context=self.get_serializer_context()).data

    def act(self, service: Any, name: str, payload_class: Any = None) -> Response:
        """A POST action on one object that a service answers (end, leave, complete, ...).

        The payload is checked by ``payload_class`` (None: the action takes no input); the
        service is called as ``service(actor=user, <name>=the object, **payload)`` and the object
        it returns is shown as the list shows it.
        """
        instance = self.get_object()
        data: dict[str, Any] = {}
        if payload_class is not None:
            payload = scope_related(payload_class(data=self.request.data), self.request.user)
            payload.is_valid(raise_exception=True)
            data = dict(payload.validated_data)
        changed = service(actor=self.request.user, **{name: instance}, **data)
        return Response(self.output(changed))


class ReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """List and detail; add the Service*Mixins below for the writes a service exists for."""


class ServiceCreateMixin:
    """POST: the serializer validates, ``service_create(data)`` writes."""

    def service_create(self, data: dict[str, Any]) -> models.Model:
        raise NotImplementedError

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)  # type: ignore[attr-defined]
        serializer.is_valid(raise_exception=True)
        instance = self.service_create(dict(serializer.validated_data))
        return Response(self.output(instance), status=status.HTTP_201_CREATED)  # type: ignore[attr-defined]


class ServiceUpdateMixin:
    """PUT / PATCH: the serializer validates, ``service_update(instance, data)`` writes."""

    def service_update(self, instance: Any, data: dict[str, Any]) -> models.Model:
        raise NotImplementedError

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        instance = self.get_object()  # type: ignore[attr-defined]
        serializer = self.get_serializer(instance, data=request.data, partial=partial)  # type: ignore[attr-defined]
        serializer.is_valid(raise_exception=True)
        instance = self.service_update(instance, dict(serializer.validated_data))
        return Response(self.output(instance))  # type: ignore[attr-defined]

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)


class ServiceDestroyMixin:
    """DELETE: ``service_delete(instance)`` removes it (and logs it)."""

    def service_delete(self, instance: Any) -> None:
        raise NotImplementedError

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()  # type: ignore[attr-defined]
        try:
            self.service_delete(instance)
        except DjangoValidationError as error:
            # A delete has no input to be wrong: a refusal means other records still need it.
            raise Conflict(" ".join(error.messages)) from error
        return Response(status=status.HTTP_204_NO_CONTENT)
