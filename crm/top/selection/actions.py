"""Each bulk action: who is offered it, what it needs, and the app service that does it."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import Organisation, Person
from crm import access
from crm.access import EDITORS, Action
from crm.bulk import BulkOutcome
from crm.tags import selectors as tag_selectors
from crm.tags import services as tag_services
from crm.users import User
from interactions.models import Event, FollowUp, Participation
from interactions.services import participations_register_organisations
from interactions.services.bulk_follow_ups import follow_ups_create_for_organisations
from interactions.services.registration import participations_register_people
from networks.models import Membership, Network
from networks.services.joining import memberships_join_many

# Events one registers for from a list: those ahead and of the last month (late lists).
EVENT_DAYS_BACK = 31


def offered(user: Any, kind: str) -> list[str]:
    """The actions ``user`` gets on the ``kind`` list (exporting is offered by the page)."""
    found = []
    if kind == "organisations" and access.can(user, Action.ADD, Membership):
        found.append("network")
    if access.can(user, Action.ADD, Participation):
        found.append("event")
    model = Organisation if kind == "organisations" else Person
    if access.can(user, Action.CHANGE, model) and access.has_capability(user, "tags.use"):
        found.append("tag")
    if kind == "organisations" and access.can(user, Action.ADD, FollowUp):
        found.append("task")
    return found


def choices(user: Any) -> dict[str, QuerySet[Any]]:
    since = timezone.localdate() - datetime.timedelta(days=EVENT_DAYS_BACK)
    return {
        "network": access.scope(Network.objects.filter(closed_on__isnull=True), user).order_by(
            "name"
        ),
        "event": access.scope(Event.objects.filter(starts_on__gte=since), user).order_by(
            "starts_on", "title"
        ),
        "assignee": User.objects.filter(
            Q(pk=user.pk) | Q(is_active=True, role__in=sorted(EDITORS))
        ).order_by("last_name", "first_name", "username"),
    }


def tag_names() -> list[str]:
    return tag_selectors.tag_suggestions()


def _need(data: dict[str, Any], *fields: str) -> None:
    missing = {f: _("This field is required.") for f in fields if not data.get(f)}
    if missing:
        raise ValidationError(missing)


def run(action: str, *, actor: Any, kind: str, ids: list[int], data: dict[str, Any]) -> BulkOutcome:
    """Raises: ValidationError (a field the action needs, or the service's rule)."""
    if action == "network":
        _need(data, "network", "joined_on")
        return memberships_join_many(
            actor=actor, network=data["network"], organisation_ids=ids, joined_on=data["joined_on"]
        )
    if action == "event":
        _need(data, "event")
        if kind == "people":
            return participations_register_people(actor=actor, event=data["event"], person_ids=ids)
        # The event page's "register a network's members" uses the same service.
        added, already = participations_register_organisations(
            actor=actor, event=data["event"], organisations=[Organisation(pk=pk) for pk in ids]
        )
        return BulkOutcome(added=added, already=already)
    if action == "tag":
        _need(data, "tag")
        try:
            tag = tag_services.tag_get_or_create(actor=actor, name=data["tag"])
        except ValidationError as error:
            raise ValidationError({"tag": error.messages}) from error
        model = Person if kind == "people" else Organisation
        data["tag_name"] = tag.name
        return tag_services.tags_add(actor=actor, model=model, ids=ids, tag=tag)
    _need(data, "title", "assignee", "due_on")
    return follow_ups_create_for_organisations(
        actor=actor,
        organisation_ids=ids,
        title=data["title"],
        due_on=data["due_on"],
        assignee=data["assignee"],
    )


def target_label(action: str, data: dict[str, Any]) -> str:
    if action == "network":
        return str(data["network"])
    if action == "event":
        return str(data["event"])
    if action == "tag":
        return str(data.get("tag_name", data["tag"]))
    return str(data["title"])


def names(user: Any, kind: str, ids: list[int]) -> dict[int, str]:
    """How the result page names each row (only rows ``user`` sees; one query)."""
    if kind == "people":
        people = access.scope(Person.objects.filter(pk__in=ids), user)
        return {p.pk: f"{p.last_name} {p.first_name}".strip() for p in people}
    organisations = access.scope(Organisation.objects.filter(pk__in=ids), user)
    return dict(organisations.values_list("pk", "name"))
