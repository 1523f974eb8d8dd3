"""``manage.py monitoring_enterprise_years --check | --rebuild``: whether the table of social
enterprises by year (``EnterpriseYear``, kept by triggers) equals a count from the statuses and
employment records, and counting it again from them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from crm.top.monitoring import enterprise_years


class Command(BaseCommand):
    help = "Compare the social enterprises by year with the records, or count them again."

    def add_arguments(self, parser: CommandParser) -> None:
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--check", action="store_true")
        action.add_argument("--rebuild", action="store_true")

    def handle(self, *args: object, **options: Any) -> None:
        if options["rebuild"]:
            enterprise_years.rebuild()
            self.stdout.write("counted again from the records")
            return
        kept, counted = enterprise_years.kept(), enterprise_years.counted()
        if kept == counted:
            self.stdout.write(f"in step: {len(kept)} rows")
            return
        self.stderr.write(
            f"out of step: {len(kept - counted)} rows not in the records, "
            f"{len(counted - kept)} missing (organisations "
            f"{sorted({row[0] for row in kept ^ counted})[:20]})"
        )
        raise SystemExit(1)
