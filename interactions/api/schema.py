"""Schema pieces shared by the contact-log viewsets: their tag and the shape of a delete."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema

TAG = ["contact log"]


def deleted(summary: Any, description: Any) -> Any:
    """The schema of a delete: managers and administrators only; 409 when records need it."""
    return extend_schema(
        summary=summary,
        description=description,
        responses={204: OpenApiResponse(description=_("Deleted (its field history is kept)."))},
        tags=TAG,
    )
