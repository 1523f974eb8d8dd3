"""The contact log (interactions), events with participation, follow-ups and their digests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.models import Organisation, Person
from crm.base import ScopedModel, TimeStampedModel, dates_in_order
from crm.tags.models import TagsField
from crm.territory.models import Gmina


class Topic(models.Model):
    """A small editable vocabulary (social clauses, financing, ...) with a name per language."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name_pl = models.CharField(_("name (Polish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (translation.get_language() or "pl").split("-")[0]
        return self.name_en if language == "en" else self.name_pl


class InteractionKind(models.TextChoices):
    CONSULTATION = "consultation", _("consultation / advisory (doradztwo)")
    MEETING = "meeting", _("meeting")
    PHONE = "phone", _("phone call")
    EMAIL = "email", _("e-mail")
    STUDY_VISIT = "study_visit", _("study visit")
    TRAINING = "training", _("training")
    SITE_VISIT = "site_visit", _("site visit")
    # Support an OWES gave an organisation, as the OWES's lists say (imported with them).
    SUPPORT = "support", _("OWES support")
    OTHER = "other", _("other")


class Interaction(ScopedModel, TimeStampedModel):
    """One contact of the project team with organisations and people."""

    access_subregion_path = "organisations__gmina__subregion"
    # Free-text notes and the people involved are personal data.
    access_personal_data = True
    # Viewers read the log without them (``crm.access.scope_without_personal_data``): when, what
    # kind, the subject, organisations, topics and staff, as the log's export shows them.
    access_personal_fields = ("notes", "outcome")

    kind = models.CharField(_("kind"), max_length=16, choices=InteractionKind.choices)
    occurred_at = models.DateTimeField(_("when"), db_index=True)
    # A contact logged with a date only is stored at the start of that day (Europe/Warsaw) and
    # shown as a date: the clock time of the logging is not the time of the contact.
    has_time = models.BooleanField(_("time known"), default=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="interactions",
        verbose_name=_("staff"),
    )
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="interactions", verbose_name=_("organisations")
    )
    people = models.ManyToManyField(
        Person, blank=True, related_name="interactions", verbose_name=_("people")
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="interactions", verbose_name=_("topics")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    tags = TagsField(list_url="interactions:interaction_list")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__lte=24 * 60 * 14),
                name="interaction_duration_sane",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class EventKind(models.TextChoices):
    FAIR = "fair", _("fair (Podlaskie Targi Ekonomii Społecznej)")
    RKRES_MEETING = "rkres_meeting", _("RKRES meeting")
    NETWORK_MEETING = "network_meeting", _("network meeting")
    STUDY_VISIT = "study_visit", _("study visit")
    TRAINING = "training", _("training")
    CONFERENCE = "conference", _("conference")
    GALA = "gala", _("gala")
    OTHER = "other", _("other")


class Event(ScopedModel, TimeStampedModel):
    """An event on calendar dates (Europe/Warsaw days); a one-day event has no ``ends_on``."""

    access_subregion_path = "gmina__subregion"

    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=300)
    starts_on = models.DateField(_("starts on"), db_index=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    gmina = models.ForeignKey(
        Gmina,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("gmina"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    organiser = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_events",
        verbose_name=_("organiser"),
    )
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    tags = TagsField(list_url="interactions:event_list")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            dates_in_order(
                "starts_on", "ends_on", name="event_dates_in_order", start_may_be_empty=False
            ),
        ]
        indexes = [models.Index(fields=["kind", "starts_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def last_day(self):  # type: ignore[no-untyped-def]
        return self.ends_on or self.starts_on


class ParticipationStatus(models.TextChoices):
    INVITED = "invited", _("invited")
    REGISTERED = "registered", _("registered")
    ATTENDED = "attended", _("attended")
    NO_SHOW = "no_show", _("did not come")


class Participation(ScopedModel, TimeStampedModel):
    """A person and / or an organisation at an event.

    One row per person per event; an organisation without a named person has at most one row,
    while several people of one organisation each have their own row.
    """

    access_subregion_path = "event__gmina__subregion"
    access_personal_data = True

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="participations", verbose_name=_("event")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.REGISTERED,
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["event", "id"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organisation__isnull=False),
                name="participation_person_or_organisation",
            ),
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(person__isnull=False),
                name="participation_one_per_person",
            ),
            models.UniqueConstraint(
                fields=["event", "organisation"],
                condition=Q(person__isnull=True, organisation__isnull=False),
                name="participation_one_per_organisation",
            ),
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self) -> str:
        return f"{self.event}: {self.person or self.organisation}"


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class FollowUp(ScopedModel, TimeStampedModel):
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
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


class DigestStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    EMPTY = "empty", _("nothing due")
    FAILED = "failed", _("failed")
    CAUGHT_UP = "caught_up", _("included in a later digest")


class FollowUpDigest(models.Model):
    """The one daily reminder e-mail of one user; the row is claimed before it is sent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follow_up_digests",
        verbose_name=_("user"),
    )
    date = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=16, choices=DigestStatus.choices, default=DigestStatus.PENDING
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    follow_up_count = models.PositiveIntegerField(_("follow-ups in the e-mail"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    caught_up_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("included in"),
    )

    class Meta:
        ordering = ["-date", "user"]
        verbose_name = _("follow-up digest")
        verbose_name_plural = _("follow-up digests")
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="digest_one_per_user_and_day"),
            models.CheckConstraint(
                condition=~Q(status=DigestStatus.SENT) | Q(sent_at__isnull=False),
                name="digest_sent_has_sent_at",
            ),
        ]
        indexes = [models.Index(fields=["status", "date"])]

    def __str__(self) -> str:
        return f"{self.user} {self.date:%Y-%m-%d} {self.status}"
