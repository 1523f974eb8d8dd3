"""Forms of the import wizard: the upload and the header mapping."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.top.imports.pipeline.headers import FIELD_LABELS

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class UploadForm(forms.Form):
    source = forms.CharField(
        label=_("source (partner)"),
        max_length=200,
        help_text=_("Which partner sent the file, e.g. OWES subregionu bielskiego."),
        widget=forms.TextInput(attrs={"list": "known-sources", "autocomplete": "off"}),
    )
    file = forms.FileField(
        label=_("file"),
        help_text=_("CSV (also Windows-1250 from Polish Excel) or XLSX, up to 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


def mapping_form(headers: list[str], initial: dict[str, str]) -> forms.Form:
    """One choice per column header: which field it holds, or "do not import"."""
    choices = [("", _("— do not import —"))] + [
        (name, str(label)) for name, label in FIELD_LABELS.items()
    ]
    fields: dict[str, forms.Field] = {}
    for index, header in enumerate(headers):
        if not header:
            continue
        fields[f"col_{index}"] = forms.ChoiceField(
            label=header, choices=choices, required=False, initial=initial.get(header, "")
        )
    form_class = type("MappingForm", (forms.Form,), fields)
    return form_class  # type: ignore[return-value]
