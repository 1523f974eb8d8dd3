"""The bulk-action page: what to do with the selection, then what was done."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from crm import access
from crm.bulk import BulkOutcome
from crm.top.selection import actions
from crm.top.selection.selecting import KINDS, selection_from

ACTIONS = {
    "network": gettext_lazy("added to the network"),
    "event": gettext_lazy("registered for the event"),
    "tag": gettext_lazy("tagged"),
    "task": gettext_lazy("given a task"),
}


class ActionForm(forms.Form):
    """The fields of every action; each action checks the ones it needs."""

    network: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,  # type: ignore[arg-type]  # set per person in __init__
        required=False,
        label=gettext_lazy("Network"),
    )
    joined_on = forms.DateField(
        required=False,
        label=gettext_lazy("Member since"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    event: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,  # type: ignore[arg-type]  # set per person in __init__
        required=False,
        label=gettext_lazy("Event"),
    )
    tag = forms.CharField(required=False, max_length=60, label=gettext_lazy("Tag"))
    title = forms.CharField(required=False, max_length=300, label=gettext_lazy("What to do"))
    assignee: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,  # type: ignore[arg-type]  # set per person in __init__
        required=False,
        label=gettext_lazy("Assignee"),
    )
    due_on = forms.DateField(
        required=False,
        label=gettext_lazy("Due on"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in actions.choices(user).items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = choices
        self.fields["assignee"].label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]
        # Trainings and meetings repeat under one title: the day tells them apart.
        self.fields["event"].label_from_instance = _event_label  # type: ignore[attr-defined]


def _event_label(event: Any) -> str:
    return f"{event.title} — {event.starts_on:%d.%m.%Y}"


@login_required
@require_POST
def selection(request: HttpRequest, kind: str) -> HttpResponse:
    """Posted from a list (the selection), or from this page (an action to run on it)."""
    info = KINDS.get(kind)
    if info is None:
        raise Http404
    if kind == "people":
        access.require_capability(request.user, "personal_data.view")
    chosen = selection_from(request, info)
    action = request.POST.get("action", "")
    form = ActionForm(
        request.POST if action else None,
        user=request.user,
        initial={"joined_on": timezone.localdate(), "due_on": _in_a_week()},
    )
    context: dict[str, Any] = {
        "kind": kind,
        "info": info,
        "selection": chosen,
        "form": form,
        "offered": actions.offered(request.user, kind),
        # Read only when the page with the forms is shown, not when an action runs.
        "tag_names": actions.tag_names,
        "export_query": _export_query(chosen),
    }
    if chosen.error or not action:
        return render(request, "selection/pick.html", context)
    if action not in context["offered"]:
        raise PermissionDenied
    form.is_valid()
    try:
        outcome = actions.run(
            action, actor=request.user, kind=kind, ids=chosen.ids, data=form.cleaned_data
        )
    except ValidationError as error:
        _errors_on(form, error)
        return render(request, "selection/pick.html", context)
    context.update(
        {
            "action": action,
            "done": ACTIONS[action],
            "outcome": outcome,
            "names": actions.names(request.user, kind, _listed(outcome)),
            "refused": sorted(outcome.refused.items()),
            "target": actions.target_label(action, form.cleaned_data),
        }
    )
    return render(request, "selection/result.html", context)


def _in_a_week() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=7)


def _export_query(chosen: Any) -> str:
    """The export link's query: the list's filters for the whole result, else the ids."""
    if chosen.whole_result:
        return str(chosen.query)
    return "id=" + ",".join(str(pk) for pk in chosen.ids)


def _listed(outcome: BulkOutcome) -> list[int]:
    return [*outcome.added, *outcome.already, *outcome.refused]


def _errors_on(form: ActionForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
