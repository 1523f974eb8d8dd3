"""Reads of the mailing pages: a mailing's outcome, the list with counts, preview records."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, Q, QuerySet

from contacts.models import Organisation, Person
from crm.access import scope
from crm.top.mailing.models import Mailing, Recipient, RecipientStatus, SkipReason

# Rows of each kind listed on a mailing's page.
LISTED = 500


def skip_counts(skipped: Counter[str]) -> list[tuple[str, int]]:
    """(label, count) of each reason a recipient was skipped, in the reasons' order."""
    return [(str(label), skipped[value]) for value, label in SkipReason.choices if skipped[value]]


def preview_records(user: Any, candidates: list[Any]) -> tuple[dict[int, Any], dict[int, Any]]:
    people = scope(Person.objects.all(), user).in_bulk(
        [c.person_id for c in candidates if c.person_id]
    )
    organisations = scope(Organisation.objects.all(), user).in_bulk(
        [c.organisation_id for c in candidates if c.organisation_id]
    )
    return people, organisations


def mailings_with_counts() -> QuerySet[Mailing]:
    status = RecipientStatus
    # Newest first, ordered explicitly: Meta.ordering does not reach an aggregating query.
    mailings = Mailing.objects.select_related("created_by").order_by("-created_at", "-pk")
    return mailings.annotate(
        sent=Count("recipients", filter=Q(recipients__status=status.SENT)),
        failed=Count("recipients", filter=Q(recipients__status=status.FAILED)),
        skipped=Count("recipients", filter=Q(recipients__status=status.SKIPPED)),
        waiting=Count(
            "recipients", filter=Q(recipients__status__in=[status.PENDING, status.SENDING])
        ),
    )


def mailing_outcome(*, user: Any, mailing: Mailing) -> dict[str, Any]:
    """What the mailing's page shows: counts by status and reason (numbers, read through the
    mailing: a restricted person skipped still counts), the failures and the skipped."""
    counts = mailings_with_counts().get(pk=mailing.pk)
    reasons = Counter(
        dict(
            Mailing.objects.filter(pk=mailing.pk, recipients__status=RecipientStatus.SKIPPED)
            .values("recipients__skip_reason")
            .annotate(n=Count("recipients"))
            .values_list("recipients__skip_reason", "n")
        )
    )
    listed = (
        scope(Recipient.objects.filter(mailing=mailing), user)
        .select_related("person", "organisation")
        .order_by("pk")
    )
    return {
        "sent": counts.sent,  # type: ignore[attr-defined]
        "failed": counts.failed,  # type: ignore[attr-defined]
        "skipped": counts.skipped,  # type: ignore[attr-defined]
        "waiting": counts.waiting,  # type: ignore[attr-defined]
        "skip_reasons": skip_counts(reasons),
        "failures": list(listed.filter(status=RecipientStatus.FAILED)[:LISTED]),
        "skipped_rows": list(listed.filter(status=RecipientStatus.SKIPPED)[:LISTED]),
        "sent_rows": list(listed.filter(status=RecipientStatus.SENT)[:LISTED]),
    }
