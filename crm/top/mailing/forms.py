"""The message form: subject and text with placeholders, and the event they may name."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.access import scope
from crm.top.mailing.templating import check_template
from interactions.models import Event

# Events offered for {{ wydarzenie }}: from half a year ago on (an invitation, a thank-you
# note, a report).
EVENTS_SINCE_DAYS = 183


class MailingForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=20_000,
        help_text=_(
            "Placeholders such as {{ organizacja }} or {{ data_wydarzenia }} are filled in for "
            "each recipient; the unsubscribe link is added at the end."
        ),
    )
    event = forms.ModelChoiceField(
        label=_("Event"),
        queryset=Event.objects.none(),
        required=False,
        help_text=_("Fills {{ wydarzenie }}, {{ data_wydarzenia }} and {{ miejsce_wydarzenia }}."),
    )

    def __init__(self, *args: Any, user: Any, fixed_event: Event | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field: Any = self.fields["event"]
        if fixed_event is not None:
            # The participants of an event are written to about that event.
            del self.fields["event"]
            return
        since = timezone.localdate() - datetime.timedelta(days=EVENTS_SINCE_DAYS)
        field.queryset = (
            scope(Event.objects.all(), user).filter(starts_on__gte=since).order_by("starts_on")
        )
        field.label_from_instance = lambda e: f"{e.title} ({e.starts_on:%d.%m.%Y})"

    def clean_subject(self) -> str:
        subject = " ".join(self.cleaned_data["subject"].split())
        check_template(subject)
        return subject

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        check_template(body)
        return body
