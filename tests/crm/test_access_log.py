"""Access to personal data is logged (issue 13): who saw which person, when and how.

A person's page, a page of the people list, the API record and list, the art. 15 export and a
list export with personal columns each write one row per person seen, with ids only. Managers
and administrators read the log on a page with filters, reached from the person's page.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from contacts.models import Affiliation, Person
from contacts.services import person_anonymise
from crm.audit.models import AccessLog
from tests.contacts.factories import OrganisationFactory, PersonFactory
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def seen(user: Any) -> list[tuple[int, str]]:
    return sorted(
        AccessLog.objects.filter(user=user).values_list("person_id", "what"),
    )


def test_opening_a_persons_page_records_who_saw_whom_with_one_insert(team_member: Any) -> None:
    person = PersonFactory(first_name="Irena", last_name="Kruszewska")
    client = client_for(team_member)
    client.get(reverse("contacts:person_detail", args=[person.pk]))  # warm the caches
    AccessLog.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("contacts:person_detail", args=[person.pk]))
    assert response.status_code == 200
    assert seen(team_member) == [(person.pk, "page")]
    inserts = [q for q in queries.captured_queries if "crm_accesslog" in q["sql"]]
    assert len(inserts) == 1 and inserts[0]["sql"].startswith("INSERT")
    # Ids only: nothing of who the person is.
    row = AccessLog.objects.values().get()
    assert "Kruszewska" not in str(row) and "Irena" not in str(row)


def test_a_page_of_the_people_list_records_the_people_it_showed(team_member: Any) -> None:
    shown = [PersonFactory(last_name=f"Adamczyk{i}") for i in range(3)]
    response = client_for(team_member).get(reverse("contacts:person_list"))
    assert response.status_code == 200
    assert seen(team_member) == sorted((p.pk, "list") for p in shown)


def test_the_api_record_and_the_api_list_are_recorded(owes_partner: Any, manager: Any) -> None:
    person = PersonFactory()
    other = PersonFactory()
    assert api(manager).get(f"/api/v1/people/{person.pk}/").status_code == 200
    assert seen(manager) == [(person.pk, "api")]
    AccessLog.objects.all().delete()
    assert api(manager).get("/api/v1/people/?page_size=1").status_code == 200
    assert len(seen(manager)) == 1 and seen(manager)[0][1] == "api_list"
    AccessLog.objects.all().delete()
    api(manager).get("/api/v1/people/")
    assert seen(manager) == sorted([(person.pk, "api_list"), (other.pk, "api_list")])


def test_a_refused_record_is_not_recorded_as_seen(viewer: Any) -> None:
    person = PersonFactory()
    assert api(viewer).get(f"/api/v1/people/{person.pk}/").status_code in (403, 404)
    assert (
        client_for(viewer).get(reverse("contacts:person_detail", args=[person.pk])).status_code
        == 403
    )
    assert not AccessLog.objects.exists()


def test_the_art15_export_and_a_list_export_with_personal_columns_are_recorded(
    manager: Any,
) -> None:
    person = PersonFactory()
    organisation = OrganisationFactory()
    Affiliation.objects.create(person=person, organisation=organisation, role="prezes")
    client = client_for(manager)
    assert client.get(reverse("contacts:person_export", args=[person.pk])).status_code == 200
    assert api(manager).get(f"/api/v1/people/{person.pk}/export/").status_code == 200
    assert seen(manager) == [(person.pk, "art15"), (person.pk, "art15")]
    AccessLog.objects.all().delete()
    response = client.get(reverse("contacts:person_list_export") + "?format=csv")
    assert response.status_code == 200
    assert seen(manager) == [(person.pk, "export")]


def test_an_export_of_people_from_the_admin_is_recorded(manager: Any) -> None:
    from contacts.resources import PersonResource
    from crm import access
    from crm.exports.services import export_queryset

    person = PersonFactory()
    export_queryset(
        actor=manager,
        resource=PersonResource(),
        queryset=access.scope(Person.objects.all(), manager),
        fmt="csv",
    )
    assert seen(manager) == [(person.pk, "export")]


def test_a_list_export_without_personal_columns_records_nobody(viewer: Any) -> None:
    organisation = OrganisationFactory()
    Affiliation.objects.create(person=PersonFactory(), organisation=organisation)
    response = client_for(viewer).get(reverse("contacts:organisation_export") + "?format=csv")
    assert response.status_code == 200
    assert not AccessLog.objects.exists()


def test_managers_read_the_log_by_person_user_and_day_from_the_persons_page(
    manager: Any, team_member: Any, admin_user: Any
) -> None:
    person, other = PersonFactory(), PersonFactory()
    client_for(team_member).get(reverse("contacts:person_detail", args=[person.pk]))
    client_for(team_member).get(reverse("contacts:person_detail", args=[other.pk]))
    AccessLog.objects.create(
        user=admin_user, person_id=person.pk, what="page",
        at=timezone.now() - datetime.timedelta(days=40),
    )  # fmt: skip
    page = client_for(manager).get(reverse("contacts:person_detail", args=[person.pk]))
    link = reverse("audit:access_log") + f"?person={person.pk}"
    assert link in page.content.decode()
    listed = client_for(manager).get(link)
    assert listed.status_code == 200
    entries = list(listed.context["page_obj"])
    assert {e.person_id for e in entries} == {person.pk}
    assert {e.user for e in entries} == {team_member, admin_user, manager}
    by_user = client_for(manager).get(link + f"&user={team_member.pk}").context["page_obj"]
    assert [e.user for e in by_user] == [team_member]
    today = timezone.localdate().isoformat()
    recent = client_for(manager).get(link + f"&since={today}").context["page_obj"]
    assert admin_user not in {e.user for e in recent}


def test_only_managers_and_administrators_read_the_log(
    team_member: Any, owes_partner: Any, viewer: Any, admin_user: Any
) -> None:
    for user in (team_member, owes_partner, viewer):
        assert client_for(user).get(reverse("audit:access_log")).status_code == 403
    assert client_for(admin_user).get(reverse("audit:access_log")).status_code == 200
    person = PersonFactory()
    page = client_for(team_member).get(reverse("contacts:person_detail", args=[person.pk]))
    assert reverse("audit:access_log") not in page.content.decode()


def test_a_wrong_filter_is_shown_next_to_its_field_not_a_500(manager: Any) -> None:
    response = client_for(manager).get(
        reverse("audit:access_log") + "?person=abc&since=2026-05-02&until=2026-05-01"
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "person" in form.errors and "until" in form.errors


def test_the_log_outlives_an_anonymisation_and_names_nobody(manager: Any) -> None:
    person = PersonFactory(first_name="Zenobia", last_name="Wierzbicka", email="zw@example.pl")
    client_for(manager).get(reverse("contacts:person_detail", args=[person.pk]))
    person_anonymise(actor=manager, person=Person.objects.get(pk=person.pk))
    assert AccessLog.objects.filter(person_id=person.pk, what="page").exists()
    listed = client_for(manager).get(reverse("audit:access_log") + f"?person={person.pk}")
    assert "Wierzbicka" not in listed.content.decode()
