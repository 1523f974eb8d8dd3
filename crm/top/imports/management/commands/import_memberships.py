"""Import a list of a network's members from the command line: check every row, then write."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from crm.access import unscoped
from crm.management.actors import command_actor
from crm.top.imports.memberships import ERROR, membership_import
from crm.top.imports.pipeline.checks import FileRejected
from networks.models import Network


class Command(BaseCommand):
    help = (
        "Import a network's members from a CSV or XLSX file (NIP / REGON / KRS, joining day, "
        "role). Nothing is written unless every row is valid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--network", required=True, help="The network's name.")
        parser.add_argument("--dry-run", action="store_true", help="Check only, write nothing.")
        parser.add_argument("--sheet", default="", help="The sheet of a workbook to read.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument("--user", default="", help="Who imports (default: a superuser).")

    @unscoped("a steward's file is checked against every membership of the network")
    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        network = Network.objects.filter(name=options["network"]).first()
        if network is None:
            raise CommandError(f"No network named {options['network']!r}")
        try:
            result = membership_import(
                actor=command_actor(options["user"]),
                network=network,
                data=path.read_bytes(),
                dry_run=options["dry_run"],
                sheet=options["sheet"],
            )
        except FileRejected as error:
            raise CommandError(str(error)) from error
        summary = {"network": network.pk, **result.counts}
        errors: list[dict[str, Any]] = [
            {"row": row.row_number, "errors": row.errors}
            for row in result.rows
            if row.outcome == ERROR
        ]
        if options["json"]:
            self.stdout.write(json.dumps({**summary, "row_errors": errors}, ensure_ascii=False))
        else:
            self.stdout.write(
                " ".join(f"{k}={v}" for k, v in summary.items())
                + (" (dry run)" if options["dry_run"] else "")
            )
            for bad in errors:
                self.stdout.write(f"row {bad['row']}: " + "; ".join(bad["errors"]))
