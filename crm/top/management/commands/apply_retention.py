"""``manage.py apply_retention [--dry-run]``: apply the retention rules now (what the nightly
task does), or only count what each would remove. Counts only, never a name."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from crm.top.retention.rules import RULES, SKIPPED
from crm.top.retention.services import retention_apply


class Command(BaseCommand):
    help = "Apply the retention rules (README, Dane osobowe); --dry-run only counts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would go; change nothing."
        )

    def handle(self, *args: object, **options: object) -> None:
        dry_run = bool(options["dry_run"])
        results = retention_apply(dry_run=dry_run)
        verb = "would go" if dry_run else "removed"
        with translation.override("en"):
            for rule in RULES:
                result = results[rule.name]
                self.stdout.write(
                    f"{rule.name}: {result.removed} {verb} "
                    f"(older than {rule.period_text()}; {rule.setting})"
                )
                for reason, count in result.skipped.items():
                    self.stdout.write(f"  {count} {SKIPPED.get(reason, reason)}")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
