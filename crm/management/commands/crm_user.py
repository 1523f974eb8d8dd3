"""``manage.py crm_user USERNAME --role ROLE [--subregion SLUG ...] [--password-from-env VAR]``."""

from __future__ import annotations

import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation

from crm.audit.services import action_log_write
from crm.territory.models import Subregion
from crm.users import Role, User

ROLE_NAMES = [choice.value for choice in Role]


class Command(BaseCommand):
    help = "Create or update a user with a role (and, for OWES partners, their subregions)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=ROLE_NAMES)
        parser.add_argument(
            "--subregion",
            action="append",
            default=[],
            metavar="SLUG",
            help="bialostocki, bielski, lomzynski or suwalski (repeat for several).",
        )
        parser.add_argument(
            "--password-from-env",
            metavar="VAR",
            help="Take the password from this environment variable (never from the command line).",
        )
        parser.add_argument("--email", default=None)

    def handle(self, *args: object, **options: object) -> None:
        username = str(options["username"])
        role = str(options["role"])
        slugs = list(options["subregion"])  # type: ignore[call-overload]
        subregions = list(Subregion.objects.filter(slug__in=slugs))
        unknown = sorted(set(slugs) - {s.slug for s in subregions})
        if unknown:
            raise CommandError(f"Unknown subregion: {', '.join(unknown)}")
        if role == Role.OWES_PARTNER and not subregions:
            raise CommandError("An OWES partner needs at least one --subregion.")
        password = None
        if options["password_from_env"]:
            var = str(options["password_from_env"])
            password = os.environ.get(var)
            if not password:
                raise CommandError(f"The environment variable {var} is empty or not set.")
            # The same rules as a password set in the application (AUTH_PASSWORD_VALIDATORS).
            existing = User.objects.filter(username=username).first()
            candidate = existing or User(username=username, email=str(options["email"] or ""))
            try:
                with translation.override("en"):  # the command speaks English throughout
                    validate_password(password, user=candidate)
            except ValidationError as error:
                reasons = " ".join(error.messages)
                raise CommandError(
                    f"The password in {var} was refused, nothing was changed: {reasons}"
                ) from None
        with transaction.atomic():
            user, created = User.objects.get_or_create(username=username)
            user.role = role
            user.is_staff = role == Role.ADMIN
            user.is_superuser = role == Role.ADMIN
            if options["email"]:
                user.email = str(options["email"])
            if password:
                user.set_password(password)
            elif created:
                user.set_unusable_password()
            user.save()
            user.subregions.set(subregions)
            action_log_write(
                actor=None,
                verb="crm.user.created" if created else "crm.user.updated",
                obj=user,
                details={"role": role, "subregions": sorted(slugs)},
            )
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} {username} ({role}).")
