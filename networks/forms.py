"""Forms of the networks pages. They validate; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.forms import DateInput, OrganisationPickField
from contacts.models import Organisation
from networks.models import MembershipRole


class MembershipJoinForm(forms.Form):
    joined_on = forms.DateField(label=_("joined on"), widget=DateInput())
    role = forms.ChoiceField(
        label=_("role"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER
    )
    source = forms.CharField(
        label=_("source"),
        max_length=300,
        required=False,
        help_text=_("Where we know it from, e.g. a declaration or a resolution."),
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = OrganisationPickField(
            label=_("organisation"),
            organisations=organisations,
            help_text=_("Start typing the name, NIP, REGON or KRS."),
        )
        self.order_fields(["organisation", "joined_on", "role", "source"])
        self.fields["joined_on"].initial = timezone.localdate()


class MembershipLeaveForm(forms.Form):
    left_on = forms.DateField(
        label=_("left on"),
        widget=DateInput(),
        help_text=_("The first day it is no longer a member."),
    )
    reason = forms.CharField(label=_("reason for leaving"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["left_on"].initial = timezone.localdate()
