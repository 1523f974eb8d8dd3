"""Forms of the contact log, follow-ups and events. They validate; the services write."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.forms import DateInput, GminaChoiceField, OrganisationPickField
from contacts.models import Organisation, Person
from crm.territory.models import Gmina
from crm.users import User
from interactions.models import Event, EventKind, InteractionKind, ParticipationStatus, Topic
from interactions.services.interactions import not_in_future


class StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class InteractionForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind of contact"), choices=InteractionKind.choices)
    occurred_on = forms.DateField(label=_("date"), widget=DateInput(), validators=[not_in_future])
    occurred_time = forms.TimeField(
        label=_("time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Optional."),
    )
    duration_minutes = forms.IntegerField(
        label=_("duration (minutes)"), required=False, min_value=1, max_value=24 * 60
    )
    subject = forms.CharField(label=_("subject"), max_length=300)
    notes = forms.CharField(
        label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    outcome = forms.CharField(
        label=_("outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    people = forms.ModelMultipleChoiceField(
        label=_("people present"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("topics"),
        queryset=Topic.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    next_step = forms.CharField(
        label=_("next step"),
        required=False,
        max_length=300,
        help_text=_("Optional: what to do next. It becomes a task on your dashboard."),
    )
    next_step_due = forms.DateField(label=_("next step due on"), required=False, widget=DateInput())
    next_step_assignee = StaffChoice(
        label=_("for whom"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Empty: for you. A colleague gets an e-mail about it."),
    )

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        people: QuerySet[Person] | None = None,
        assignees: QuerySet[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = OrganisationPickField(
            label=_("organisation"),
            organisations=organisations,
            help_text=_("Start typing the name, NIP, REGON or KRS."),
        )
        if assignees is not None:
            assignee_field = self.fields["next_step_assignee"]
            assert isinstance(assignee_field, forms.ModelChoiceField)
            assignee_field.queryset = assignees
        # The organisation comes first on the page.
        self.order_fields(["kind", "organisation", "occurred_on"])
        people_field = self.fields["people"]
        assert isinstance(people_field, forms.ModelMultipleChoiceField)
        if people is not None:
            people_field.queryset = people
        self.fields["occurred_on"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("next_step") and not data.get("next_step_due"):
            self.add_error("next_step_due", _("Give the date of the next step."))
        if data.get("next_step_due") and not data.get("next_step"):
            self.add_error("next_step", _("Say what the next step is."))
        return data


class StaffChoiceField(forms.ModelMultipleChoiceField):
    """Users by the name the pages show (not the username)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class InteractionEditForm(forms.Form):
    """Correct a logged contact: every field of the log form, the organisations as a list to
    keep (and one to add), the people and staff as ticks."""

    kind = forms.ChoiceField(label=_("kind of contact"), choices=InteractionKind.choices)
    occurred_on = forms.DateField(label=_("date"), widget=DateInput(), validators=[not_in_future])
    occurred_time = forms.TimeField(
        label=_("time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Empty when the time is not known: the contact is shown with its date only."),
    )
    duration_minutes = forms.IntegerField(
        label=_("duration (minutes)"), required=False, min_value=1, max_value=24 * 60
    )
    subject = forms.CharField(label=_("subject"), max_length=300)
    notes = forms.CharField(
        label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    outcome = forms.CharField(
        label=_("outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick an organisation named by mistake."),
    )
    people = forms.ModelMultipleChoiceField(
        label=_("people present"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    staff = StaffChoiceField(
        label=_("staff"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("topics"),
        queryset=Topic.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        current_organisations: QuerySet[Organisation],
        organisations: QuerySet[Organisation],
        people: QuerySet[Person],
        staff: QuerySet[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._set_queryset("organisations", current_organisations)
        self._set_queryset("people", people)
        self._set_queryset("staff", staff)
        self.fields["add_organisation"] = OrganisationPickField(
            label=_("add an organisation"),
            organisations=organisations,
            required=False,
            help_text=_("Start typing the name, NIP, REGON or KRS."),
        )
        self.order_fields(["kind", "occurred_on", "occurred_time", "organisations"])

    def _set_queryset(self, name: str, queryset: QuerySet[Any]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = queryset

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = list(data.get("organisations") or [])
        added = data.get("add_organisation")
        if added is not None and added not in chosen:
            chosen.append(added)
        if "organisations" in data and not chosen:
            self.add_error("organisations", _("Name at least one organisation."))
        data["organisation_list"] = chosen
        return data


class PostponeForm(forms.Form):
    days = forms.IntegerField(label=_("by days"), min_value=1, max_value=365, required=False)
    due_on = forms.DateField(label=_("new date"), required=False, widget=DateInput())


class EventChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.starts_on:%d.%m.%Y})"


class FollowUpForm(forms.Form):
    """A task: for me or a colleague, by a date, about an organisation, a contact or an event
    (each optional; a task may stand alone)."""

    title = forms.CharField(label=_("what to do"), max_length=300)
    due_on = forms.DateField(label=_("due on"), widget=DateInput())
    assignee = StaffChoice(
        label=_("for whom"),
        queryset=User.objects.none(),
        help_text=_("You, or a colleague: they get an e-mail and see it in their tasks."),
    )
    event = EventChoice(label=_("event"), queryset=Event.objects.none(), required=False)
    notes = forms.CharField(
        label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        assignees: QuerySet[Any],
        organisations: QuerySet[Organisation],
        events: QuerySet[Event],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ModelChoiceField)
        assignee.queryset = assignees
        event = self.fields["event"]
        assert isinstance(event, forms.ModelChoiceField)
        event.queryset = events
        self.fields["organisation"] = OrganisationPickField(
            label=_("organisation"),
            organisations=organisations,
            required=False,
            help_text=_("Optional. Start typing the name, NIP, REGON or KRS."),
        )
        self.order_fields(["title", "due_on", "assignee", "organisation", "event", "notes"])


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
