"""Matrix rows of exports over the API: every role that exports starts one; a job is read and
downloaded by whoever asked for it (the world's follow-up assignee is the requesting user)."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from crm.exports.models import ExportJob
from tests.api.matrix.cases import READ, READ_PERSONAL, fixed, unsided, v1
from tests.api.world import World


def _own_job(world: World) -> ExportJob:
    job = ExportJob.objects.create(
        requested_by=world.a.follow_up.assignee,
        name="organisations",
        fmt="csv",
        status=ExportJob.Status.DONE,
        filename="organizacje.csv",
    )
    job.file.save("organizacje.csv", ContentFile(b"ID;Nazwa\r\n"))
    return job


def _detail(world: World, side: str) -> tuple[str, Any]:
    return v1(f"exports/{_own_job(world).pk}/"), None


def _file(world: World, side: str) -> tuple[str, Any]:
    return v1(f"exports/{_own_job(world).pk}/file/"), None


EXPORTS = {
    ("export-job-list", "get"): unsided(READ, fixed(v1("exports/"))),
    # People are personal data: not for viewers (organisations are: see test_exports_api).
    ("export-job-list", "post"): unsided(
        READ_PERSONAL, fixed(v1("exports/"), {"list": "people"}), ok=201
    ),
    ("export-job-detail", "get"): unsided(READ, _detail),
    ("export-job-file", "get"): unsided(READ, _file),
}
