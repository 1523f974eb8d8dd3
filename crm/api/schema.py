"""The OpenAPI schema: every operation lists the errors it can answer with.

Error responses are added by ``AutoSchema`` from what the operation is (a list, a detail, a
write), so a new endpoint is documented without anyone remembering to.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The body of every error response (documentation only: the exception handler writes it)."""

    # Declared in get_fields: "errors" would shadow Serializer.errors as a class attribute.
    def get_fields(self) -> dict[str, serializers.Field]:  # type: ignore[type-arg]
        return {
            "message": serializers.CharField(
                help_text=_("What went wrong, in the user's language.")
            ),
            "code": serializers.CharField(help_text=_("A stable machine-readable code.")),
            "errors": serializers.DictField(
                child=serializers.JSONField(),
                help_text=_("Messages per field (non_field_errors: the object as a whole)."),
            ),
        }


_DESCRIPTIONS = {
    "400": _("The input is not valid (see fields)."),
    "401": _("Not authenticated."),
    "403": _("Your role may not do this here."),
    "404": _("No such object, or out of your reach (or no such page)."),
    "409": _("Conflicts with an existing record (e.g. an identifier already used)."),
    "413": _("The request body is too large."),
    "415": _("Unsupported media type."),
}


def error_responses(*codes: str) -> dict[str, OpenApiResponse]:
    return {
        code: OpenApiResponse(ErrorSerializer, description=_DESCRIPTIONS[code]) for code in codes
    }


class AutoSchema(SpectacularAutoSchema):
    def _error_codes(self) -> list[str]:
        codes = ["401", "403"]
        method = self.method.upper()
        is_detail = "{" in self.path
        if method == "GET" and not is_detail:
            codes += ["400", "404"]
        if is_detail:
            codes.append("404")
        if method in ("POST", "PUT", "PATCH"):
            codes += ["400", "409", "413", "415"]
        if method == "DELETE":
            codes.append("409")
        if method == "GET" and is_detail:
            codes.append("400")
        return codes

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if getattr(self.view, "schema_public", False):
            return responses
        for code in self._error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=_DESCRIPTIONS[code]),
                    code,
                    direction=direction,
                )
        return responses
