"""Follow-ups: what a team member has to do by a date, and the notice that it is theirs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.models import Organisation
from crm.base import CreatedByModel, ScopedModel, TimeStampedModel
from interactions.models.events import Event
from interactions.models.log import Interaction


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class FollowUp(ScopedModel, TimeStampedModel, CreatedByModel):
    """Something a team member has to do by a date; open ones go into the daily digest."""

    access_subregion_path = "organisation__gmina__subregion"
    access_personal_data = True

    title = models.CharField(_("what to do"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    due_on = models.DateField(_("due on"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("assignee"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("organisation"),
    )
    interaction = models.ForeignKey(
        Interaction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("interaction"),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("event"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    # When the assignee was told by e-mail that the task is theirs. Giving a task to a colleague
    # (or reassigning it) empties it and queues the notice, which claims it by setting it with
    # a conditional UPDATE: one e-mail however often the sending is retried. A task one sets for
    # oneself, or written outside the services (the demo data), owes no notice: it gets the time
    # it was made (empty means "a notice is owed").
    assignee_notified_at = models.DateTimeField(
        _("assignee notified at"), null=True, blank=True, editable=False, default=timezone.now
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.CheckConstraint(
                condition=Q(status=FollowUpStatus.DONE, done_at__isnull=False)
                | (~Q(status=FollowUpStatus.DONE) & Q(done_at__isnull=True)),
                name="follow_up_done_at_iff_done",
            ),
        ]
        indexes = [
            models.Index(fields=["assignee", "status", "due_on"]),
            # The lists' order: a page of 200,000 follow-ups read from an index instead of a
            # sort of all of them; with ?status= the count and the page come from the second.
            models.Index(fields=["due_on", "id"], name="followup_due"),
            models.Index(fields=["status", "due_on", "id"], name="followup_status_due"),
            # The watchdog's look for notices never sent: a handful of rows, never the table.
            models.Index(
                fields=["updated_at"],
                condition=Q(assignee_notified_at__isnull=True, status=FollowUpStatus.OPEN),
                name="followup_notice_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.title
