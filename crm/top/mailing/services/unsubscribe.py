"""The unsubscribe link: a signed token naming one recipient row, no sign-in.

The token holds the row's id only and is signed with the secret key (a salt of its own), so it
cannot be guessed or changed to another row, and it names nobody. Following the link shows a
page with one button (link checkers and mail scanners open links, they do not submit forms);
the button, or a mail client's one-click unsubscribe (RFC 8058), records the refusal.
"""

from __future__ import annotations

from django.core import signing
from django.db import transaction

from contacts.services.email_refusals import person_email_refuse
from crm.access import unscoped
from crm.audit.services import action_log_write
from crm.top.mailing.models import OrganisationOptOut, Recipient

SALT = "mailing.unsubscribe"


def unsubscribe_token(recipient_id: int) -> str:
    return signing.dumps(recipient_id, salt=SALT)


def recipient_of(token: str) -> Recipient | None:
    """The recipient the token was made for, or None for a token that is not ours."""
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    with unscoped("the unsubscribe link is followed without signing in"):
        return Recipient.objects.select_related("person", "organisation").filter(pk=pk).first()


@transaction.atomic
def recipient_unsubscribe(*, recipient: Recipient) -> None:
    """Record that the recipient wants no more e-mail: a person's refusal in their consents,
    an organisation's address on the opt-out list. Twice is the same as once."""
    if recipient.person_id is not None:
        person_email_refuse(person=recipient.person, via="unsubscribe_link")  # type: ignore[arg-type]
        return
    with unscoped("the unsubscribe link is followed without signing in"):
        _, created = OrganisationOptOut.objects.get_or_create(
            organisation_id=recipient.organisation_id, defaults={"recipient": recipient}
        )
    if created:
        action_log_write(
            actor=None,
            verb="mailing.organisation.email_refused",
            obj=recipient.organisation,
            details={"mailing": recipient.mailing_id, "via": "unsubscribe_link"},
        )
