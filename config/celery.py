"""The Celery app: configured from Django settings (``CELERY_*``), tasks found in every app
(and in the toolkits listed below). Every task has an explicit ``name``: a queued task must
survive a module moving."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Every task starts strict (crm.scoping): it enters crm.access.unscoped() itself if it must.
app = Celery("siec", task_cls="crm.scoping:StrictTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The ground floor's export task lives in a toolkit, not an app: name its module explicitly.
app.autodiscover_tasks(["crm.exports"])
