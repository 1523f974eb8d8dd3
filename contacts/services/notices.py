"""Art. 14 GDPR notices: e-mailed from the Polish template by a worker, or recorded by hand.

Exactly once, as the follow-up digests do it: an e-mail is a ``PrivacyNotice`` row that one
conditional UPDATE moves from ``queued`` to ``sending``; whoever changes exactly one row sends,
a retried or doubled task finds nothing to claim. A delivery error puts the row back to
``queued`` (the task retries with backoff, then records it failed). A claim older than
``CLAIM_TIMEOUT`` counts as abandoned (the worker was killed) and the watchdog publishes it
again; the same trade-off as the digests: a worker dying between the SMTP server's acceptance
and the UPDATE to ``done`` sends the notice twice, which is better than never sending it.

The task gets the notice's id only; the address is read from the person when the e-mail is
written, and a person restricted (art. 18), anonymised or informed meanwhile gets nothing.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from contacts.models import NoticeMethod, NoticeStatus, Person, PrivacyNotice
from crm import access
from crm.access import Action
from crm.audit.services import action_log_write, with_history_user
from crm.mail import DELIVERY_ERRORS, describe_error

logger = logging.getLogger(__name__)

CLAIM_TIMEOUT = datetime.timedelta(minutes=15)
# The notice speaks to people in Podlasie, in Polish, whatever the sender's language.
NOTICE_LANGUAGE = "pl"


def email_obstacle(person: Person) -> str:
    """Why ``person`` cannot get the notice by e-mail now (translated), or ``""``."""
    if person.anonymised_at is not None:
        return _("anonymised")
    if person.restricted:
        return _("processing restricted (art. 18 GDPR): not e-mailed")
    if person.informed_at is not None:
        return _("already informed")
    if not person.email:
        return _("no e-mail address")
    return ""


def _require_may_notify(actor: Any, person: Person) -> None:
    access.require_capability(actor, "privacy_notices.record")
    access.require(actor, Action.CHANGE, person)


@transaction.atomic
def privacy_notice_email_queue(*, actor: Any, person: Person) -> PrivacyNotice:
    """ "Poinformowano e-mailem": queue the notice; a worker sends it after this commits.

    Raises: ValidationError (no address, restricted, anonymised, informed or already being
    sent), PermissionDenied.
    """
    _require_may_notify(actor, person)
    obstacle = email_obstacle(person)
    if obstacle:
        raise ValidationError(obstacle, code="not_emailable")
    try:
        with transaction.atomic():
            notice = PrivacyNotice.objects.create(
                person=person,
                method=NoticeMethod.EMAIL,
                status=NoticeStatus.QUEUED,
                recorded_by=actor,
            )
    except IntegrityError as error:
        raise ValidationError(_("the e-mail is already being sent"), code="in_flight") from error
    action_log_write(
        actor=actor,
        verb="contacts.privacy_notice.queued",
        obj=person,
        details={"notice": notice.pk},
    )
    # Imported here: the tasks module stands on this one.
    from contacts.tasks import send_privacy_notice

    send_privacy_notice.delay_on_commit(notice.pk)
    return notice


def privacy_notices_email_queue(
    *, actor: Any, people: Iterable[Person]
) -> tuple[int, Counter[str]]:
    """The bulk "send to all selected with an e-mail address": how many were queued, and how
    many were left out for each reason (no address, restricted, out of reach, ...)."""
    queued, skipped = 0, Counter[str]()
    for person in people:
        try:
            privacy_notice_email_queue(actor=actor, person=person)
        except ValidationError as error:
            skipped[error.messages[0]] += 1
        except PermissionDenied:
            skipped[_("outside your subregions")] += 1
        else:
            queued += 1
    return queued, skipped


def _message(notice: PrivacyNotice) -> EmailMessage:
    person = notice.person
    with access.unscoped("the notice names every organisation the data came with"):
        organisations = sorted(
            {a.organisation.name for a in person.affiliations.select_related("organisation")}
        )
    with translation.override(NOTICE_LANGUAGE):
        context = {
            "person": person,
            "organisations": organisations,
            "legal_basis": person.get_legal_basis_display(),
            "controller": settings.PRIVACY_CONTROLLER_NAME,
            "controller_address": settings.PRIVACY_CONTROLLER_ADDRESS,
            "dpo_email": settings.PRIVACY_DPO_EMAIL,
        }
        subject = gettext("Information on the processing of your personal data (art. 14 GDPR)")
        text = render_to_string("contacts/email/privacy_notice.txt", context)
    return EmailMessage(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[str(person.email)],
        headers={"Content-Language": NOTICE_LANGUAGE},
    )


def _claimable(now: datetime.datetime) -> Q:
    return Q(status=NoticeStatus.QUEUED) | Q(
        status=NoticeStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT
    )


@access.unscoped("a worker sends the notice a colleague queued, whoever may see the person")
def privacy_notice_email_send(*, notice_id: int) -> str:
    """Claim the notice and e-mail it; returns the status it reached (``""``: nothing to claim).

    Raises: SMTPException, OSError — the claim is released to ``queued`` first.
    """
    now = timezone.now()
    claimed = (
        PrivacyNotice.objects.filter(pk=notice_id, method=NoticeMethod.EMAIL)
        .filter(_claimable(now))
        .update(
            status=NoticeStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now
        )
    )
    if claimed != 1:
        return ""
    notice = PrivacyNotice.objects.select_related("person", "recorded_by").get(pk=notice_id)
    mine = PrivacyNotice.objects.filter(pk=notice_id, status=NoticeStatus.SENDING, claimed_at=now)
    obstacle = email_obstacle(notice.person)
    if obstacle:
        # Restricted, anonymised, informed another way or the address removed meanwhile.
        mine.update(status=NoticeStatus.FAILED, error=obstacle[:100], updated_at=timezone.now())
        return NoticeStatus.FAILED
    try:
        _message(notice).send()
    except DELIVERY_ERRORS as error:
        mine.update(
            status=NoticeStatus.QUEUED, error=describe_error(error), updated_at=timezone.now()
        )
        logger.warning("art. 14 notice %s not sent: %s", notice_id, describe_error(error))
        raise
    sent_at = timezone.now()
    with transaction.atomic():
        mine.update(status=NoticeStatus.DONE, informed_at=sent_at, error="", updated_at=sent_at)
        person = notice.person
        person.informed_at = sent_at
        with_history_user(person, notice.recorded_by, "art. 14 notice e-mailed")
        person.save(update_fields=["informed_at", "updated_at"])
        action_log_write(
            actor=notice.recorded_by,
            verb="contacts.privacy_notice.sent",
            obj=person,
            details={"notice": notice_id},
        )
    return NoticeStatus.DONE


@access.unscoped("the worker records the end of a notice a colleague queued")
def privacy_notice_email_fail(*, notice_id: int, error: str) -> bool:
    """Record that the e-mail finally could not be delivered; the person stays on the list."""
    updated = PrivacyNotice.objects.filter(pk=notice_id, status=NoticeStatus.QUEUED).update(
        status=NoticeStatus.FAILED, error=error[:100], updated_at=timezone.now()
    )
    if updated:
        logger.error("art. 14 notice %s failed: %s", notice_id, error)
        action_log_write(
            actor=None, verb="contacts.privacy_notice.failed", details={"notice": notice_id}
        )
    return updated == 1


@access.unscoped("the notice's constraints are checked against all of the person's notices")
@transaction.atomic
def privacy_notice_record(
    *,
    actor: Any,
    person: Person,
    method: str,
    note: str,
    informed_on: datetime.date | None = None,
    exemption: str = "",
) -> PrivacyNotice:
    """ "Informed another way" (with how, and when) or "exempt" (with the art. 14(5) reason).

    Raises: ValidationError (no note, no reason, a date in the future, anonymised or already
    informed), PermissionDenied.
    """
    _require_may_notify(actor, person)
    if method not in (NoticeMethod.OTHER, NoticeMethod.EXEMPT):
        raise ValidationError({"method": _("Choose how the duty was met.")})
    if person.anonymised_at is not None:
        raise ValidationError(_("This person is anonymised."), code="anonymised")
    if person.informed_at is not None:
        raise ValidationError(
            _("This person was already informed on %(date)s.")
            % {"date": timezone.localtime(person.informed_at).strftime("%d.%m.%Y")},
            code="informed",
        )
    now = timezone.now()
    today = timezone.localdate(now)
    if informed_on and informed_on > today:
        raise ValidationError({"informed_on": _("The date cannot be in the future.")})
    at = now
    if method == NoticeMethod.OTHER and informed_on and informed_on < today:
        at = timezone.make_aware(datetime.datetime.combine(informed_on, datetime.time(12)))
    notice = PrivacyNotice(
        person=person,
        method=method,
        status=NoticeStatus.DONE,
        informed_at=at,
        recorded_by=actor,
        exemption=exemption if method == NoticeMethod.EXEMPT else "",
        note=note.strip(),
    )
    errors: dict[str, str] = {}
    if not notice.note:
        errors["note"] = (
            _("Say how the person was informed.")
            if method == NoticeMethod.OTHER
            else _("Say why the exemption applies (art. 14(5) GDPR).")
        )
    if method == NoticeMethod.EXEMPT and not notice.exemption:
        errors["exemption"] = _("Choose the case of art. 14(5) GDPR that applies.")
    if errors:
        raise ValidationError(errors)
    notice.full_clean()
    notice.save()
    if method == NoticeMethod.OTHER:
        person.informed_at = at
        with_history_user(person, actor, "art. 14 notice given another way")
        person.save(update_fields=["informed_at", "updated_at"])
    action_log_write(
        actor=actor,
        verb="contacts.privacy_notice.recorded",
        obj=person,
        details={"notice": notice.pk, "method": method, "exemption": notice.exemption},
    )
    return notice


# A notice claimed this many times without going out (a worker killed each time) is given up:
# the person stays on the worklist with "not delivered" and can be sent again.
GIVE_UP_ATTEMPTS = 5


@access.unscoped("the watchdog looks at every notice whose e-mail may have been lost")
def privacy_notices_requeue_stale(
    *, now: datetime.datetime, stale: datetime.timedelta
) -> list[int]:
    """Notices waiting with no sign of life for ``stale`` (their message lost, the broker
    down) or abandoned while sending (the worker killed): their ids, to be published again.
    The send claims the notice first, so one that only was slow is not doubled."""
    lost = PrivacyNotice.objects.filter(
        Q(status=NoticeStatus.QUEUED, updated_at__lt=now - stale)
        | Q(status=NoticeStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
    )
    lost.filter(attempts__gte=GIVE_UP_ATTEMPTS).update(
        status=NoticeStatus.FAILED, error="gave up", updated_at=now
    )
    ids = list(lost.order_by("pk").values_list("pk", flat=True))
    # Touched, so that the next round waits another ``stale`` for this message.
    PrivacyNotice.objects.filter(pk__in=ids, status=NoticeStatus.QUEUED).update(updated_at=now)
    return ids
