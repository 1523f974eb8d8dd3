"""Parsers that refuse a body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` or holding a NUL.

Django checks the limit only when ``request.body`` or form data is read; DRF's JSON parser
reads the stream directly, so without this a client could post gigabytes of JSON. A NUL
(``"\u0000"`` in JSON) would reach PostgreSQL as a 500 (``crm.web.nul`` says why): every
parser refuses it, after the size check.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework.exceptions import ParseError
from rest_framework.parsers import (
    BaseParser,
    DataAndFiles,
    FormParser,
    JSONParser,
    MultiPartParser,
)

from crm.web import nul


class NulByte(ParseError):
    default_code = "nul_byte"

    def __init__(self, fields: list[str]) -> None:
        super().__init__(nul.message(), "nul_byte")
        self.fields = fields


def refuse_nul(data: Any) -> Any:
    """Raises: NulByte when a NUL is anywhere in the parsed body (names, values, file names)."""
    files = data.files if isinstance(data, DataAndFiles) else None
    values = data.data if isinstance(data, DataAndFiles) else data
    if nul.contains_nul(values) or (hasattr(values, "getlist") and nul.query_dict_has_nul(values)):
        raise NulByte(nul.fields_with_nul(values))
    if files is not None and nul.files_have_nul(files):
        raise NulByte([])
    return data


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


class _LimitedParser(BaseParser):
    """The size check before a parser reads the stream, the NUL check on what it parsed.

    Put first among a parser's bases: its ``super().parse`` is then the real parser's.
    """

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        check_size(parser_context)
        return refuse_nul(super().parse(stream, media_type, parser_context))


class LimitedJSONParser(_LimitedParser, JSONParser):
    pass


class LimitedFormParser(_LimitedParser, FormParser):
    pass


class LimitedMultiPartParser(_LimitedParser, MultiPartParser):
    pass
