"""Matrix rows of imports of partner files (a capability, not scoped by subregion)."""

from __future__ import annotations

from tests.api.matrix.cases import (
    IMPORTS,
    IMPORTS_RESUME,
    IMPORTS_REVERT,
    Case,
    fixed,
    sample_upload,
    unsided,
    v1,
)

IMPORT_ROUTES: dict[tuple[str, str], Case] = {
    # imports of partner files (not scoped by subregion: a capability)
    ("import-batch-list", "get"): unsided(IMPORTS, fixed(v1("imports/"))),
    ("import-batch-list", "post"): Case(IMPORTS, sample_upload, sided=False, multipart=True),
    ("import-batch-detail", "get"): unsided(
        IMPORTS, lambda w, s: (v1(f"imports/{w.import_batch.pk}/"), None)
    ),
    ("import-batch-rows", "get"): unsided(
        IMPORTS, lambda w, s: (v1(f"imports/{w.import_batch.pk}/rows/?outcome=error"), None)
    ),
    ("import-batch-unchanged", "get"): unsided(
        IMPORTS, lambda w, s: (v1(f"imports/{w.import_batch.pk}/unchanged/"), None)
    ),
    ("import-batch-report", "get"): unsided(
        IMPORTS, lambda w, s: (v1(f"imports/{w.import_batch.pk}/report/?format=csv"), None)
    ),
    ("import-batch-confirm", "post"): unsided(
        IMPORTS, lambda w, s: (v1(f"imports/{w.import_batch.pk}/confirm/"), None), ok=202
    ),
    # The world's batch is planned: nothing to resume, refused (409) once allowed.
    ("import-batch-resume", "post"): unsided(
        IMPORTS_RESUME, lambda w, s: (v1(f"imports/{w.import_batch.pk}/resume/"), None), ok=409
    ),
    # The world's batch is planned, not applied: the revert is refused (409) once allowed.
    ("import-batch-revert", "post"): unsided(
        IMPORTS_REVERT, lambda w, s: (v1(f"imports/{w.import_batch.pk}/revert/"), None), ok=409
    ),
}
