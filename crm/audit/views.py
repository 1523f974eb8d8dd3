"""The action log page: managers and administrators see who did what, to what and when,
without the admin (filters: person, action, kind of record and its id, days)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from crm import access
from crm.audit.selectors import action_log_entries, action_log_kinds
from crm.users import User

PAGE_SIZE = 50


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class KindChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)  # the model's verbose name, in the page's language


class DaysFilter(forms.Form):
    """The "from" and "to" days of a log page's filters, and the check that they are in order."""

    since = forms.DateField(
        label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end is before the start."))
        return data


class ActionLogFilter(DaysFilter):
    actor = PersonChoice(label=_("who"), queryset=User.objects.none(), required=False)
    verb = forms.CharField(
        label=_("action"),
        required=False,
        max_length=100,
        help_text=_("Any part of it, e.g. deleted, reassigned or contacts.organisation."),
    )
    kind = KindChoice(
        label=_("kind of record"), queryset=ContentType.objects.none(), required=False
    )
    object_id = forms.CharField(label=_("record number"), required=False, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor = self.fields["actor"]
        assert isinstance(actor, forms.ModelChoiceField)
        actor.queryset = User.objects.order_by("last_name", "first_name", "username")
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ModelChoiceField)
        kind.queryset = action_log_kinds()


@login_required
@require_GET
def action_log(request: HttpRequest) -> HttpResponse:
    access.require_capability(request.user, "action_log.view")
    form = ActionLogFilter(request.GET or None)
    entries = action_log_entries(user=request.user)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        entries = action_log_entries(
            user=request.user,
            actor=data["actor"],
            verb=data["verb"].strip(),
            content_type=data["kind"],
            object_id=data["object_id"].strip(),
            since=data["since"],
            until=data["until"],
        )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "crm/action_log.html", {"form": form, "page_obj": page})
