"""Forms of the contact log: logging a contact and correcting one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.forms import DateInput, OrganisationPickField
from contacts.models import Organisation, Person
from crm.users import User
from interactions.models import InteractionKind, Topic
from interactions.services.interactions import not_in_future


class StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class StaffChoiceField(forms.ModelMultipleChoiceField):
    """Users by the name the pages show (not the username)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class ContactFields(forms.Form):
    """The fields of a contact that logging one and correcting one share."""

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


class InteractionForm(ContactFields):
    """Log a contact, and perhaps the next step as a task."""

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


class InteractionEditForm(ContactFields):
    """Correct a logged contact: every field of the log form, the organisations as a list to
    keep (and one to add), the people and staff as ticks."""

    occurred_time = forms.TimeField(
        label=_("time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Empty when the time is not known: the contact is shown with its date only."),
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick an organisation named by mistake."),
    )
    staff = StaffChoiceField(
        label=_("staff"),
        queryset=User.objects.none(),
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
