"""Forms of tasks (follow-ups): setting one and putting it off."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from contacts.forms import DateInput, OrganisationPickField
from contacts.models import Organisation
from crm.users import User
from interactions.forms.log import StaffChoice
from interactions.models import Event


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
