"""The organisation timeline over the API, item by item: what each kind of fact says, when (a
day-only fact at the start of its day, Warsaw time, summer and winter), in which order (on one
moment by kind, then newest record), and its count; the same on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from contacts.models import OrganisationLink, SocialEnterpriseStatus
from contacts.models.links import SIDE_LABELS, LinkKind
from contacts.services import organisation_update
from interactions.models import (
    Event,
    EventKind,
    Interaction,
    InteractionKind,
    Participation,
    ParticipationStatus,
)
from networks.models import MembershipRole, PartnershipKind
from tests.contacts.factories import OrganisationFactory
from tests.networks.factories import (
    MembershipFactory,
    NetworkFactory,
    PartnershipFactory,
    PartnershipPartyFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def _local(day: datetime.date, hour: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _history(organisation: Any, actor: Any) -> dict[str, Any]:
    """One fact of every kind, two of them on one day (a grant and a join on 1.01.2020)."""
    interaction = Interaction.objects.create(
        kind=InteractionKind.CONSULTATION,
        occurred_at=_local(D(2024, 5, 10), 10),
        subject="Doradztwo w sprawie klauzul społecznych",
    )
    interaction.organisations.add(organisation)
    event = Event.objects.create(
        kind=EventKind.FAIR, title="Podlaskie Targi Ekonomii Społecznej", starts_on=D(2024, 5, 10)
    )
    participation = Participation.objects.create(
        event=event, organisation=organisation, status=ParticipationStatus.ATTENDED
    )
    network = NetworkFactory()
    membership = MembershipFactory(
        organisation=organisation,
        network=network,
        role=MembershipRole.COORDINATOR,
        joined_on=D(2020, 1, 1),
        left_on=D(2023, 6, 30),
        left_reason="zawieszenie działalności",
    )
    partnership = PartnershipFactory(
        title="Catering dla szkół", kind=PartnershipKind.SOCIAL_CLAUSE, starts_on=D(2022, 3, 1)
    )
    PartnershipPartyFactory(organisation=organisation, partnership=partnership)
    status = SocialEnterpriseStatus.objects.create(
        organisation=organisation,
        kind="statutory",
        granted_on=D(2020, 1, 1),
        lost_on=D(2023, 1, 15),
    )
    founder = OrganisationFactory(name="Gmina Hajnówka", kind="jst_gmina")
    link = OrganisationLink.objects.create(
        organisation=organisation,
        kind=LinkKind.FOUNDED_BY,
        other=founder,
        started_on=D(2019, 4, 1),
        ended_on=D(2024, 1, 1),
    )
    organisation_update(actor=actor, organisation=organisation, town="Kleszczele")
    return {
        "interaction": interaction,
        "event": event,
        "participation": participation,
        "membership": membership,
        "partnership": partnership,
        "status": status,
        "founder": founder,
        "link": link,
    }


def test_every_kind_of_fact_is_told_in_order_with_its_time_and_record(
    api: Any, team_member: Any
) -> None:
    organisation = OrganisationFactory(name="Spółdzielnia Socjalna Żubrówka")
    facts = _history(organisation, team_member)
    created, changed = organisation.history.order_by("history_date")
    network = facts["membership"].network.name
    with translation.override("pl"):
        tie = str(SIDE_LABELS[LinkKind.FOUNDED_BY][0])
        statutory = facts["status"].get_kind_display()
        tie_text = f"Spółdzielnia Socjalna Żubrówka — {tie}: Gmina Hajnówka"
        expected = [
            ("record_changed", changed.history_date, "Zmieniono: miejscowość", "organisation"),
            ("record_created", created.history_date, "Utworzono rekord", "organisation"),
            (
                "interaction",
                "2024-05-10T10:00:00+02:00",
                f"{facts['interaction'].get_kind_display()}: "
                "Doradztwo w sprawie klauzul społecznych",
                "interaction",
            ),
            (
                "participation",
                "2024-05-10T00:00:00+02:00",
                "Podlaskie Targi Ekonomii Społecznej — "
                f"{facts['participation'].get_status_display()}",
                "event",
            ),
            ("link_ended", "2024-01-01T00:00:00+01:00", f"Koniec powiązania — {tie_text}", "link"),
            (
                "membership_left",
                "2023-06-30T00:00:00+02:00",
                f"Wystąpienie z: {network}: zawieszenie działalności",
                "membership",
            ),
            (
                "ps_status_lost",
                "2023-01-15T00:00:00+01:00",
                f"Utrata statusu przedsiębiorstwa społecznego ({statutory})",
                "status",
            ),
            (
                "partnership",
                "2022-03-01T00:00:00+01:00",
                f"{facts['partnership'].get_kind_display()}: Catering dla szkół",
                "partnership",
            ),
            (
                "ps_status_granted",
                "2020-01-01T00:00:00+01:00",
                f"Przyznano status przedsiębiorstwa społecznego ({statutory})",
                "status",
            ),
            (
                "membership_joined",
                "2020-01-01T00:00:00+01:00",
                f"Przystąpienie do: {network} ({facts['membership'].get_role_display()})",
                "membership",
            ),
            ("link_started", "2019-04-01T00:00:00+02:00", tie_text, "link"),
        ]
    records = {
        "organisation": ("contacts.organisation", organisation.pk),
        "interaction": ("interactions.interaction", facts["interaction"].pk),
        "event": ("interactions.event", facts["event"].pk),
        "link": ("contacts.organisationlink", facts["link"].pk),
        "membership": ("networks.membership", facts["membership"].pk),
        "status": ("contacts.socialenterprisestatus", facts["status"].pk),
        "partnership": ("networks.partnership", facts["partnership"].pk),
    }
    results = [
        {
            "at": at if isinstance(at, str) else timezone.localtime(at).isoformat(),
            "kind": kind,
            "summary": summary,
            "link": {"model": records[record][0], "id": records[record][1]},
        }
        for kind, at, summary, record in expected
    ]
    client = api(team_member)
    url = f"/api/v1/organisations/{organisation.pk}/timeline/"

    whole = client.get(url, HTTP_ACCEPT_LANGUAGE="pl").json()
    pages = [
        client.get(url, {"page": page, "page_size": 4}, HTTP_ACCEPT_LANGUAGE="pl").json()
        for page in (1, 2, 3)
    ]

    assert whole == {"count": 11, "page": 1, "page_size": 25, "has_next": False, "results": results}
    assert [page["results"] for page in pages] == [results[:4], results[4:8], results[8:]]
    assert [page["has_next"] for page in pages] == [True, True, False]


def test_a_page_costs_the_same_queries_for_few_facts_as_for_many(
    api: Any, team_member: Any
) -> None:
    few, many = OrganisationFactory(), OrganisationFactory()
    _history(few, team_member)
    _history(many, team_member)
    for n in range(40):
        interaction = Interaction.objects.create(
            kind=InteractionKind.PHONE, occurred_at=_local(D(2021, 1, 1 + n % 28), 9), subject="T"
        )
        interaction.organisations.add(many)
        MembershipFactory(organisation=many, joined_on=D(2010, 1, 1) + datetime.timedelta(days=n))
    client = api(team_member)

    def queries(organisation: Any, page: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(
                f"/api/v1/organisations/{organisation.pk}/timeline/", {"page": page, "page_size": 5}
            )
        assert response.status_code == 200
        return len(captured)

    # The token and its user, the organisation, the count, the facts (one UNION ALL), the
    # changes of the record (read on their own: each is told against the one before).
    assert queries(few, 1) == queries(many, 1) == queries(many, 9) == 5
