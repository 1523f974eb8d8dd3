"""People pages: list, detail, edit, and the GDPR panel (restrict, export, anonymise)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contacts import selectors, services
from contacts.extensions import person_sections
from contacts.filters import PersonFilter
from contacts.forms import (
    AnonymiseConfirmForm,
    ConsentForm,
    PersonAddForm,
    PersonForm,
    PersonGdprForm,
)
from contacts.models import Organisation, Person
from contacts.people_duplicates import people_like, undoable_person_merges
from contacts.services.erasure import person_anonymise_preview
from contacts.services.notices import email_obstacle
from contacts.views.common import filter_chips, paginate
from crm import access
from crm.access import Action
from crm.audit.access_log import access_log_write
from crm.audit.models import AccessLog
from crm.lists.state import list_state
from crm.users import Role
from crm.web.forms import apply_form_errors, edit_form

RECENT = 20


def may_export(user: Any, person: Person) -> bool:
    """Whether the page offers the art. 15 export (``person_export`` decides it again)."""
    if not access.has_capability(user, "personal_data.export"):
        return False
    if access.role_of(user) == Role.OWES_PARTNER:
        return access.can(user, Action.CHANGE, person)
    return True


def notice_context(user: Any, person: Person) -> dict[str, Any]:
    """The art. 14 part of the GDPR panel: the notices so far and what may be done now."""
    return {
        "notices": list(
            access.scope(person.privacy_notices.select_related("recorded_by"), user)  # type: ignore[attr-defined]
        ),
        "may_notify": access.has_capability(user, "privacy_notices.record")
        and access.can(user, Action.CHANGE, person),
        "email_obstacle": email_obstacle(person),
    }


def _person(user: Any, pk: int) -> Person:
    access.require_capability(user, "personal_data.view")
    try:
        return selectors.person_detail(user=user, pk=pk)
    except Person.DoesNotExist as error:
        raise Http404 from error


@login_required
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    access.require_capability(request.user, "personal_data.view")
    listing = list_state(request, "people")
    queryset = selectors.person_list(user=request.user)
    filterset = PersonFilter(listing.params or None, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_bound else queryset
    if not listing.ordering:
        rows = rows.order_by("last_name", "first_name", "id")
    page = paginate(request, rows.prefetch_related("tags"), listing.page_size)
    page.object_list = list(page.object_list)
    access_log_write(
        user=request.user, person_ids=[p.pk for p in page.object_list], what=AccessLog.What.LIST
    )
    context: dict[str, Any] = {
        "page_obj": page,
        "may_add": access.can(request.user, Action.ADD, Person),
        "listing": listing,
        "cols": listing.shown,
        "current_query": listing.query,
    }
    context["chips"] = filter_chips(
        request,
        {"search": _("Search"), "restricted": _("Processing restricted"), "tag": _("Tag")},
        context,
    )
    template = "contacts/person_list.html"
    if request.headers.get("X-Fragment") == "results":
        template = "contacts/_person_results.html"
    response = render(request, template, context)
    # The live search asks for the results only: a cache must not mix the two up.
    patch_vary_headers(response, ["X-Fragment"])
    return response


@login_required
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request.user, pk)
    access_log_write(user=request.user, person_ids=[person.pk], what=AccessLog.What.PAGE)
    return render(
        request,
        "contacts/person_detail.html",
        {
            "person": person,
            "affiliations": list(person.affiliations.all()),
            "consents": list(person.consents.all()),
            # Reverse relations of the apps above contacts, reached without importing them.
            "interactions": list(
                access.scope(
                    person.interactions.order_by("-occurred_at"),  # type: ignore[attr-defined]
                    request.user,
                )[:RECENT]
            ),
            "participations": list(
                access.scope(
                    person.participations.select_related("event"),  # type: ignore[attr-defined]
                    request.user,
                ).order_by("-event__starts_on")[:RECENT]
            ),
            "may_change": access.can(request.user, Action.CHANGE, person),
            "may_anonymise": access.has_capability(request.user, "personal_data.anonymise")
            and person.anonymised_at is None,
            "may_export": may_export(request.user, person),
            "may_lift": access.has_capability(request.user, "personal_data.restricted"),
            "consent_form": ConsentForm(),
            "merges": list(undoable_person_merges(user=request.user, person=person)),
            "sections": person_sections(request.user, person),
            **notice_context(request.user, person),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request.user, pk)
    access.require(request.user, Action.CHANGE, person)
    form = edit_form(PersonForm, request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                actor=request.user,
                person=person,
                **{name: form.cleaned_data[name] for name in PersonForm.Meta.fields},
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("contacts:person_detail", pk=person.pk)
    return render(request, "contacts/person_form.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def person_gdpr(request: HttpRequest, pk: int) -> HttpResponse:
    """The GDPR record: legal basis, source, when informed, restriction."""
    person = _person(request.user, pk)
    access.require(request.user, Action.CHANGE, person)
    form = edit_form(PersonGdprForm, request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                actor=request.user,
                person=person,
                reason="GDPR record",
                **{name: form.cleaned_data[name] for name in PersonGdprForm.Meta.fields},
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The GDPR record was saved."))
            return redirect("contacts:person_detail", pk=person.pk)
    return render(request, "contacts/person_gdpr_form.html", {"form": form, "person": person})


@login_required
@require_POST
def person_consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request.user, pk)
    access.require(request.user, Action.CHANGE, person)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            services.consent_record(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("contacts:person_detail", pk=person.pk)
    return render(request, "contacts/person_consent_form.html", {"form": form, "person": person})


@login_required
@require_POST
def person_restrict(request: HttpRequest, pk: int) -> HttpResponse:
    """Restrict processing (art. 18 GDPR) with its reason, or lift the restriction."""
    person = _person(request.user, pk)
    restricted = request.POST.get("restricted") == "1"
    try:
        services.person_restrict(
            actor=request.user,
            person=person,
            restricted=restricted,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Processing of this person's data is now restricted.")
            if restricted
            else _("The restriction was lifted."),
        )
        if restricted and not access.has_capability(request.user, "personal_data.restricted"):
            # A restricted person is withheld from everyone but managers: nothing to show here.
            return redirect("contacts:person_list")
    return redirect("contacts:person_detail", pk=person.pk)


@login_required
@require_GET
def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about the person as a JSON file (art. 15 GDPR)."""
    person = _person(request.user, pk)
    data = services.person_export(actor=request.user, person=person)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="osoba-{person.pk}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def person_anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    """Shows what goes and what stays; anonymises only after an explicit confirmation."""
    person = _person(request.user, pk)
    access.require_capability(request.user, "personal_data.anonymise")
    if person.anonymised_at is not None:
        messages.info(request, _("This person is already anonymised."))
        return redirect("contacts:person_detail", pk=person.pk)
    form = AnonymiseConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.person_anonymise(actor=request.user, person=person)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The person was anonymised."))
            # What is left to edit by hand is shown once: the name is gone, it cannot be
            # searched for again.
            return render(request, "contacts/person_anonymised.html", {"done": done})
    return render(
        request,
        "contacts/person_anonymise.html",
        {"person": person, "preview": person_anonymise_preview(person=person), "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a contact person on the organisation's page: the person and their role there."""
    access.require_capability(request.user, "personal_data.view")
    try:
        organisation = selectors.organisation_for_change(user=request.user, pk=pk)
    except Organisation.DoesNotExist as error:
        raise Http404 from error
    form = PersonAddForm(request.POST or None, initial={"source": _("entered in Sieć")})
    duplicates: list[Person] = []
    if request.method == "POST" and not request.POST.get("confirm_duplicate"):
        # The same name with the same e-mail or phone: offer the existing record first.
        duplicates = people_like(
            user=request.user,
            first_name=str(request.POST.get("first_name", "")),
            last_name=str(request.POST.get("last_name", "")),
            email=str(request.POST.get("email", "")),
            phone=str(request.POST.get("phone", "")),
        )
    if request.method == "POST" and form.is_valid() and not duplicates:
        data = dict(form.cleaned_data)
        role, is_primary = data.pop("role"), data.pop("is_primary")
        try:
            with transaction.atomic():
                person = services.person_create(
                    actor=request.user, last_name=data.pop("last_name"), **data
                )
                services.affiliation_create(
                    actor=request.user,
                    person=person,
                    organisation=organisation,
                    role=role,
                    is_primary=is_primary,
                )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The person was added."))
            return redirect("contacts:organisation_detail", pk=organisation.pk)
    return render(
        request,
        "contacts/person_add.html",
        {"form": form, "organisation": organisation, "duplicates": duplicates},
    )
