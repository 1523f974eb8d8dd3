"""``manage.py backup [--output DIR]``: database, uploaded files and environment names."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from crm.backups.archive import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump -Fc), the uploaded files and the environment's names."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", metavar="DIR",
            help="An empty or new folder (default: var/backups/<date-time>).",
        )  # fmt: skip

    def handle(self, *args: object, **options: object) -> None:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        target = Path(str(options["output"] or settings.VAR_DIR / "backups" / stamp))
        try:
            manifest = backup(target)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Backed up {len(manifest['tables'])} tables ({rows} rows) and "
            f"{manifest['media_files']} files to {target}."
        )
