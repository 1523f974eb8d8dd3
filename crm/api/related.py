"""Related ids in a request are looked up among the rows its user may see.

A ``PrimaryKeyRelatedField`` or a django-filter ``ModelChoiceFilter`` finds its row through
``Model._default_manager``, which is strict for scoped models (``crm.scoping``).
``scope_related(serializer, user)`` gives every related field of a serializer (nested ones and
``many=True`` ones too, generated or declared) the queryset ``crm.access.scope()`` allows, so
an id out of reach reads "does not exist", as it does in a URL; ``ScopedFilterBackend`` does
the same for the filters. The scoped viewsets use both.

Naming a row on a new record can need more than seeing it: an OWES partner sees every
organisation but may name on a contact only those of their subregions, and may tie to their
organisations only people already in their reach (issue 13). ``LinkableRelatedField`` offers
the rows a callable allows (``linkable(user)``); an id the user sees but may not name is a 403
with the field's reason, as the service would answer, and an id they do not see is a 400.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Manager, QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, serializers
from rest_framework.relations import ManyRelatedField, RelatedField
from rest_framework.request import Request

from crm import access
from crm.scoping import is_strict

S = Any  # a serializer instance; DRF's generic serializer types do not help here


def scope_related(serializer: S, user: Any) -> S:
    """``serializer`` with each related field of a scoped model limited to what ``user`` sees."""
    _scope_fields(serializer, user)
    return serializer


def _scoped(queryset: Any, user: Any) -> Any:
    """``queryset`` (a queryset or a default manager) scoped for ``user`` if its model is
    scoped; None for anything else (a callable, an unscoped model's queryset)."""
    if isinstance(queryset, Manager):  # what ModelSerializer and filterset_fields generate
        queryset = queryset.all()
    if isinstance(queryset, QuerySet) and is_strict(queryset.model):
        return access.scope(queryset, user)
    return None


class ScopedFilterBackend(DjangoFilterBackend):
    """django-filter's backend whose model choice filters offer what the user may see."""

    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: Any) -> Any:
        # A request naming none of the filters (``?page_size=50``) is answered without the
        # FilterSet: copying its filters and building and validating its form was a quarter of
        # a page of 50 organisations, and with no value every filter leaves the rows as they are.
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not _names_a_filter(
            request.query_params, filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)

    def get_filterset(self, request: Request, queryset: QuerySet[Any], view: Any) -> Any:
        return scope_filters(super().get_filterset(request, queryset, view), request.user)


def scope_filters(filterset: Any, user: Any) -> Any:
    """``filterset`` with each model choice filter offering the rows ``user`` sees."""
    for filter_ in getattr(filterset, "filters", {}).values():
        scoped = _scoped(getattr(filter_, "queryset", None), user)
        if scoped is not None:
            filter_.queryset = scoped
    return filterset


def _names_a_filter(params: Any, filters: dict[str, Any]) -> bool:
    """Whether a query parameter is a filter's (or a part of one: ``due_on_after``)."""
    return any(
        key in filters or any(key.startswith(f"{name}_") for name in filters) for key in params
    )


def _scope_fields(serializer: Any, user: Any) -> None:
    if isinstance(serializer, serializers.ListSerializer):
        serializer = serializer.child
    if not isinstance(serializer, serializers.Serializer):
        return
    for field in serializer.fields.values():
        if isinstance(field, serializers.BaseSerializer):
            _scope_fields(field, user)
            continue
        if isinstance(field, ManyRelatedField):
            field = field.child_relation
        scoped = _scoped(getattr(field, "queryset", None), user)
        if isinstance(field, RelatedField) and scoped is not None:
            field.queryset = scoped


class LinkableRelatedField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A related id among the rows ``linkable(user)`` gives: what the user may name on a new
    record (the schema still reads the model from ``queryset``).

    An id the user can see but not name raises ``PermissionDenied`` with ``refused``.
    """

    def __init__(
        self, *, linkable: Callable[[Any], QuerySet[Any]], refused: Any, **kwargs: Any
    ) -> None:
        self.linkable = linkable
        self.refused = refused
        super().__init__(**kwargs)

    def _user(self) -> Any:
        request = self.context.get("request")
        return getattr(request, "user", None)

    def get_queryset(self) -> QuerySet[Any]:
        return self.linkable(self._user())

    def to_internal_value(self, data: Any) -> Any:
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError:
            model = self.linkable(self._user()).model
            visible = access.scope(model._default_manager.all(), self._user())
            if str(data).isdigit() and visible.filter(pk=int(data)).exists():
                raise exceptions.PermissionDenied(self.refused) from None
            raise
