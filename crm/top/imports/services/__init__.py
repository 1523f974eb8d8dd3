"""Every write of the import pipeline: upload, plan (dry run), confirm, apply, resume, revert,
the header mapping. ``batches`` holds the file's way to a plan, ``queue`` and ``work`` the
background work (the dry run and the apply)."""

from crm.top.imports.pipeline.checks import FileRejected
from crm.top.imports.pipeline.reverting import RevertRefused
from crm.top.imports.services.batches import (
    header_mapping_set,
    import_batch_plan,
    import_batch_revert,
    import_batch_upload,
)
from crm.top.imports.services.flags import import_flag_resolve
from crm.top.imports.services.queue import import_batch_resume, import_batches_requeue_stale
from crm.top.imports.services.work import (
    import_batch_apply,
    import_batch_confirm,
    import_batch_plan_queue,
    import_batch_plan_run,
    import_batch_run,
)

__all__ = [
    "FileRejected",
    "RevertRefused",
    "header_mapping_set",
    "import_batch_apply",
    "import_batch_confirm",
    "import_batch_plan",
    "import_batch_plan_queue",
    "import_batch_plan_run",
    "import_batch_resume",
    "import_batch_revert",
    "import_batch_run",
    "import_batch_upload",
    "import_batches_requeue_stale",
    "import_flag_resolve",
]
