"""Helpers for the import tests: the sample files and a one-call import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from crm.top.imports.models import ImportBatch
from crm.top.imports.services import import_batch_run

DATA = Path(__file__).with_name("data")
SAMPLE_CSV = DATA / "owes_bielski_2026q3.csv"
SAMPLE_XLSX = DATA / "owes_bielski_2026q3.xlsx"
EXPECTED = json.loads((DATA / "owes_bielski_2026q3.expected.json").read_text("utf-8"))


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def run(
    actor: Any, path: Path | None = None, data: bytes | None = None, **kwargs: Any
) -> ImportBatch:
    path = path or SAMPLE_CSV
    return import_batch_run(
        actor=actor,
        source=kwargs.pop("source", "OWES Bielski"),
        name=kwargs.pop("name", path.name),
        data=data if data is not None else path.read_bytes(),
        **kwargs,
    )


def csv_text() -> str:
    return SAMPLE_CSV.read_bytes().decode("cp1250")


def work_off(batch_id: int) -> ImportBatch:
    """Run what the batch waits for (its dry run or its apply) as the worker that got its
    message would: in a test the message waits for a commit that never comes."""
    from crm.top.imports.services.queue import phase_of

    batch = ImportBatch.objects.get(pk=batch_id)
    phase = phase_of(batch)
    if phase is not None and batch.status == phase.queued:
        phase.task_object().apply(args=[batch_id], task_id=batch.task_id)
    return ImportBatch.objects.get(pk=batch_id)
