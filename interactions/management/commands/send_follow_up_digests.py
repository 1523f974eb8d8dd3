"""Send the daily follow-up digests, for installations that run cron instead of Celery beat."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count
from django.utils import timezone

from interactions.models import FollowUpDigest
from interactions.services.digests import follow_up_digests_dispatch


class Command(BaseCommand):
    help = (
        "Send today's follow-up digests (or those of --date). Safe to run more than once and "
        "next to Celery beat: every digest is claimed before it is sent, so none goes out twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            dest="day",
            help="The day (YYYY-MM-DD) whose digests to send; default: today in Europe/Warsaw.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["day"]:
            try:
                day = datetime.date.fromisoformat(options["day"])
            except ValueError as error:
                raise CommandError(f"--date must be YYYY-MM-DD, not {options['day']!r}") from error
        else:
            day = timezone.localdate()
        queued = follow_up_digests_dispatch(day=day)
        counts = dict(
            FollowUpDigest.objects.filter(date=day)
            .values_list("status")
            .annotate(n=Count("id"))
            .values_list("status", "n")
        )
        summary = ", ".join(f"{status}: {n}" for status, n in sorted(counts.items())) or "none"
        self.stdout.write(f"Digests for {day.isoformat()}: {len(queued)} queued; {summary}.")
