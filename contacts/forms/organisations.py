"""Forms of an organisation's pages: the record, its PS statuses, OWES accreditations and links."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from contacts.forms.fields import DateInput, GminaChoiceField
from contacts.models import SIDE_LABELS, Organisation, OwesAccreditation, SocialEnterpriseStatus
from contacts.picking import OrganisationPickField
from contacts.services.units import nip_holder
from crm.identifiers import (
    format_phone,
    normalise_krs,
    normalise_nip,
    normalise_regon,
    split_phones,
)
from crm.territory.models import Gmina


class OrganisationForm(forms.ModelForm):
    # Wider than the stored 10 digits: people type dashes, spaces and a PL prefix.
    nip = forms.CharField(
        label="NIP",
        max_length=20,
        required=False,
        help_text=_("10 digits; dashes, spaces and the PL prefix are fine."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    regon = forms.CharField(
        label="REGON",
        max_length=20,
        required=False,
        help_text=_("9 or 14 digits."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    krs = forms.CharField(
        label="KRS",
        max_length=20,
        required=False,
        help_text=_("Up to 10 digits; leading zeros are added."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phones_text = forms.CharField(
        label=_("phones"),
        required=False,
        help_text=_("Several numbers separated by a semicolon, e.g. 85 682 11 22; 502 300 400."),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "kind",
            "legal_form",
            "operator",
            "nip",
            "regon",
            "krs",
            "kgw_number",
            "street",
            "postal_code",
            "town",
            "gmina",
            "email",
            "website",
            "founded_on",
            "closed_on",
            "offer",
            "is_public",
            "notes",
        ]
        widgets = {
            "founded_on": DateInput(),
            "closed_on": DateInput(),
            "offer": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "nip": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "regon": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "krs": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }
        help_texts = {
            "nip": _("10 digits; dashes, spaces and the PL prefix are fine."),
            "regon": _("9 or 14 digits."),
            "krs": _("Up to 10 digits; leading zeros are added."),
        }

    def __init__(
        self, *args: Any, operators: QuerySet[Organisation] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Typed like any organisation field (name, NIP ...); only for the kinds that need one.
        self.fields["operator"] = OrganisationPickField(
            label=_("operator (for a WTZ, ZAZ, CIS or KIS)"),
            organisations=operators if operators is not None else Organisation.objects.none(),
            required=False,
            help_text=_(
                "The organisation that runs the unit: start typing its name or NIP. A unit "
                "without a NIP of its own may carry its operator's."
            ),
        )
        old = self.fields["gmina"]
        self.fields["gmina"] = GminaChoiceField(
            queryset=Gmina.objects.select_related("powiat").order_by("name"),
            required=False,
            label=old.label,
            help_text=old.help_text,
        )
        if self.instance.pk and not self.is_bound:
            self.initial["phones_text"] = "; ".join(
                format_phone(p) for p in self.instance.phones or []
            )
        for name in ("nip", "regon", "krs", "kgw_number"):
            self.fields[name].required = False

    def clean_nip(self) -> str | None:
        value = self.cleaned_data.get("nip")
        if not value:
            return None
        nip = normalise_nip(value)
        # A WTZ, ZAZ, CIS or KIS may carry its operator's NIP (the operator is cleaned first).
        clash = nip_holder(
            nip, operator=self.cleaned_data.get("operator"), other_than=self.instance.pk
        )
        if clash is not None:
            raise ValidationError(
                _("An organisation with this NIP is already registered: %(name)s."),
                params={"name": clash.name},
                code="nip_taken",
            )
        return nip

    def clean_regon(self) -> str | None:
        value = self.cleaned_data.get("regon")
        return normalise_regon(value) if value else None

    def clean_krs(self) -> str | None:
        value = self.cleaned_data.get("krs")
        return normalise_krs(value) if value else None

    def clean_phones_text(self) -> list[str]:
        return split_phones(self.cleaned_data.get("phones_text") or "")

    def service_fields(self) -> dict[str, Any]:
        """What the service receives: the model fields plus the phones as a list."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["phones"] = self.cleaned_data["phones_text"]
        for name in ("regon", "krs", "kgw_number"):
            data[name] = data[name] or None
        return data

    def _post_clean(self) -> None:
        # The phones list is set by the service, not by the model form.
        self.instance.phones = self.cleaned_data.get("phones_text") or []
        super()._post_clean()  # type: ignore[misc]


class PsStatusForm(forms.ModelForm):
    """A PS status granted to the organisation of the page (the rules: the model and service)."""

    class Meta:
        model = SocialEnterpriseStatus
        fields = ["kind", "decision_number", "decision_date", "granted_on", "lost_on", "purpose"]
        widgets = {
            "decision_date": DateInput(),
            "granted_on": DateInput(),
            "lost_on": DateInput(),
        }
        help_texts = {
            "kind": _(
                "Statutory: the voivode's decision, since 30.10.2022. Old: verified by an OWES "
                "before that day, expired at the end of 2023."
            ),
            "lost_on": _("Leave empty while the status is held."),
        }


class OwesAccreditationForm(forms.ModelForm):
    """An OWES's accreditation recorded from its page (the rules: the model and service)."""

    class Meta:
        model = OwesAccreditation
        fields = [
            "decision_number",
            "decision_date",
            "valid_from",
            "valid_to",
            "subregions",
            "notes",
        ]
        widgets = {
            "decision_date": DateInput(),
            "valid_from": DateInput(),
            "valid_to": DateInput(),
            "subregions": forms.CheckboxSelectMultiple(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class OrganisationLinkForm(forms.Form):
    """A tie recorded from one organisation's page, read from its side (either direction)."""

    tie = forms.ChoiceField(label=_("tie"))
    other = forms.CharField(label=_("the other organisation"))
    started_on = forms.DateField(label=_("from"), required=False, widget=DateInput())
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tie = self.fields["tie"]
        assert isinstance(tie, forms.ChoiceField)
        tie.choices = [
            (f"{kind}:{side}", label)
            for kind, labels in SIDE_LABELS.items()
            for side, label in enumerate(labels)
        ]
        self.fields["other"] = OrganisationPickField(
            label=_("the other organisation"),
            organisations=organisations,
            help_text=_("Start typing the name, NIP, REGON or KRS."),
        )
        self.order_fields(["tie", "other", "started_on", "note"])

    def service_fields(self, organisation: Organisation) -> dict[str, Any]:
        """The service's arguments: the page's organisation on the side the tie names."""
        kind, side = self.cleaned_data["tie"].split(":")
        other = self.cleaned_data["other"]
        subject, tied = (organisation, other) if side == "0" else (other, organisation)
        return {
            "organisation": subject,
            "kind": kind,
            "other": tied,
            "started_on": self.cleaned_data["started_on"],
            "note": self.cleaned_data["note"],
        }
