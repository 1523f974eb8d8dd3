"""Parsers that refuse a body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE``.

Django checks the limit only when ``request.body`` or form data is read; DRF's JSON parser
reads the stream directly, so without this a client could post gigabytes of JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser


def check_size(parser_context: Mapping[str, Any] | None, limit: int | None = None) -> None:
    """Raises: RequestDataTooBig when the declared body is larger than ``limit`` (by default
    ``DATA_UPLOAD_MAX_MEMORY_SIZE``)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE if limit is None else limit
    if limit is None or not parser_context or "request" not in parser_context:
        return
    meta = parser_context["request"].META
    try:
        length = int(meta.get("CONTENT_LENGTH") or 0)
    except (TypeError, ValueError):
        length = 0
    if length > limit:
        raise RequestDataTooBig


class LimitedJSONParser(JSONParser):
    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        check_size(parser_context)
        return super().parse(stream, media_type, parser_context)


class LimitedFormParser(FormParser):
    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        check_size(parser_context)
        return super().parse(stream, media_type, parser_context)


class LimitedMultiPartParser(MultiPartParser):
    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        check_size(parser_context)
        return super().parse(stream, media_type, parser_context)
