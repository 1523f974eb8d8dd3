"""Forms of a person's pages: the record, GDPR, consents, anonymising, adding a person."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.forms.fields import DateInput
from contacts.models import Consent, Person


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["first_name", "last_name", "email", "phone", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class PersonGdprForm(forms.ModelForm):
    class Meta:
        model = Person
        # Restriction (art. 18) is its own action on the person's page, with its reason.
        # When and how the person was informed (art. 14) is recorded as a notice, with who did
        # it: "Poinformowano e-mailem", "Poinformowano inaczej" or an exemption.
        fields = ["legal_basis", "data_origin", "source"]


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["purpose", "given_on", "withdrawn_on"]
        widgets = {"given_on": DateInput(), "withdrawn_on": DateInput()}


class AnonymiseConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone."), required=True)


class PersonAddForm(forms.ModelForm):
    """A new contact person of an organisation, with their role there."""

    role = forms.CharField(label=_("role"), max_length=200, required=False)
    is_primary = forms.BooleanField(label=_("primary contact"), required=False)

    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "legal_basis",
            "source",
        ]
