"""Forms of the networks pages. They validate; the services write."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.forms import DateInput, OrganisationPickField
from contacts.models import Organisation
from interactions.models import Event, Interaction
from networks.models import MembershipRole, PartnershipKind, PartyRole


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


_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_AMOUNT = re.compile(r"^\d+(?:[.,]\d{1,2})?$")
_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?$")


class AmountInput(forms.TextInput):
    """Shows a Decimal the Polish way (``12 500,00``) so an edited form reads as it is typed."""

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Decimal):
            whole, _dot, cents = f"{value:.2f}".partition(".")
            groups = f"{int(whole):,}".replace(",", "\u00a0")
            return f"{groups},{cents}"
        return super().format_value(value)


class PlnAmountField(forms.CharField):
    """An amount in złoty typed as people write it: ``12 500,00``, ``12500,5``, ``12.500,00``,
    ``12500.00`` or ``12 500 zł``; returns a Decimal with two places (or None when empty)."""

    widget = AmountInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("maxlength", "30")
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("autocomplete", "off")

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        text = _SPACES.sub("", text)
        for suffix in ("zł", "ZŁ", "Zł", "PLN", "pln"):
            text = text.removesuffix(suffix)
        if _GROUPED.match(text):
            text = text.replace(".", "")
        if not _AMOUNT.match(text):
            raise ValidationError(
                _("Enter an amount in złoty, e.g. 12 500,00."), code="invalid_amount"
            )
        amount = Decimal(text.replace(",", ".")).quantize(Decimal("0.01"))
        if amount >= Decimal("1e12"):
            raise ValidationError(_("This amount is too large."), code="too_large")
        return amount


class DatedChoiceField(forms.ModelChoiceField):
    """Events and contacts named with their day, so two with one title can be told apart."""

    def label_from_instance(self, obj: Any) -> str:
        day = getattr(obj, "starts_on", None) or timezone.localtime(obj.occurred_at).date()
        return f"{day:%d.%m.%Y} · {obj}"


class PartnershipForm(forms.Form):
    """The partnership's own fields; on create also its first party (the service needs one)."""

    title = forms.CharField(label=_("title"), max_length=300)
    kind = forms.ChoiceField(label=_("kind"), choices=PartnershipKind.choices)
    starts_on = forms.DateField(label=_("starts on"), widget=DateInput())
    ends_on = forms.DateField(
        label=_("ends on"),
        required=False,
        widget=DateInput(),
        help_text=_("The last day; empty if open-ended."),
    )
    value_pln = PlnAmountField(
        label=_("value (PLN)"), required=False, help_text=_("For example 12 500,00.")
    )
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    origin_event = DatedChoiceField(
        label=_("came from the event"),
        queryset=Event.objects.none(),
        required=False,
        help_text=_("Optional: the fair or study visit where the parties met."),
    )
    origin_interaction = DatedChoiceField(
        label=_("came from the interaction"),
        queryset=Interaction.objects.none(),
        required=False,
        help_text=_("Optional: the consultation or meeting it grew out of."),
    )

    def __init__(
        self,
        *args: Any,
        events: QuerySet[Event],
        interactions: QuerySet[Interaction],
        organisations: QuerySet[Organisation] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        event_field = self.fields["origin_event"]
        interaction_field = self.fields["origin_interaction"]
        assert isinstance(event_field, forms.ModelChoiceField)
        assert isinstance(interaction_field, forms.ModelChoiceField)
        event_field.queryset = events
        interaction_field.queryset = interactions
        if organisations is not None:
            self.fields["organisation"] = OrganisationPickField(
                label=_("first party"),
                organisations=organisations,
                help_text=_("Start typing the name, NIP, REGON or KRS. Add more parties later."),
            )
            self.fields["role"] = forms.ChoiceField(
                label=_("its role"), choices=PartyRole.choices, initial=PartyRole.LEAD
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Ends before it starts."))
        return data

    def partnership_fields(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in (
                "title",
                "kind",
                "starts_on",
                "ends_on",
                "value_pln",
                "description",
                "origin_event",
                "origin_interaction",
            )
        }


class PartyForm(forms.Form):
    role = forms.ChoiceField(label=_("role"), choices=PartyRole.choices, initial=PartyRole.PARTNER)

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = OrganisationPickField(
            label=_("organisation"),
            organisations=organisations,
            help_text=_("Start typing the name, NIP, REGON or KRS."),
        )
        self.order_fields(["organisation", "role"])
