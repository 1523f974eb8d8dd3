"""The floors' registry, the view that answers one, and what every floor reads of a request."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict

Query = tuple[str, str, Any]  # (key in the answer, SQL, a list or a dict of parameters)
FLOORS: dict[str, Callable[[QueryDict, Any], list[Query]]] = {}
LOCAL = "'Europe/Warsaw'"


def floor(name: str) -> Callable[[Any], Any]:
    def register(function: Callable[[QueryDict, Any], list[Query]]) -> Any:
        FLOORS[name] = function
        return function

    return register


def floor_view(request: HttpRequest, name: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return JsonResponse({"message": "sign in"}, status=401)
    build = FLOORS.get(name)
    if build is None:
        raise Http404
    body: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for key, sql, parameters in build(request.GET, request.user):
            cursor.execute(sql, parameters)
            columns = [column.name for column in cursor.description]
            rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
            body[key] = rows[0][columns[0]] if key == "count" else rows
    return HttpResponse(json.dumps(body, cls=DjangoJSONEncoder), content_type="application/json")


def _id(params: QueryDict) -> int:
    """The record the case asks for (``?id=``)."""
    return int(params.get("id") or "")


def _size(params: QueryDict, default: int = 50) -> int:
    return min(int(params.get("page_size") or default), 200)


def tags(link_table: str, row: str) -> str:
    """The tag names of the row that ``row`` picks in ``link_table`` (``x``), as every tagged
    endpoint's ``tags`` lists them: by name, then id."""
    return f"""ARRAY(SELECT t.name FROM {link_table} x JOIN crm_tag t ON t.id = x.tag_id
                WHERE {row} ORDER BY t.name, t.id)"""


def _paged(table: str, where: str, args: list[Any], rows: str, size: int) -> list[Query]:
    """The count and one page: what every paginated list answers."""
    count = f"SELECT count(*) FROM {table} WHERE {where}"
    return [("count", count, args), ("results", rows + " LIMIT %s", [*args, size])]
