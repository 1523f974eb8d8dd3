"""``manage.py seed_demo [--size small|large] [--seed N] [--if-empty]``: the demo data.

Deterministic for a given seed; running it again adds nothing. Each app's part lives in
``crm/top/demo/<part>.py`` and exposes ``seed(ctx)``; they run in the order of ``PARTS``.
"""

from __future__ import annotations

import importlib
import random

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from crm.access import unscoped
from crm.top.demo.context import DemoContext
from crm.top.demo.system_user import demo_system_user

# Later parts read what earlier ones made; a part that is not written yet is skipped.
PARTS = ["contacts", "networks", "interactions", "monitoring"]


class Command(BaseCommand):
    help = "Fill the database with deterministic, realistic demo data (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", choices=["small", "large"], default="small")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when demo data is already there (used by `make run`).",
        )

    @unscoped("the demo seeding reads and writes every row")
    def handle(self, *args: object, **options: object) -> None:
        from contacts.models import Organisation

        if options["if_empty"] and Organisation.objects.exists():
            self.stdout.write("Demo data already loaded.")
            return
        size = str(options["size"])
        seed = int(str(options["seed"]))
        today = timezone.localdate()
        _allow_long_sqlite_inserts()
        for part in PARTS:
            try:
                module = importlib.import_module(f"crm.top.demo.{part}")
            except ModuleNotFoundError as error:
                if error.name == f"crm.top.demo.{part}":
                    continue
                raise
            with transaction.atomic():
                ctx = DemoContext(
                    rng=random.Random(f"{seed}-{part}"),
                    size=size,
                    actor=demo_system_user(),
                    today=today,
                    stdout=self.stdout,
                )
                module.seed(ctx)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({size}, seed {seed})."))


def _allow_long_sqlite_inserts() -> None:
    """Django assumes SQLite's old limit of 999 parameters a statement, so a bulk insert of a
    30-column row goes 33 rows at a time; SQLite 3.32+ allows 32,766, which makes the large
    demo several times faster."""
    import sqlite3

    from django.db import connection

    if connection.vendor == "sqlite" and sqlite3.sqlite_version_info >= (3, 32):
        connection.features.max_query_params = 32_766
