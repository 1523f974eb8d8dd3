"""Import a partner's list of organisations from the command line, the whole pipeline at once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from crm.management.actors import command_actor
from crm.top.imports.models import ImportBatch
from crm.top.imports.pipeline.checks import FileRejected
from crm.top.imports.pipeline.reports import rows_not_imported
from crm.top.imports.services import import_batch_run


class Command(BaseCommand):
    help = "Import organisations from a partner's CSV or XLSX file (check, plan, apply)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--source", required=True, help="Which partner sent the file.")
        parser.add_argument("--dry-run", action="store_true", help="Plan only, write nothing.")
        parser.add_argument("--sheet", default="", help="The sheet of a workbook to read.")
        parser.add_argument("--report", default="", help="Write the rows not imported here.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument("--user", default="", help="Who imports (default: a superuser).")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        actor = command_actor(options["user"])
        try:
            batch = import_batch_run(
                actor=actor,
                source=options["source"],
                name=path.name,
                data=path.read_bytes(),
                sheet=options["sheet"],
                dry_run=options["dry_run"],
            )
        except FileRejected as error:
            raise CommandError(str(error)) from error
        if options["report"]:
            report = Path(options["report"])
            fmt = "xlsx" if report.suffix.lower() == ".xlsx" else "csv"
            report.write_bytes(rows_not_imported(batch, fmt))
        summary = self._summary(batch)
        if options["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(
                " ".join(f"{k}={v}" for k, v in summary.items())
                + (" (dry run)" if options["dry_run"] else "")
            )

    @staticmethod
    def _summary(batch: ImportBatch) -> dict[str, int]:
        counts = batch.counts
        return {
            "batch": batch.pk,
            "rows": counts.get("rows", 0),
            "created": counts.get("create", 0),
            "updated": counts.get("update", 0),
            "unchanged": counts.get("unchanged", 0),
            "merged": counts.get("merged", 0),
            "ignored": counts.get("ignored", 0),
            "errors": counts.get("error", 0),
            "warnings": counts.get("warnings", 0),
        }
