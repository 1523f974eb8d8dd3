"""Forms of events: adding or editing one, registering an organisation or a person."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from contacts.forms import DateInput, GminaChoiceField, OrganisationPickField
from contacts.models import Organisation, Person
from crm.territory.models import Gmina
from interactions.models import EventKind, ParticipationStatus


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=EventKind.choices)
    title = forms.CharField(label=_("title"), max_length=300)
    starts_on = forms.DateField(label=_("starts on"), widget=DateInput())
    ends_on = forms.DateField(
        label=_("ends on"), required=False, widget=DateInput(), help_text=_("Empty for one day.")
    )
    address = forms.CharField(label=_("address"), max_length=300, required=False)
    gmina = GminaChoiceField(
        label=_("gmina"),
        queryset=Gmina.objects.select_related("powiat").order_by("name"),
        required=False,
    )
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Ends before it starts."))
        return data


class RegisterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"),
        choices=ParticipationStatus.choices,
        initial=ParticipationStatus.REGISTERED,
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = OrganisationPickField(
            label=_("organisation"),
            organisations=organisations,
            help_text=_("Start typing the name, NIP, REGON or KRS."),
        )
        self.order_fields(["organisation", "status"])


_PERSON_ID = re.compile(r"#(\d+)\s*$")


class PersonPickField(forms.CharField):
    """Type a person's name or e-mail; a suggestion picked from the list ends in ``#id``.

    Works without JavaScript: what is typed must then match exactly one person.
    """

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        self.people = people
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"list": "person-options", "autocomplete": "off"})
        )
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        if not text:
            return None
        match = _PERSON_ID.search(text)
        if match:
            found = self.people.filter(pk=int(match.group(1))).first()
            if found is None:
                raise ValidationError(_("This person is not in the database."), code="missing")
            return found
        names = Q()
        for word in text.split():
            names &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
        candidates = list(
            self.people.filter(names | Q(email__iexact=text)).order_by("last_name", "id")[:6]
        )
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise ValidationError(
                _("Nobody matches “%(text)s”. Check the name or type the e-mail."),
                params={"text": text},
                code="none",
            )
        raise ValidationError(
            _("Several people match “%(text)s”. Type the full name or the e-mail."),
            params={"text": text},
            code="several",
        )


class RegisterPersonForm(forms.Form):
    """Register one person; the organisation they come from is optional."""

    status = forms.ChoiceField(
        label=_("status"),
        choices=ParticipationStatus.choices,
        initial=ParticipationStatus.REGISTERED,
    )

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        organisations: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"] = PersonPickField(
            label=_("person"),
            people=people,
            help_text=_("Type the first and last name or the e-mail."),
        )
        self.fields["organisation"] = OrganisationPickField(
            label=_("on behalf of the organisation"),
            organisations=organisations,
            required=False,
            help_text=_("Optional: the organisation the person comes from."),
        )
        self.order_fields(["person", "organisation", "status"])
