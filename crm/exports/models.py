"""A large export written in the background: its state, progress and file in one row."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportJob(models.Model):
    """One person's export of one list with its filters; the file goes to Django's storage.

    The row is the truth of the work (``crm.exports.jobs``): a worker claims it with a
    conditional UPDATE, reports ``done`` rows as it writes, and a job with no sign of life for
    ``TASK_STALE_MINUTES`` is queued again by the watchdog. The filters (which may name a
    person searched for) stay in this row, never in a task's arguments or a log.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for a worker")
        RUNNING = "running", _("being written")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("requested by"),
    )
    name = models.CharField(_("list"), max_length=50)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    fmt = models.CharField(_("format"), max_length=4)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), upload_to="exports/", max_length=300, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    heartbeat_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="exportjob_stale")]

    def __str__(self) -> str:
        return f"{self.name}.{self.fmt} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
