"""Forms of the monitoring pages; saving goes through ``crm.top.monitoring.services``."""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import JST_KINDS, Organisation, OrganisationKind
from crm.territory.models import Subregion
from crm.top.monitoring.graph.edges import EDGE_TYPES
from crm.top.monitoring.models import IndicatorDefinition, Recommendation, StrategicDocument

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EDGE_LABELS = {
    "membership": _("shared network membership"),
    "partnership": _("partnership"),
    "event": _("attended the same event"),
    "interaction": _("joint contact"),
    "organisational": _("operator, founder or OWES support"),
}


class StrategicDocumentForm(forms.ModelForm):
    link = forms.URLField(label=_("link"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = StrategicDocument
        fields = [
            "organisation",
            "title",
            "kind",
            "adopted_on",
            "valid_until",
            "has_se_provisions",
            "quote",
            "link",
        ]
        widgets = {"adopted_on": DATE, "valid_until": DATE}

    def __init__(
        self, *args: object, organisations: QuerySet[Organisation], **kwargs: object
    ) -> None:
        """``organisations``: what the user may choose from (``crm.access.scope``)."""
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations.filter(kind__in=sorted(JST_KINDS)).order_by("name", "pk")


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["monitoring_year", "text", "addressee", "subregion", "status", "implemented_on"]
        widgets = {"implemented_on": DATE, "text": forms.Textarea(attrs={"rows": 4})}


class IndicatorDefinitionForm(forms.ModelForm):
    class Meta:
        model = IndicatorDefinition
        fields = [
            "name_pl",
            "name_en",
            "unit",
            "description",
            "description_en",
            "baseline_year",
            "baseline_value",
            "is_key_result",
        ]


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    value = forms.DecimalField(label=_("target value"), max_digits=14, decimal_places=2)


class GraphFilterForm(forms.Form):
    start = forms.DateField(label=_("from"), required=False, widget=DATE)
    end = forms.DateField(label=_("to"), required=False, widget=DATE)
    subregion = forms.ModelChoiceField(
        label=_("subregion"),
        queryset=Subregion.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("all"),
    )
    kind = forms.MultipleChoiceField(
        label=_("kinds of organisations"),
        choices=OrganisationKind.choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    edges = forms.MultipleChoiceField(
        label=_("ties"),
        choices=[(t, EDGE_LABELS[t]) for t in EDGE_TYPES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def period(self) -> tuple[datetime.date, datetime.date]:
        end = self.cleaned_data.get("end") or timezone.localdate()
        start = self.cleaned_data.get("start") or end - datetime.timedelta(days=365)
        return (start, end) if start <= end else (end, start)
