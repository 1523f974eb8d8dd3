"""The contact log, events and follow-ups over the API, and the organisation timeline."""

from __future__ import annotations

import datetime

import pytest

from crm.models import ActionLog
from interactions.models import FollowUp, Interaction

pytestmark = pytest.mark.django_db


def log(client, organisation, **fields):
    payload = {"kind": "consultation", "subject": "Doradztwo", "organisations": [organisation.pk]}
    payload.update(fields)
    response = client.post("/api/v1/interactions/", payload, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_logging_an_interaction_goes_through_the_service(api, team_member, org_a, org_b):
    body = log(
        api(team_member),
        org_a,
        organisations=[org_a.pk, org_b.pk],
        topics=["social-clauses", "financing"],
        occurred_at="2025-03-04T10:00:00+01:00",
    )
    assert body["staff"] == [team_member.pk]  # the actor, by default
    assert sorted(body["topics"]) == ["financing", "social-clauses"]
    assert sorted(body["organisations"]) == sorted([org_a.pk, org_b.pk])
    assert ActionLog.objects.filter(verb="interactions.interaction.logged").count() == 1
    assert Interaction.objects.get(pk=body["id"]).history.first().history_user == team_member


def test_interactions_filter_by_kind_dates_organisation_staff_and_topic(
    api, team_member, manager, org_a, org_b
):
    first = log(
        api(team_member), org_a, occurred_at="2025-01-10T09:00:00+01:00", topics=["financing"]
    )
    log(api(manager), org_b, kind="phone", occurred_at="2025-02-10T09:00:00+01:00")
    client = api(manager)

    def ids(**params):
        response = client.get("/api/v1/interactions/", params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids(kind="consultation") == [first["id"]]
    assert ids(occurred_from="2025-01-01", occurred_to="2025-01-10") == [first["id"]]
    assert ids(organisation=org_a.pk) == [first["id"]]
    assert ids(staff=team_member.pk) == [first["id"]]
    assert ids(topic="financing") == [first["id"]]
    assert len(ids(subregion="suwalski")) == 1


def test_owes_partner_may_not_log_for_another_subregion_only(api, owes_partner, org_a, org_b):
    client = api(owes_partner)
    payload = {"kind": "meeting", "subject": "Spotkanie"}
    denied = client.post(
        "/api/v1/interactions/", {**payload, "organisations": [org_b.pk]}, format="json"
    )
    assert denied.status_code == 403
    assert not Interaction.objects.exists()
    log(client, org_a)


def test_follow_up_from_the_api_postponed_then_completed(api, team_member, org_a):
    client = api(team_member)
    created = client.post(
        "/api/v1/follow-ups/",
        {"title": "Wysłać ofertę", "due_on": "2026-02-01", "organisation": org_a.pk},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["assignee"] == team_member.pk
    later = client.post(f"/api/v1/follow-ups/{pk}/postpone/", {"by_days": 7}, format="json")
    assert later.json()["due_on"] == "2026-02-08"
    earlier = client.post(
        f"/api/v1/follow-ups/{pk}/postpone/", {"due_on": "2026-01-01"}, format="json"
    )
    assert earlier.status_code == 400
    assert "due_on" in earlier.json()["errors"]
    done = client.post(f"/api/v1/follow-ups/{pk}/complete/")
    assert done.json()["status"] == "done"
    again = client.post(f"/api/v1/follow-ups/{pk}/cancel/", {}, format="json")
    assert again.status_code == 400
    assert FollowUp.objects.get(pk=pk).status == "done"


def test_event_attendance_marked_in_one_call(api, team_member, org_a, org_b):
    client = api(team_member)
    event = client.post(
        "/api/v1/events/",
        {
            "kind": "fair",
            "title": "Targi Ekonomii Społecznej",
            "starts_on": "2025-06-06",
            "gmina": "2005011",
        },
        format="json",
    ).json()
    ids = [
        client.post(
            "/api/v1/participations/", {"event": event["id"], "organisation": org.pk}, format="json"
        ).json()["id"]
        for org in (org_a, org_b)
    ]
    marked = client.post(
        f"/api/v1/events/{event['id']}/attended/", {"participations": ids}, format="json"
    )
    assert marked.json() == {"marked": 2}
    row = client.get(f"/api/v1/events/{event['id']}/").json()
    assert (row["participants"], row["attended"], row["gmina"]) == (2, 2, "2005011")


def test_timeline_is_newest_first_and_hides_what_the_role_may_not_see(
    api, team_member, viewer, org_a
):
    log(api(team_member), org_a, occurred_at="2025-05-05T12:00:00+02:00")
    api(team_member).post(
        "/api/v1/social-enterprise-statuses/",
        {"organisation": org_a.pk, "kind": "statutory", "granted_on": "2024-01-15"},
        format="json",
    )
    body = api(team_member).get(f"/api/v1/organisations/{org_a.pk}/timeline/").json()
    kinds = [item["kind"] for item in body["results"]]
    assert kinds.index("interaction") < kinds.index("ps_status_granted")
    times = [item["at"] for item in body["results"]]
    assert times == sorted(times, reverse=True)
    seen_by_viewer = api(viewer).get(f"/api/v1/organisations/{org_a.pk}/timeline/").json()
    assert "interaction" not in [item["kind"] for item in seen_by_viewer["results"]]
    assert seen_by_viewer["count"] == body["count"] - 1
    assert (
        api(viewer).get(f"/api/v1/organisations/{org_a.pk}/timeline/?page_size=500").status_code
        == 400
    )
    assert datetime.date.fromisoformat(body["results"][0]["at"][:10]) >= datetime.date(2025, 5, 5)
