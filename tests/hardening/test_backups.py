"""``manage.py backup`` and ``restore``: a dump restored into a new database has every row of
every table, the uploaded files come back, and no secret is written down."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from crm.backups.archive import table_counts, table_counts_of
from tests.api.world import build_world

SECRET = "s3cret-w0rd-that-must-not-be-written"


@pytest.fixture
def postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("backup and restore are tested on PostgreSQL (set DATABASE_URL to one)")


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_new_database_with_the_same_rows_and_files(
    postgres: None, manager: Any, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setenv("DJANGO_SECRET_KEY", SECRET)
    build_world(assignee=manager)
    default_storage.save("imports/lista.csv", ContentFile(b"Nazwa;NIP\r\nA;1\r\n"))
    before = table_counts()
    assert before["contacts_organisation"] > 0

    call_command("backup", output=str(tmp_path / "backup"), stdout=io.StringIO())

    written = {p.name for p in (tmp_path / "backup").iterdir()}
    assert written == {"database.dump", "media.tar.gz", "environment.txt", "manifest.json"}
    environment = (tmp_path / "backup" / "environment.txt").read_text()
    assert "DJANGO_SECRET_KEY=set" in environment and SECRET not in environment
    assert json.loads((tmp_path / "backup" / "manifest.json").read_text())["tables"] == before

    default_storage.delete("imports/lista.csv")
    db = connection.settings_dict
    name = f"{db['NAME']}_restore"
    url = f"postgres://{db['USER']}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"
    admin = psycopg.connect(
        dbname="postgres", user=db["USER"], host=db["HOST"] or None, port=db["PORT"] or None,
        password=db["PASSWORD"] or None, autocommit=True,
    )  # fmt: skip
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with pytest.raises(CommandError, match="--yes"):
            call_command("restore", str(tmp_path / "backup"), database_url=url)
        call_command(
            "restore", str(tmp_path / "backup"), database_url=url, yes=True,
            stdout=io.StringIO(),
        )  # fmt: skip
        assert table_counts_of({**db, "NAME": name}) == before
        with default_storage.open("imports/lista.csv") as restored:
            assert restored.read() == b"Nazwa;NIP\r\nA;1\r\n"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore", str(tmp_path), yes=True)
