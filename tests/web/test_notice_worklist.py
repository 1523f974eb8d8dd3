"""The art. 14 worklist (issue 13): who is owed the notice, by when, the overdue first; the
one-click and bulk e-mail; what the person's page and the manager's dashboard show."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contacts.models import Affiliation, NoticeMethod, Person, PrivacyNotice, notice_due_from
from contacts.services import person_restrict
from crm.models import Gmina
from crm.top.notices.selectors import people_to_notify
from interactions.models import InteractionKind
from tests.contacts.factories import OrganisationFactory, PersonFactory
from tests.interactions.factories import InteractionFactory
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db

WORKLIST = "/osoby/do-poinformowania/"


def owed(last_name: str, *, days_ago: int = 0, email: str | None = "", **extra: Any) -> Person:
    """A person from an OWES's list recorded ``days_ago``, in bielski (Hajnówka)."""
    person = PersonFactory(
        last_name=last_name,
        data_origin=Person.DataOrigin.ELSEWHERE,
        **({"email": email} if email != "" else {}),
        **extra,
    )
    recorded = timezone.now() - datetime.timedelta(days=days_ago)
    Person.objects.filter(pk=person.pk).update(
        created_at=recorded, notice_due_on=notice_due_from(timezone.localdate(recorded))
    )
    Affiliation.objects.create(person=person, organisation=OrganisationFactory(), role="prezes")
    person.refresh_from_db()
    return person


def test_the_worklist_puts_the_overdue_first_with_their_deadline(manager: Any) -> None:
    fresh = owed("Nowak", days_ago=1)
    late = owed("Zaległa", days_ago=40)
    contacted = owed("Kontaktowa", days_ago=2)
    InteractionFactory(
        kind=InteractionKind.PHONE, occurred_at=timezone.now() - datetime.timedelta(days=1)
    ).people.add(contacted)
    PersonFactory(last_name="Odosobna")  # gave us the data herself: art. 13, not listed
    told = owed("Poinformowana", days_ago=50)
    Person.objects.filter(pk=told.pk).update(informed_at=timezone.now())

    rows = list(people_to_notify(manager))

    assert [p.last_name for p in rows] == ["Zaległa", "Kontaktowa", "Nowak"]
    assert [p.overdue for p in rows] == [True, True, False]
    assert rows[0].deadline == late.notice_due_on
    # Art. 14(3)(b): the first contact came before the month was up.
    assert rows[1].deadline == timezone.localdate() - datetime.timedelta(days=1)
    assert rows[2].deadline == fresh.notice_due_on
    page = client_for(manager).get(WORKLIST).content.decode()
    assert "3 osoby do poinformowania" in page and "2 po terminie" in page
    assert page.index("Zaległa") < page.index("Kontaktowa") < page.index("Nowak")
    assert late.notice_due_on.strftime("%d.%m.%Y") in page


def test_support_on_an_owes_list_is_not_a_first_contact(manager: Any) -> None:
    person = owed("Wspierana", days_ago=3)
    InteractionFactory(
        kind=InteractionKind.SUPPORT, occurred_at=timezone.now() - datetime.timedelta(days=2)
    ).people.add(person)

    row = people_to_notify(manager).get()

    assert not row.overdue and row.deadline == person.notice_due_on


def test_people_without_an_address_or_restricted_stay_listed_with_the_reason(
    manager: Any,
) -> None:
    owed("Bezadresowa", email=None)
    restricted = owed("Ograniczona")
    person_restrict(actor=manager, person=restricted, restricted=True, reason="Sprzeciw")

    page = client_for(manager).get(WORKLIST).content.decode()

    assert "Bezadresowa" in page and "brak adresu e-mail" in page
    assert "Ograniczona" in page and "przetwarzanie ograniczone (art. 18 RODO): bez e-maila" in page


