"""``manage.py check_data``: stored records that break a rule of the Act or of the model.

Exit status 0 when nothing breaks a rule, 1 when something does (so cron or CI can tell);
each broken rule is printed with how many records break it and the first of them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from contacts.services.data_check import data_check


class Command(BaseCommand):
    help = "List stored records that break a rule (PS statuses, operated units, OWES, ties)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--examples", type=int, default=10, help="How many records to name per rule."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            findings = data_check(examples=options["examples"])
            if not findings:
                self.stdout.write(self.style.SUCCESS(_("No record breaks a rule.")))
                return
            for finding in findings:
                self.stdout.write(
                    self.style.ERROR(f"{finding.rule.text} [{finding.rule.code}]: {finding.count}")
                )
                for row in finding.examples:
                    self.stdout.write(f"  {row._meta.verbose_name} #{row.pk}: {row}")
            total = sum(f.count for f in findings)
            self.stderr.write(_("%(total)d records break a rule.") % {"total": total})
        raise SystemExit(1)
