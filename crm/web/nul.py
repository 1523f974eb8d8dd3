"""A NUL character (U+0000) never reaches a view, a form or the database.

PostgreSQL text cannot hold U+0000: a NUL that reaches a query is a ``DataError``, a 500 (a
gmina code, a subregion slug or a filter value is looked up before any form could refuse it).
Instead of a validator on every field, requests are refused once, before any view: query
strings and page forms here, API bodies by the API's parsers (``crm.api.parsers``), which must
check their size limits before anything reads a body.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template import loader
from django.utils.translation import gettext

NUL = "\x00"
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def contains_nul(value: Any) -> bool:
    """Whether a NUL hides anywhere in ``value``: text, keys, nested lists and mappings."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, bytes):
        return b"\x00" in value
    if isinstance(value, dict):
        return any(contains_nul(k) or contains_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(contains_nul(item) for item in value)
    return False


def fields_with_nul(data: Any) -> list[str]:
    """The top-level fields (printable) of a mapping that hold a NUL in their name or value."""
    if not hasattr(data, "keys"):
        return []
    found = []
    for key in data:
        values = data.getlist(key) if hasattr(data, "getlist") else [data[key]]
        if contains_nul(key) or contains_nul(values):
            found.append(str(key).replace(NUL, "\\0"))
    return found


def query_dict_has_nul(data: Any) -> bool:
    return any(contains_nul(key) or contains_nul(data.getlist(key)) for key in data)


def files_have_nul(files: Any) -> bool:
    return any(
        contains_nul(key) or any(contains_nul(f.name) for f in files.getlist(key)) for key in files
    )


def message() -> str:
    return gettext(
        "The request contains a NUL character (\\0), which no field accepts. "
        "Remove it and try again."
    )


def api_error(fields: Iterable[str] = ()) -> dict[str, Any]:
    """The API's error body for a refused NUL."""
    text = message()
    return {"message": text, "code": "nul_byte", "errors": {field: [text] for field in fields}}


class RefuseNulMiddleware:
    """400 for a NUL in the query string (any address) or in a page's form fields."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._has_nul(request):
            return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _is_api(request: HttpRequest) -> bool:
        return request.path_info.startswith("/api/")

    def _has_nul(self, request: HttpRequest) -> bool:
        if query_dict_has_nul(request.GET):
            return True
        if request.method != "POST" or self._is_api(request):
            # The API's parsers check bodies after their own size limits.
            return False
        if not (request.content_type or "").startswith(_FORM_TYPES):
            return False
        return query_dict_has_nul(request.POST) or files_have_nul(request.FILES)

    def _refuse(self, request: HttpRequest) -> HttpResponse:
        if self._is_api(request):
            return JsonResponse(api_error(fields_with_nul(request.GET)), status=400)
        page = loader.render_to_string("400.html", {"message": message()}, request)
        return HttpResponseBadRequest(page)
