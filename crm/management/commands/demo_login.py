"""``manage.py demo_login``: the demo manager login for `make run`, printed every time.

The password is generated on the first run (never a fixed one) and kept in ``var/`` so the
same login keeps working; delete that file to get a new password.
"""

from __future__ import annotations

import os
import secrets
from argparse import ArgumentParser

from django.conf import settings
from django.core.management.base import BaseCommand

from crm.users import Role, User

USERNAME = "demo"


class Command(BaseCommand):
    help = "Create the demo login (a manager) if needed and print its username and password."

    def add_arguments(self, parser: ArgumentParser) -> None:
        # `make run HOST=… PORT=…` passes its own values: the printed address must be the one
        # runserver listens on, or the first thing a newcomer opens is a dead link.
        parser.add_argument("--host", default=os.environ.get("HOST") or "127.0.0.1")
        parser.add_argument("--port", default=os.environ.get("PORT") or "8000")

    def handle(self, *args: object, **options: object) -> None:
        path = settings.VAR_DIR / "demo-login.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        user = User.objects.filter(username=USERNAME).first()
        password = path.read_text(encoding="utf-8").strip() if path.exists() else ""
        if user is None or not password or not user.check_password(password):
            password = secrets.token_urlsafe(12)
            user = user or User(username=USERNAME, first_name="Demo", last_name="Kierownik")
            user.role = Role.MANAGER
            user.set_password(password)
            user.save()
            path.write_text(password + "\n", encoding="utf-8")
            path.chmod(0o600)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Sieć is starting on http://{options['host']}:{options['port']}")
        )
        self.stdout.write(f"  login:    {USERNAME}")
        self.stdout.write(f"  password: {password}")
        self.stdout.write("")
