"""Every list endpoint costs the same number of SQL queries for 5 rows as for 50."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts.models import (
    Affiliation,
    EmploymentSnapshot,
    OrganisationLink,
    OwesAccreditation,
    Person,
    SocialEnterpriseStatus,
)
from crm.exports.models import ExportJob
from crm.lists.models import SavedView
from crm.models import Gmina, Subregion, User
from crm.top.imports.models import ImportBatch
from crm.top.monitoring.models import Recommendation, StrategicDocument
from interactions.models import Event, FollowUp, Interaction, Participation, Topic
from networks.models import Membership, Network, Partnership, PartnershipParty
from tests.api.conftest import client_for
from tests.api.matrix import api_routes
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

_counter = itertools.count()


def _organisation(**fields: Any) -> Any:
    gminas = list(Gmina.objects.order_by("code")[:20])
    n = next(_counter)
    organisation = OrganisationFactory(gmina=gminas[n % len(gminas)], **fields)
    accreditation = OwesAccreditation.objects.create(organisation=organisation)
    accreditation.subregions.set(Subregion.objects.all()[:2])
    return organisation


def _person() -> Person:
    person = Person.objects.create(last_name=f"Nowak{next(_counter)}")
    Affiliation.objects.create(person=person, organisation=_organisation(), role="członek")
    return person


def _network() -> Network:
    network = Network.objects.create(
        name=f"Sieć {next(_counter)}", kind="regional", subregion=Subregion.objects.first()
    )
    Membership.objects.create(
        organisation=_organisation(), network=network, joined_on=datetime.date(2020, 1, 1)
    )
    return network


def _partnership() -> None:
    partnership = Partnership.objects.create(
        title=f"Umowa {next(_counter)}", kind="cooperation", starts_on=datetime.date(2024, 1, 1)
    )
    PartnershipParty.objects.create(partnership=partnership, organisation=_organisation())
    PartnershipParty.objects.create(partnership=partnership, organisation=_organisation())


def _interaction(owner: User) -> None:
    interaction = Interaction.objects.create(
        kind="meeting", occurred_at=timezone.now(), subject=f"Spotkanie {next(_counter)}"
    )
    interaction.organisations.add(_organisation(), _organisation())
    interaction.people.add(_person())
    interaction.staff.add(owner)
    interaction.topics.add(*Topic.objects.all()[:2])


def _event() -> Event:
    event = Event.objects.create(
        kind="training",
        title=f"Szkolenie {next(_counter)}",
        starts_on=datetime.date(2025, 1, 1),
        gmina=Gmina.objects.first(),
        organiser=_organisation(),
    )
    Participation.objects.create(event=event, organisation=_organisation(), status="attended")
    return event


# URL name of each list → (URL, a function adding one row to it for ``owner``).
Maker = Callable[[User], Any]
LISTS: dict[str, tuple[str, Maker]] = {
    "organisation-list": ("organisations/", lambda owner: _organisation()),
    "person-list": ("people/", lambda owner: _person()),
    "affiliation-list": (
        "affiliations/",
        lambda owner: Affiliation.objects.create(person=_person(), organisation=_organisation()),
    ),
    "ps-status-list": (
        "social-enterprise-statuses/",
        lambda owner: SocialEnterpriseStatus.objects.create(
            organisation=_organisation(), kind="statutory", granted_on=datetime.date(2023, 1, 1)
        ),
    ),
    "employment-list": (
        "employment-snapshots/",
        lambda owner: EmploymentSnapshot.objects.create(
            organisation=_organisation(), as_of=datetime.date(2024, 12, 31), employees=3
        ),
    ),
    "owes-accreditation-list": (
        "owes-accreditations/",
        lambda owner: _organisation().accreditations.first(),
    ),
    "organisation-link-list": (
        "organisation-links/",
        lambda owner: OrganisationLink.objects.create(
            organisation=_organisation(), kind="founded_by", other=_organisation()
        ),
    ),
    "network-list": ("networks/", lambda owner: _network()),
    "membership-list": (
        "memberships/",
        lambda owner: Membership.objects.create(
            organisation=_organisation(), network=_network(), joined_on=datetime.date(2021, 1, 1)
        ),
    ),
    "partnership-list": ("partnerships/", lambda owner: _partnership()),
    "interaction-list": ("interactions/", _interaction),
    "event-list": ("events/", lambda owner: _event()),
    "participation-list": (
        "participations/",
        lambda owner: Participation.objects.create(event=_event(), person=_person()),
    ),
    "follow-up-list": (
        "follow-ups/",
        lambda owner: FollowUp.objects.create(
            title="Oddzwonić",
            due_on=datetime.date(2026, 1, 1),
            assignee=owner,
            organisation=_organisation(),
        ),
    ),
    "user-list": (
        "users/",
        lambda owner: User.objects.create(username=f"u{next(_counter)}"),
    ),
    "organisation-members-of-list": (
        "organisations/{organisation}/members-of/",
        lambda owner: Membership.objects.create(
            organisation=owner.test_organisation,  # type: ignore[attr-defined]
            network=_network(),
            joined_on=datetime.date(2022, 1, 1),
        ),
    ),
    "organisation-timeline-list": (
        "organisations/{organisation}/timeline/",
        lambda owner: SocialEnterpriseStatus.objects.create(
            organisation=owner.test_organisation,  # type: ignore[attr-defined]
            kind="legacy",
            granted_on=datetime.date(2010, 1, 1) + datetime.timedelta(days=next(_counter)),
        ),
    ),
    "import-batch-list": (
        "imports/",
        lambda owner: ImportBatch.objects.create(
            user=owner, source="OWES Bielski", original_name="lista.csv", sha256="0" * 64
        ),
    ),
    "export-job-list": (
        "exports/",
        lambda owner: ExportJob.objects.create(requested_by=owner, name="organisations", fmt="csv"),
    ),
    "saved-view-list": (
        "saved-views/",
        lambda owner: SavedView.objects.create(
            owner=owner, list_key="organisations", name=f"Widok {next(_counter)}"
        ),
    ),
    "monitoring:strategic-document-list": (
        "strategic-documents/",
        lambda owner: StrategicDocument.objects.create(
            organisation=_organisation(kind="jst_gmina"),
            title="Strategia",
            kind="development",
            adopted_on=datetime.date(2024, 1, 1),
        ),
    ),
    "monitoring:recommendation-list": (
        "recommendations/",
        lambda owner: Recommendation.objects.create(
            monitoring_year=2024,
            text="Zalecenie",
            addressee="JST",
            subregion=Subregion.objects.first(),
        ),
    ),
}
# Fixed reference data: the page size varies instead of the number of rows.
PAGED = {
    "subregion-list": "subregions/",
    "powiat-list": "powiats/",
    "gmina-list": "gminas/",
    "monitoring:api-indicator-list": "indicators/",
}


def test_every_list_endpoint_has_a_query_count_test() -> None:
    lists = {
        name
        for name, method in api_routes()
        if method == "get" and name.endswith("-list") and name != "api-root"
    }
    assert lists == set(LISTS) | set(PAGED)


def _queries(client: Any, url: str) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(captured), response.json()


def _rows(body: Any) -> int:
    if isinstance(body, list):
        return len(body)
    return len(body["results"])


@pytest.mark.parametrize("name", sorted(LISTS))
def test_list_query_count_does_not_grow_with_rows(name: str, manager: User) -> None:
    path, make = LISTS[name]
    manager.test_organisation = _organisation()  # type: ignore[attr-defined]
    client = client_for(manager)
    url = "/api/v1/" + path.format(organisation=manager.test_organisation.pk)  # type: ignore[attr-defined]
    url += "?page_size=100"
    for _ in range(5):
        make(manager)
    # A process's first request may build what it keeps (the timeline's two queries, and the
    # SQLite JSON probe that building makes once per connection): counted from the second.
    client.get(url)
    few, body_few = _queries(client, url)
    for _ in range(45):
        make(manager)
    many, body_many = _queries(client, url)
    assert _rows(body_many) >= _rows(body_few) + 45
    assert many == few, f"{name}: {few} queries for the first rows, {many} for 45 more"


@pytest.mark.parametrize("name", sorted(PAGED))
def test_reference_list_query_count_does_not_grow_with_page_size(name: str, manager: User) -> None:
    client = client_for(manager)
    small, body_small = _queries(client, f"/api/v1/{PAGED[name]}?page_size=2")
    large, body_large = _queries(client, f"/api/v1/{PAGED[name]}?page_size=100")
    assert _rows(body_large) >= _rows(body_small)
    assert large == small
