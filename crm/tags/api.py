"""Tags in the API: the ``tags`` field of every tagged record (names), and the two actions that
put a tag on one record and take it off (``TagWritesMixin``), through the same services and
with the same rules as the record's page: whoever may change the record may tag it, a new tag
is named only by the roles that use tags, and every change is in the action log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from crm.access import Action
from crm.tags import services
from crm.tags.models import NAME_LENGTH, Tag, tag_key

# Where ``tags_prefetch()`` puts a row's tags: a plain list. A prefetch into the relation itself
# makes Django build a filtered queryset for every row to hold them, a fifth of a page of 200.
LISTED = "tags_listed"


def tags_prefetch() -> Prefetch:
    """The tags of every row of a list in one query, for ``tags_field``."""
    return Prefetch("tags", queryset=Tag.objects.all(), to_attr=LISTED)


@extend_schema_field({"type": "array", "items": {"type": "string"}, "readOnly": True})
class TagNamesField(serializers.Field):  # type: ignore[type-arg]
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record: Any) -> list[str]:
        tags = getattr(record, LISTED, None)
        if tags is None:  # one record, not read through a list's prefetch
            tags = record.tags.all()
        return [tag.name for tag in tags]


def tags_field() -> Any:
    return TagNamesField(
        help_text=_(
            "The record's tags; filter lists with ?tag=NAME, add one with POST {id}/tags/, "
            "take one off with POST {id}/tags/remove/."
        ),
    )


class TagNameSerializer(serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField(
        # Room for spaces and a leading "#" that the service trims before the length counts.
        max_length=NAME_LENGTH * 2,
        help_text=_("The tag's name in any case or spelling; a new name makes a new tag."),
    )


class RecordTagsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    tags = serializers.ListField(child=serializers.CharField(), help_text=_("The record's tags."))


def _tags_of(record: Any) -> Response:
    names = list(record.tags.order_by("name").values_list("name", flat=True))
    return Response({"tags": names})


class TagWritesMixin:
    # ``POST {id}/tags/`` and ``POST {id}/tags/remove/`` on a viewset of a tagged model. The
    # record is read through the viewset's scoped queryset (out of reach: 404) and the
    # permission class asks ``crm.access`` for a change of it (a viewer, an OWES partner on
    # another subregion's record: 403), as the page's tag form does. No docstring: the schema
    # would show it as the description of every operation of the viewset.

    def _tag_name(self, request: Request) -> str:
        payload = TagNameSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return str(payload.validated_data["name"])

    @extend_schema(
        summary=_("Put a tag on the record"),
        description=_(
            "By name, in any case or spelling (an existing tag is reused, a new name makes a "
            "new tag). 201 when it was added, 200 when the record had it already. Recorded "
            "in the action log."
        ),
        request=TagNameSerializer,
        responses={201: RecordTagsSerializer, 200: RecordTagsSerializer},
        filters=False,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="tags",
        access_action=Action.CHANGE,
    )
    def tags_add(self, request: Request, pk: str | None = None) -> Response:
        record = self.get_object()  # type: ignore[attr-defined]
        name = self._tag_name(request)
        try:
            tag = services.tag_get_or_create(actor=request.user, name=name)
        except DjangoValidationError as error:
            raise exceptions.ValidationError({"name": error.messages}) from error
        result = services.tags_add(actor=request.user, model=type(record), ids=[record.pk], tag=tag)
        if result.refused:
            raise exceptions.PermissionDenied
        response = _tags_of(record)
        response.status_code = status.HTTP_201_CREATED if result.added else status.HTTP_200_OK
        return response

    @extend_schema(
        summary=_("Take a tag off the record"),
        description=_(
            "By name, in any case or spelling; 404 when the record does not have it. The tag "
            "itself stays (managers delete tags on the Tagi page). Recorded in the action log."
        ),
        request=TagNameSerializer,
        responses={200: RecordTagsSerializer, 404: OpenApiResponse(description=_("Not tagged"))},
        filters=False,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="tags/remove",
        access_action=Action.CHANGE,
    )
    def tags_remove(self, request: Request, pk: str | None = None) -> Response:
        record = self.get_object()  # type: ignore[attr-defined]
        name = self._tag_name(request)
        tag = Tag.objects.filter(key=tag_key(" ".join(name.split()))).first()
        if tag is None or not services.tag_remove(actor=request.user, record=record, tag=tag):
            raise exceptions.NotFound(gettext("The record does not have this tag."))
        return _tags_of(record)
