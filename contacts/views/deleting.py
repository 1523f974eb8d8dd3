"""Managers delete an organisation or a person entered by mistake, after a confirmation.

The services refuse while any record refers to the organisation or person (the API's 409), so
the confirmation lists those records with links instead of offering the button, and says what
to do instead: record that an organisation closed or merge it, anonymise a person.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contacts import services
from contacts.models import (
    Affiliation,
    EmploymentSnapshot,
    Organisation,
    Person,
    SocialEnterpriseStatus,
)
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


def _row_of(request: HttpRequest, model: type[Model], pk: int, *related: str) -> Model:
    rows = model._default_manager.filter(pk=pk)
    row = access.scope(rows, request.user).select_related(*related).first()
    if row is None:
        raise Http404
    access.require(request.user, Action.DELETE, row)
    return row


@login_required
@require_http_methods(["GET", "POST"])
def affiliation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A tie between a person and an organisation entered by mistake (one that ended is given
    its end date instead); the person and the organisation stay."""
    access.require_capability(request.user, "personal_data.view")
    affiliation = _row_of(request, Affiliation, pk, "person", "organisation")
    assert isinstance(affiliation, Affiliation)
    back = request.GET.get("next") == "person"
    person_url = reverse("contacts:person_detail", args=[affiliation.person_id])
    organisation_url = reverse("contacts:organisation_detail", args=[affiliation.organisation_id])
    url = person_url if back else organisation_url + "#h-people"
    return delete_page(
        request,
        Deletion(
            obj=affiliation,
            title=_("Delete the tie of %(person)s with “%(organisation)s”?")
            % {"person": affiliation.person, "organisation": affiliation.organisation.name},
            delete=lambda: services.affiliation_delete(actor=request.user, affiliation=affiliation),
            back_url=url,
            done_url=url,
            done_message=_("The tie was deleted; the person and the organisation stay."),
            advice=_("A role that ended is recorded with its end date (Edit the person)."),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def ps_status_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A PS status entered by mistake; a status that was lost is recorded as lost."""
    status = _row_of(request, SocialEnterpriseStatus, pk, "organisation")
    assert isinstance(status, SocialEnterpriseStatus)
    url = reverse("contacts:organisation_detail", args=[status.organisation_id]) + "#h-ps"
    return delete_page(
        request,
        Deletion(
            obj=status,
            title=_("Delete the PS status of “%(organisation)s” granted on %(date)s?")
            % {
                "organisation": status.organisation.name,
                "date": status.granted_on.strftime("%d.%m.%Y"),
            },
            delete=lambda: services.ps_status_delete(actor=request.user, status=status),
            back_url=url,
            done_url=url,
            done_message=_("The PS status was deleted."),
            advice=_(
                "Delete only an entry made by mistake: a status the enterprise lost is recorded "
                "with the date it was lost, so the indicators of the years it was held keep it."
            ),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def employment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """An employment record entered by mistake (the wrong date or figures)."""
    snapshot = _row_of(request, EmploymentSnapshot, pk, "organisation")
    assert isinstance(snapshot, EmploymentSnapshot)
    url = reverse("contacts:organisation_detail", args=[snapshot.organisation_id]) + "#h-employment"
    return delete_page(
        request,
        Deletion(
            obj=snapshot,
            title=_("Delete the employment record of “%(organisation)s” as of %(date)s?")
            % {
                "organisation": snapshot.organisation.name,
                "date": snapshot.as_of.strftime("%d.%m.%Y"),
            },
            delete=lambda: services.employment_delete(actor=request.user, snapshot=snapshot),
            back_url=url,
            done_url=url,
            done_message=_("The employment record was deleted."),
            advice=_("The employment indicators are counted again without it."),
        ),
    )
