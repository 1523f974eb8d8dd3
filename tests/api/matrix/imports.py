"""Matrix rows of imports of partner files: a capability; an OWES partner sees only the batches
limited to their subregions (the world's batch of A, not B's)."""

from __future__ import annotations

from typing import Any

from tests.api.matrix.cases import (
    IMPORTS,
    IMPORTS_OWN,
    IMPORTS_RESUME,
    IMPORTS_REVERT,
    Build,
    Case,
    fixed,
    sample_upload,
    unsided,
    v1,
)
from tests.api.world import World


def batch(path: str) -> Build:
    """``imports/{id}/{path}`` of the world's batch of the side."""

    def build(world: World, side: str) -> tuple[str, dict[str, Any] | None]:
        found = world.import_batch if side == "A" else world.import_batch_b
        return v1(f"imports/{found.pk}/{path}"), None

    return build


IMPORT_ROUTES: dict[tuple[str, str], Case] = {
    # imports of partner files: a capability; a partner's batches are their subregions'
    ("import-batch-list", "get"): unsided(IMPORTS, fixed(v1("imports/"))),
    ("import-batch-list", "post"): Case(IMPORTS, sample_upload, sided=False, multipart=True),
    ("import-batch-detail", "get"): Case(IMPORTS_OWN, batch("")),
    ("import-batch-rows", "get"): Case(IMPORTS_OWN, batch("rows/?outcome=error")),
    ("import-batch-unchanged", "get"): Case(IMPORTS_OWN, batch("unchanged/")),
    ("import-batch-report", "get"): Case(IMPORTS_OWN, batch("report/?format=csv")),
    ("import-batch-confirm", "post"): Case(IMPORTS_OWN, batch("confirm/"), ok=202),
    # The world's batch is planned: nothing to resume, refused (409) once allowed.
    ("import-batch-resume", "post"): unsided(
        IMPORTS_RESUME, lambda w, s: (v1(f"imports/{w.import_batch.pk}/resume/"), None), ok=409
    ),
    # The world's batch is planned, not applied: the revert is refused (409) once allowed.
    ("import-batch-revert", "post"): unsided(
        IMPORTS_REVERT, lambda w, s: (v1(f"imports/{w.import_batch.pk}/revert/"), None), ok=409
    ),
}
