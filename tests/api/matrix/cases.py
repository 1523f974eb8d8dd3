"""The vocabulary of the permission matrix: policies, roles, and how a case builds its request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.world import World
from tests.imports.conftest import SAMPLE_CSV

PUBLIC = "public"  # the schema and its docs: anyone
READ = "read"  # any signed-in role
READ_PERSONAL = "read_personal"  # any role that may see personal data (not viewers)
WRITE = "write"  # editors; OWES partners only on their own subregion (A, not B)
WRITE_ANY = "write_any"  # editors and OWES partners, no subregion involved
MONITORING_EDIT = "monitoring_edit"  # managers and administrators
DELETE = "delete"  # managers and administrators (``ok``: 204, or 409 for a linked object)
IMPORTS = "imports"  # holders of imports.run: administrators, managers, team members, partners
# A batch of subregion A or B: holders of imports.run; an OWES partner (of A) sees only batches
# limited to their own subregions (B's is not there for them: 404).
IMPORTS_OWN = "imports_own"
IMPORTS_REVERT = "imports_revert"  # holders of imports.revert: managers and administrators
IMPORTS_RESUME = "imports_resume"  # holders of imports.resume: managers and administrators
# The art. 15 export: managers and administrators; OWES partners only for people of their own
# subregion (A, not B); team members and viewers never.
PERSONAL_EXPORT = "personal_export"
# Naming another subregion's organisation or person on a new record (issue 13): editors may,
# an OWES partner may not (it would bring the other subregion's records into their reach).
CROSS_LINK = "cross_link"
# Naming a person nothing ties to anyone yet: every role that writes may.
NEW_PERSON_LINK = "new_person_link"

# Every signed-in role, on what is their own (saved views): another's is not there for them.
OWN = "own"

ROLES = ["anonymous", "viewer", "team_member", "owes_partner", "manager", "admin_user"]

Build = Callable[[World, str], tuple[str, dict[str, Any] | None]]


@dataclass(frozen=True)
class Case:
    policy: str
    build: Build
    sided: bool = True  # run on an object of A and of B
    ok: int | None = None  # the success status when not the method's usual one
    multipart: bool = False  # the payload is a form with a file, not JSON


def fixed(url: str, payload: dict[str, Any] | None = None) -> Build:
    return lambda world, side: (url, payload)


def v1(path: str) -> str:
    return f"/api/v1/{path}"


def unsided(policy: str, build: Build, ok: int | None = None) -> Case:
    return Case(policy, build, sided=False, ok=ok)


def sample_upload(world: World, side: str) -> tuple[str, dict[str, Any] | None]:
    """A fresh upload of the sample partner file (a file object is read once)."""
    upload = SimpleUploadedFile(SAMPLE_CSV.name, SAMPLE_CSV.read_bytes(), content_type="text/csv")
    return v1("imports/"), {"source": "OWES Bielski", "file": upload}


def deleting(path: Callable[[World, str], str], ok: int = 204) -> Case:
    """DELETE of one of the world's objects on each side (``path`` → the part after /api/v1/)."""
    return Case(DELETE, lambda w, s: (v1(path(w, s)), None), ok=ok)
