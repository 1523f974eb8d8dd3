"""The form that records how an art. 14 notice was given otherwise, or why it is not owed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.forms import DateInput
from contacts.models import NoticeExemption, NoticeMethod


class PrivacyNoticeForm(forms.Form):
    method = forms.ChoiceField(
        label=_("The duty was met"),
        choices=[
            (NoticeMethod.OTHER, _("informed another way (on paper, in person, by phone)")),
            (NoticeMethod.EXEMPT, _("not owed: an exemption of art. 14(5) GDPR applies")),
        ],
        widget=forms.RadioSelect,
        initial=NoticeMethod.OTHER,
    )
    informed_on = forms.DateField(
        label=_("Informed on"),
        required=False,
        widget=DateInput(),
        help_text=_("Only for another way; empty means today."),
    )
    exemption = forms.ChoiceField(
        label=_("Exemption"),
        choices=[("", "—"), *NoticeExemption.choices],
        required=False,
        help_text=_("Only for an exemption."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "How the person was informed (e.g. the notice handed over at the meeting of "
            "12.03.2026), or why the exemption applies and what was done instead (e.g. the "
            "notice published on the website, art. 14(5)(b))."
        ),
    )
