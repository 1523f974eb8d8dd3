"""``manage.py load_terc FILE``: load or update territorial units from a GUS TERC file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from crm.audit.services import action_log_write
from crm.territory.loading import TercFormatError, apply_units, parse_terc_file
from crm.territory.models import Gmina, Powiat


class Command(BaseCommand):
    help = "Load or update powiats and gminas from an official GUS TERC file (CSV or XML)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: object, **options: object) -> None:
        path = options["file"]
        assert isinstance(path, Path)
        try:
            units = parse_terc_file(path.read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        except (TercFormatError, UnicodeDecodeError) as error:
            raise CommandError(str(error)) from error
        with transaction.atomic():
            result = apply_units(units, powiat_model=Powiat, gmina_model=Gmina)
            action_log_write(
                actor=None,
                verb="crm.territory.loaded",
                details={
                    "file": path.name,
                    "state_on": units.state_on.isoformat(),
                    "created": result.created,
                    "updated": result.updated,
                    "closed": result.closed,
                },
            )
        self.stdout.write(f"TERC {units.state_on}: {result}")
