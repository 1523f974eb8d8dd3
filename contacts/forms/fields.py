"""The date input and the gmina choice that the forms of every app use."""

from __future__ import annotations

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class GminaChoiceField(forms.ModelChoiceField):
    """Gminas by name, kind and powiat: a town and the rural gmina around it share a name
    ("Siemiatycze (miasto)", "Siemiatycze (gmina wiejska)")."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name}, {obj.powiat.name}"
