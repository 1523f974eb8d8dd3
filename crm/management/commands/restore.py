"""``manage.py restore DIR --yes [--database-url URL]``: a backup back into a database."""

from __future__ import annotations

from pathlib import Path

import environ
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from crm.backups.archive import BackupError, compare, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the configured database (or the one "
        "of --database-url) and the media storage, then compare the row counts of every table."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", metavar="DIR")
        parser.add_argument(
            "--database-url", metavar="URL",
            help="Restore into this database instead of DATABASE_URL (e.g. a new one to check).",
        )  # fmt: skip
        parser.add_argument(
            "--yes", action="store_true",
            help="Confirm: the target database's tables are replaced by the backup's.",
        )  # fmt: skip

    def handle(self, *args: object, **options: object) -> None:
        if not options["yes"]:
            raise CommandError("Restoring replaces the database: add --yes to go ahead.")
        source = Path(str(options["source"]))
        database = dict(connection.settings_dict)
        if options["database_url"]:
            database.update(environ.Env.db_url_config(str(options["database_url"])))
        else:
            connection.close()  # pg_restore replaces the tables this process has open
        try:
            restore(source, database=database)
            different = compare(source, database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if different:
            lines = "; ".join(f"{t}: {a} in the backup, {b} now" for t, (a, b) in different.items())
            raise CommandError(f"Restored, but the row counts differ: {lines}")
        self.stdout.write(f"Restored {source}: every table has the row count of the backup.")
