"""The access log page: managers and administrators see who saw whose personal data, when
and how (filters: person, user, how, days). Reached from a person's page ("Kto oglądał")."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from crm import access
from crm.audit.access_log import access_log_entries
from crm.audit.models import AccessLog
from crm.audit.views import DaysFilter, PersonChoice
from crm.users import User

PAGE_SIZE = 50


class AccessLogFilter(DaysFilter):
    person = forms.IntegerField(
        label=_("person number"),
        required=False,
        min_value=1,
        help_text=_("The number in the address of the person's page, e.g. 12 in /osoby/12/."),
    )
    user = PersonChoice(label=_("who"), queryset=User.objects.none(), required=False)
    what = forms.ChoiceField(
        label=_("how"), required=False, choices=[("", "—"), *AccessLog.What.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.fields["user"]
        assert isinstance(user, forms.ModelChoiceField)
        user.queryset = User.objects.order_by("last_name", "first_name", "username")


@login_required
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    access.require_capability(request.user, "access_log.view")
    form = AccessLogFilter(request.GET or None)
    entries = access_log_entries(user=request.user)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        entries = access_log_entries(
            user=request.user,
            person_id=data["person"],
            actor=data["user"],
            what=data["what"],
            since=data["since"],
            until=data["until"],
        )
    elif form.is_bound:
        entries = entries.none()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "crm/access_log.html", {"form": form, "page_obj": page})
