"""What a backup folder holds, and how it is written and read back.

``database.dump`` (``pg_dump -Fc``: compressed, restorable table by table) or
``database.sqlite3`` (SQLite's online backup), ``media.tar.gz`` (every file of the default
storage), ``environment.txt`` (the names of the variables the settings read and whether each
was set — never a value: the secrets are kept elsewhere) and ``manifest.json`` (when, which
database, the row count of every table, to check a restore against).

Passwords reach ``pg_dump`` and ``pg_restore`` through ``PGPASSWORD`` in their environment,
never on a command line (which ``ps`` shows) or in a log.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.db import connection, connections

# Every variable config/settings.py reads: a restored installation needs each one set again.
ENVIRONMENT = [
    "DJANGO_DEBUG", "DJANGO_SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL", "DATABASE_CONN_MAX_AGE", "REDIS_URL", "CELERY_TASK_ALWAYS_EAGER",
    "EMAIL_URL", "DEFAULT_FROM_EMAIL", "MEDIA_ROOT", "SIEC_VAR_DIR", "STATICFILES_STORAGE_BACKEND",
    "DATA_UPLOAD_MAX_MEMORY_SIZE", "USE_X_FORWARDED_PROTO", "TRUSTED_PROXY_COUNT",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "CSP_REPORT_URI",
    "SIGNIN_FAILURE_LIMIT", "SIGNIN_LOCKOUT_MINUTES", "OTP_REQUIRED", "API_TOKEN_LIFETIME_DAYS",
    "API_THROTTLE_ANON", "API_THROTTLE_USER", "HEALTH_STALE_MINUTES", "LOG_LEVEL",
    "DOCUMENT_MAX_MB", "DOCUMENTS_S3_BUCKET", "DOCUMENTS_S3_ENDPOINT_URL", "DOCUMENTS_S3_REGION",
    "DOCUMENTS_S3_ACCESS_KEY", "DOCUMENTS_S3_SECRET_KEY", "DOCUMENTS_S3_PREFIX",
]  # fmt: skip


class BackupError(Exception):
    pass


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[name] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        # The tools' own message names a table or a file, never the password (it is not theirs).
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")


def table_counts(alias: str = "default") -> dict[str, int]:
    """Rows per table of the database ``alias`` (every table, Django's own included)."""
    conn = connections[alias]
    with conn.cursor() as cursor:
        names = sorted(conn.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {conn.ops.quote_name(name)}")  # noqa: S608
            counts[name] = cursor.fetchone()[0]
    return counts


def table_counts_of(database: dict[str, Any]) -> dict[str, int]:
    """Rows per table of a database that is not one of Django's connections (a restore target)."""
    if "postgresql" in database["ENGINE"]:
        import psycopg

        with psycopg.connect(
            dbname=database["NAME"], host=database.get("HOST") or None,
            port=database.get("PORT") or None, user=database.get("USER") or None,
            password=database.get("PASSWORD") or None,
        ) as conn:  # fmt: skip
            names = [row[0] for row in conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )]  # fmt: skip
            return {
                name: conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # type: ignore[index]  # noqa: S608
                for name in sorted(names)
            }
    with sqlite3.connect(database["NAME"]) as conn:
        names = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )]  # fmt: skip
        return {
            name: conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # noqa: S608
            for name in sorted(names)
        }


def _media_files() -> list[str]:
    found: list[str] = []
    pending = [""]
    while pending:
        folder = pending.pop()
        try:
            dirs, files = default_storage.listdir(folder)
        except FileNotFoundError:
            continue
        found += [f"{folder}/{name}".lstrip("/") for name in files]
        pending += [f"{folder}/{name}".lstrip("/") for name in dirs]
    return sorted(found)


def backup(target: Path) -> dict[str, Any]:
    """Write a backup of the database, the media and the environment's names into ``target``.

    Raises: BackupError when a tool fails or ``target`` is not empty.
    """
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty")
    target.mkdir(parents=True, exist_ok=True)
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        _run(["pg_dump", "-Fc", "--no-owner", "--no-privileges",
              "-f", str(target / "database.dump"), db["NAME"]], _pg_env(db))  # fmt: skip
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target / "database.sqlite3") as copy:
            connection.connection.backup(copy)
    else:
        raise BackupError(f"no backup for {connection.vendor}")
    files = _media_files()
    with tarfile.open(target / "media.tar.gz", "w:gz") as tar:
        for name in files:
            with default_storage.open(name, "rb") as handle:
                info = tarfile.TarInfo(name)
                info.size = default_storage.size(name)
                tar.addfile(info, handle)
    (target / "environment.txt").write_text(
        "".join(f"{n}={'set' if n in os.environ else 'unset'}\n" for n in ENVIRONMENT)
    )
    manifest = {
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "database": connection.vendor,
        "media_files": len(files),
        "tables": table_counts(),
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return manifest


def restore(source: Path, *, database: dict[str, Any]) -> None:
    """Restore ``source`` into ``database`` (a settings dict) and its files into the storage.

    Raises: BackupError when the backup is incomplete or a tool fails.
    """
    manifest_path = source / "manifest.json"
    if not manifest_path.exists():
        raise BackupError(f"{source} has no manifest.json: not a backup")
    manifest = json.loads(manifest_path.read_text())
    if manifest["database"] == "postgresql":
        if "postgresql" not in database["ENGINE"]:
            raise BackupError("a PostgreSQL dump restores into PostgreSQL only")
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--exit-on-error", "-d", database["NAME"], str(source / "database.dump")],
             _pg_env(database))  # fmt: skip
    else:
        if "sqlite3" not in database["ENGINE"]:
            raise BackupError("a SQLite copy restores into SQLite only")
        shutil.copyfile(source / "database.sqlite3", database["NAME"])
    with tarfile.open(source / "media.tar.gz", "r:gz") as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            handle = tar.extractfile(member)
            if handle is None:
                continue
            if default_storage.exists(member.name):
                default_storage.delete(member.name)
            # The storage API refuses names that leave the media folder ("../").
            default_storage.save(member.name, handle)


def compare(source: Path, database: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Tables whose row count in ``database`` differs from the backup's manifest."""
    expected = json.loads((source / "manifest.json").read_text())["tables"]
    actual = table_counts_of(database)
    return {
        name: (count, actual.get(name, -1))
        for name, count in expected.items()
        if actual.get(name, -1) != count
    }
