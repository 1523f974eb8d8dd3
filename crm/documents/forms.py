"""The upload form of the documents panel."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.documents.checks import TYPES
from crm.documents.models import DocumentKind


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{ext}" for ext in TYPES)}),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to keep the file's own name."),
    )
    description = forms.CharField(label=_("Description"), required=False, max_length=300)
