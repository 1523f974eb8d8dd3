"""Every list and the dashboard run a fixed number of queries, whatever the amount of data."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts.models import Affiliation, SocialEnterpriseStatus
from interactions.models import FollowUp, Participation
from networks.models import PartnershipParty
from tests.contacts.factories import OrganisationFactory, PersonFactory
from tests.interactions.factories import EventFactory, InteractionFactory
from tests.networks.factories import MembershipFactory, NetworkFactory, PartnershipFactory
from tests.web.conftest import client_for


def grow(size: int, user: Any, network: Any, event: Any, hub: Any) -> None:
    """``size`` more of everything that the lists show, all linked to one another."""
    today = timezone.localdate()
    for _ in range(size):
        organisation = OrganisationFactory()
        SocialEnterpriseStatus.objects.create(
            organisation=organisation, kind="statutory", granted_on=datetime.date(2024, 1, 1)
        )
        # From an OWES's list: on the art. 14 worklist too.
        person = PersonFactory(data_origin="elsewhere")
        Affiliation.objects.create(person=person, organisation=organisation, role="prezes")
        Affiliation.objects.create(person=person, organisation=hub, role="członek")
        MembershipFactory(organisation=organisation, network=network)
        partnership = PartnershipFactory()
        PartnershipParty.objects.create(partnership=partnership, organisation=organisation)
        PartnershipParty.objects.create(partnership=partnership, organisation=hub)
        interaction = InteractionFactory()
        interaction.organisations.add(organisation, hub)
        interaction.staff.add(user)
        interaction.people.add(person)
        FollowUp.objects.create(
            title="Zadzwonić", due_on=today, assignee=user, organisation=organisation
        )
        Participation.objects.create(event=event, organisation=organisation, person=person)


def count(client: Any, url: str) -> int:
    cache.clear()  # the dashboard's managers' numbers are counted, not read from the cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


PAGES: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
    ("home", lambda w: reverse("home")),
    ("organisations", lambda w: reverse("contacts:organisation_list")),
    (
        "organisations filtered",
        lambda w: (
            reverse("contacts:organisation_list") + "?search=podlasie&ps_status=true&ordering=-name"
        ),
    ),
    ("organisation detail", lambda w: reverse("contacts:organisation_detail", args=[w["hub"].pk])),
    ("people", lambda w: reverse("contacts:person_list")),
    ("art. 14 worklist", lambda w: reverse("notices:worklist")),
    ("contacts", lambda w: reverse("interactions:interaction_list")),
    ("tasks", lambda w: reverse("interactions:followup_list") + "?who=all"),
    ("events", lambda w: reverse("interactions:event_list")),
    ("event detail", lambda w: reverse("interactions:event_detail", args=[w["event"].pk])),
    ("networks", lambda w: reverse("networks:network_list")),
    ("network detail", lambda w: reverse("networks:network_detail", args=[w["network"].pk])),
    ("partnerships", lambda w: reverse("networks:partnership_list")),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), PAGES, ids=[name for name, _ in PAGES])
def test_the_page_runs_the_same_number_of_queries_for_3_and_for_30_rows(
    manager: Any, name: str, url: Callable[[dict[str, Any]], str]
) -> None:
    world = {
        "network": NetworkFactory(founded_on=datetime.date(2024, 1, 1)),
        "event": EventFactory(),
        "hub": OrganisationFactory(name="Ośrodek Wsparcia Ekonomii Społecznej"),
    }
    client = client_for(manager)
    grow(3, manager, world["network"], world["event"], world["hub"])
    client.get(url(world))  # warm the session and the content-type cache
    small = count(client, url(world))
    grow(27, manager, world["network"], world["event"], world["hub"])
    large = count(client, url(world))
    assert small == large, f"{name}: {small} queries for 3 rows, {large} for 30"
