"""Managers delete an organisation or a person entered by mistake, after a confirmation.

The services refuse while any record refers to the organisation or person (the API's 409), so
the confirmation lists those records with links instead of offering the button, and says what
to do instead: record that an organisation closed or merge it, anonymise a person.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contacts import services
from contacts.models import Organisation, Person
from crm import access
from crm.access import Action
from crm.services import referrers
from crm.web.deleting import Deletion, delete_page, lines


@login_required
@require_http_methods(["GET", "POST"])
def organisation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = access.scope(Organisation.objects.filter(pk=pk), request.user).first()
    if organisation is None:
        raise Http404
    access.require(request.user, Action.DELETE, organisation)
    detail_url = reverse("contacts:organisation_detail", args=[organisation.pk])
    return delete_page(
        request,
        Deletion(
            obj=organisation,
            title=_("Delete the organisation “%(name)s”?") % {"name": organisation.name},
            delete=lambda: services.organisation_delete(
                actor=request.user, organisation=organisation
            ),
            back_url=detail_url,
            done_url=reverse("contacts:organisation_list"),
            done_message=_("The organisation was deleted."),
            blockers=lines(request.user, organisation, referrers(organisation), detail_url),
            advice=_(
                "An organisation that closed is recorded with its closing date (Edit); a "
                "duplicate is merged into the other entry (Merge a duplicate)."
            ),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_delete(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_capability(request.user, "personal_data.view")
    person = access.scope(Person.objects.filter(pk=pk), request.user).first()
    if person is None:
        raise Http404
    access.require(request.user, Action.DELETE, person)
    detail_url = reverse("contacts:person_detail", args=[person.pk])
    return delete_page(
        request,
        Deletion(
            obj=person,
            title=_("Delete %(name)s?") % {"name": person},
            delete=lambda: services.person_delete(actor=request.user, person=person),
            back_url=detail_url,
            done_url=reverse("contacts:person_list"),
            done_message=_("The person was deleted."),
            blockers=lines(request.user, person, referrers(person), detail_url),
            advice=_(
                "A person who must disappear from Sieć is anonymised instead: their name and "
                "contact details are erased and the records of the work stay."
            ),
        ),
    )
