"""Art. 14 GDPR notices (issue 13): e-mailed from the Polish template by a worker, exactly
once, never to a restricted person, or recorded as given another way or not owed."""

from __future__ import annotations

import datetime
import json
import smtplib
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from contacts.models import (
    Affiliation,
    NoticeExemption,
    NoticeMethod,
    NoticeStatus,
    Person,
    PrivacyNotice,
    notice_due_from,
)
from contacts.services import person_restrict
from contacts.services.notices import (
    privacy_notice_email_queue,
    privacy_notice_email_send,
    privacy_notice_record,
)
from crm.audit.models import ActionLog
from crm.top.watchdog import stuck_work_requeue
from tests.contacts.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported() -> Person:
    """A contact person from an OWES's list, tied to a bielski organisation."""
    person = PersonFactory(
        first_name="Halina",
        last_name="Bielska",
        email="halina.bielska@example.pl",
        data_origin=Person.DataOrigin.ELSEWHERE,
        source="Import OWES Bielsk Podlaski (owes_bielski.csv)",
    )
    organisation = OrganisationFactory(name="Spółdzielnia Socjalna „Puszcza”")
    Affiliation.objects.create(person=person, organisation=organisation, role="prezes")
    return person


class Unreachable:
    """An e-mail backend whose server refuses every message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: list[Any]) -> int:
        raise smtplib.SMTPRecipientsRefused({"x@example.pl": (550, b"no such user")})


def test_the_month_of_art_14_ends_on_the_same_day_or_the_last_day_of_the_next_month() -> None:
    assert notice_due_from(datetime.date(2026, 1, 31)) == datetime.date(2026, 2, 28)
    assert notice_due_from(datetime.date(2026, 3, 15)) == datetime.date(2026, 4, 15)
    assert notice_due_from(datetime.date(2026, 12, 20)) == datetime.date(2027, 1, 20)


def test_a_person_from_another_source_gets_a_deadline_a_month_after_recording() -> None:
    person = PersonFactory(data_origin=Person.DataOrigin.ELSEWHERE)
    told = PersonFactory()

    assert person.notice_due_on == notice_due_from(timezone.localdate())
    assert told.notice_due_on is None


def test_informed_by_email_sends_the_polish_notice_and_records_who_and_when(
    manager: Any, imported: Person, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.PRIVACY_CONTROLLER_NAME = "Regionalny Ośrodek Polityki Społecznej w Białymstoku"
    settings.PRIVACY_CONTROLLER_ADDRESS = "ul. Testowa 1, 15-001 Białystok"
    with django_capture_on_commit_callbacks(execute=True):
        notice = privacy_notice_email_queue(actor=manager, person=imported)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["halina.bielska@example.pl"]
    assert message.subject == "Informacja o przetwarzaniu Pani/Pana danych osobowych (art. 14 RODO)"
    body = message.body
    for expected in (
        "Administrator danych: Regionalny Ośrodek Polityki Społecznej w Białymstoku, "
        "ul. Testowa 1, 15-001 Białystok",
        "Cele przetwarzania",
        "Podstawa prawna: zadanie publiczne",
        "Kategorie danych",
        "Spółdzielnia Socjalna „Puszcza”",  # the source: the organisation the data came with
        "Odbiorcy danych",
        "Okres przechowywania",
        "sprzeciwu",
        "Prezesa Urzędu Ochrony Danych Osobowych",
    ):
        assert expected in body, expected
    notice.refresh_from_db()
    imported.refresh_from_db()
    assert notice.status == NoticeStatus.DONE and notice.recorded_by == manager
    assert imported.informed_at == notice.informed_at is not None


def test_the_task_gets_the_notice_id_only(
    manager: Any, imported: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    from contacts.tasks import send_privacy_notice

    published: list[tuple[Any, ...]] = []
    monkeypatch.setattr(send_privacy_notice, "delay_on_commit", lambda *a: published.append(a))

    notice = privacy_notice_email_queue(actor=manager, person=imported)

    assert published == [(notice.pk,)]


def test_the_action_log_holds_no_name_and_no_address(
    manager: Any, imported: Person, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        privacy_notice_email_queue(actor=manager, person=imported)

    entries = ActionLog.objects.filter(verb__startswith="contacts.privacy_notice.")
    assert sorted(entries.values_list("verb", flat=True)) == [
        "contacts.privacy_notice.queued",
        "contacts.privacy_notice.sent",
    ]
    logged = json.dumps(list(entries.values("object_repr", "details")), ensure_ascii=False)
    assert "Bielska" not in logged and "halina" not in logged and "Halina" not in logged


def test_a_restricted_person_is_not_emailed(
    manager: Any, imported: Person, django_capture_on_commit_callbacks: Any
) -> None:
    person_restrict(actor=manager, person=imported, restricted=True, reason="Sprzeciw")
    with pytest.raises(ValidationError, match="ograniczone"):
        privacy_notice_email_queue(actor=manager, person=imported)

    assert mail.outbox == []


def test_a_person_restricted_after_the_click_gets_nothing(
    manager: Any, imported: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    from contacts.tasks import send_privacy_notice

    monkeypatch.setattr(send_privacy_notice, "delay_on_commit", lambda *a: None)
    notice = privacy_notice_email_queue(actor=manager, person=imported)
    person_restrict(actor=manager, person=imported, restricted=True, reason="Sprzeciw")

    assert privacy_notice_email_send(notice_id=notice.pk) == NoticeStatus.FAILED
    assert mail.outbox == []
    imported.refresh_from_db()
    assert imported.informed_at is None


def test_no_address_no_email(manager: Any) -> None:
    person = PersonFactory(email=None, data_origin=Person.DataOrigin.ELSEWHERE)

    with pytest.raises(ValidationError, match="brak adresu e-mail"):
        privacy_notice_email_queue(actor=manager, person=person)


def test_a_second_click_or_a_doubled_task_sends_once(
    manager: Any, imported: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    from contacts.tasks import send_privacy_notice

    monkeypatch.setattr(send_privacy_notice, "delay_on_commit", lambda *a: None)
    notice = privacy_notice_email_queue(actor=manager, person=imported)
    with pytest.raises(ValidationError, match="już wysyłany"):
        privacy_notice_email_queue(actor=manager, person=imported)

    assert privacy_notice_email_send(notice_id=notice.pk) == NoticeStatus.DONE
    assert privacy_notice_email_send(notice_id=notice.pk) == ""
    assert len(mail.outbox) == 1


def test_an_unreachable_mailbox_is_recorded_not_delivered_and_the_person_stays_owed(
    manager: Any, imported: Person, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.Unreachable"
    with django_capture_on_commit_callbacks(execute=True):
        notice = privacy_notice_email_queue(actor=manager, person=imported)

    notice.refresh_from_db()
    imported.refresh_from_db()
    assert notice.status == NoticeStatus.FAILED
    assert notice.error == "SMTPRecipientsRefused"  # never the refused address
    assert notice.attempts == 6  # the first try and five retries
    assert imported.informed_at is None


def test_the_watchdog_sends_a_notice_whose_message_was_lost(
    manager: Any,
    imported: Person,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from contacts.tasks import send_privacy_notice

    with monkeypatch.context() as patched:
        patched.setattr(send_privacy_notice, "delay_on_commit", lambda *a: None)  # lost
        notice = privacy_notice_email_queue(actor=manager, person=imported)
    later = timezone.now() + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        done = stuck_work_requeue(now=later)

    assert done["privacy_notices"] == {"requeued": 1}
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.DONE and len(mail.outbox) == 1


def test_informed_another_way_needs_how_and_keeps_the_day(manager: Any, imported: Person) -> None:
    with pytest.raises(ValidationError) as refused:
        privacy_notice_record(actor=manager, person=imported, method=NoticeMethod.OTHER, note=" ")
    assert "note" in refused.value.message_dict

    day = timezone.localdate() - datetime.timedelta(days=3)
    privacy_notice_record(
        actor=manager,
        person=imported,
        method=NoticeMethod.OTHER,
        informed_on=day,
        note="Klauzula wręczona na spotkaniu sieci",
    )

    imported.refresh_from_db()
    assert timezone.localdate(imported.informed_at) == day
    with pytest.raises(ValidationError, match="już poinformowano"):
        privacy_notice_email_queue(actor=manager, person=imported)


def test_an_exemption_needs_its_art_14_5_case_and_reason(manager: Any, imported: Person) -> None:
    with pytest.raises(ValidationError) as refused:
        privacy_notice_record(
            actor=manager, person=imported, method=NoticeMethod.EXEMPT, note="Brak danych"
        )
    assert "exemption" in refused.value.message_dict

    notice = privacy_notice_record(
        actor=manager,
        person=imported,
        method=NoticeMethod.EXEMPT,
        exemption=NoticeExemption.DISPROPORTIONATE,
        note="Brak adresu; klauzula opublikowana na stronie ROPS",
    )

    assert notice.status == NoticeStatus.DONE and notice.recorded_by == manager
    assert PrivacyNotice.objects.filter(person=imported, method=NoticeMethod.EXEMPT).exists()


def test_an_owes_partner_informs_only_people_of_their_subregions(
    owes_partner: Any, subregion_b: Any
) -> None:
    from crm.models import Gmina

    elsewhere = PersonFactory(data_origin=Person.DataOrigin.ELSEWHERE)
    suwalki = OrganisationFactory(gmina=Gmina.objects.filter(subregion=subregion_b).first())
    Affiliation.objects.create(person=elsewhere, organisation=suwalki)

    with pytest.raises(PermissionDenied):
        privacy_notice_email_queue(actor=owes_partner, person=elsewhere)


def test_a_viewer_informs_nobody(viewer: Any, imported: Person) -> None:
    with pytest.raises(PermissionDenied):
        privacy_notice_record(
            actor=viewer, person=imported, method=NoticeMethod.OTHER, note="Telefonicznie"
        )