def test_one_click_sends_the_notice_and_the_person_leaves_the_list(
    manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    person = owed("Klikowa", email="klikowa@example.pl")
    client = client_for(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("contacts:notice_email", args=[person.pk]), {"next": WORKLIST}
        )

    assert response.status_code == 302 and response["Location"] == WORKLIST
    assert [m.to for m in mail.outbox] == [["klikowa@example.pl"]]
    assert (
        "Wszystkie osoby, których dane pochodzą z innego źródła"
        in client.get(WORKLIST).content.decode()
    )
    detail = client.get(reverse("contacts:person_detail", args=[person.pk])).content.decode()
    assert "e-mailem" in detail and "Maria Kierownik" in detail


def test_bulk_send_mails_everyone_selected_with_an_address_and_says_who_not(
    manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    people = [owed(f"Zbiorcza{n}", email=f"zbiorcza{n}@example.pl") for n in range(3)]
    without = owed("Bezadresowa", email=None)
    client = client_for(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("notices:worklist_send"),
            {"person": [p.pk for p in people] + [without.pk]},
            follow=True,
        )

    assert sorted(m.to[0] for m in mail.outbox) == [p.email for p in people]
    page = response.content.decode()
    assert "Informacja jest wysyłana do 3 osób." in page
    assert "Nie wysłano (brak adresu e-mail): 1." in page
    assert "Bezadresowa" in page  # still on the list


def test_informed_another_way_from_the_form_is_shown_on_the_person_page(manager: Any) -> None:
    person = owed("Papierowa", email=None)
    client = client_for(manager)
    url = reverse("contacts:notice_record", args=[person.pk])

    refused = client.post(url, {"method": NoticeMethod.OTHER, "note": ""})
    saved = client.post(url, {"method": NoticeMethod.OTHER, "note": "Klauzula wręczona na targach"})

    assert refused.status_code == 200 and "To pole jest wymagane." in refused.content.decode()
    assert saved.status_code == 302
    detail = client.get(reverse("contacts:person_detail", args=[person.pk])).content.decode()
    assert "w inny sposób" in detail and "Klauzula wręczona na targach" in detail
    assert not people_to_notify(manager).exists()


def test_an_exempt_person_leaves_the_list_with_the_reason_kept(manager: Any) -> None:
    person = owed("Wyłączona", email=None)

    client_for(manager).post(
        reverse("contacts:notice_record", args=[person.pk]),
        {"method": "exempt", "exemption": "disproportionate", "note": "Klauzula na stronie"},
    )

    notice = PrivacyNotice.objects.get(person=person)
    assert notice.exemption == "disproportionate" and notice.recorded_by == manager
    assert not people_to_notify(manager).exists()


def test_an_owes_partner_sees_only_people_of_their_subregions_and_a_viewer_nothing(
    owes_partner: Any, team_member: Any, viewer: Any, subregion_b: Any
) -> None:
    owed("Bielska")  # Hajnówka, bielski: the partner's subregion
    other = owed("Suwalska")
    suwalski = OrganisationFactory(gmina=Gmina.objects.filter(subregion=subregion_b).first())
    Affiliation.objects.filter(person=other).update(organisation=suwalski)

    partner_page = client_for(owes_partner).get(WORKLIST).content.decode()

    assert "Bielska" in partner_page and "Suwalska" not in partner_page
    assert {p.last_name for p in people_to_notify(team_member)} == {"Bielska", "Suwalska"}
    assert client_for(viewer).get(WORKLIST).status_code == 403
    refused = client_for(owes_partner).post(reverse("contacts:notice_email", args=[other.pk]))
    assert refused.status_code == 403
    assert mail.outbox == []


def test_the_managers_dashboard_counts_the_people_to_inform_and_links_the_list(
    manager: Any, viewer: Any
) -> None:
    owed("Zaległa", days_ago=45)
    owed("Świeża")

    page = client_for(manager).get(reverse("home")).content.decode()

    assert f'href="{WORKLIST}">2 osoby do poinformowania</a>' in page
    assert f'href="{WORKLIST}?overdue=1"' in page and "1 po terminie" in page
    assert WORKLIST not in client_for(viewer).get(reverse("home")).content.decode()
