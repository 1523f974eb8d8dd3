"""Every access decision in Sieć, and the queryset scoping every selector starts from.

Models declare how they reach a subregion (``access_subregion_path``, e.g.
``"gmina__subregion"`` for an organisation) so this module never imports what it guards.

The rules:

- administrators, managers and team members see and edit everything;
- OWES partners see everything but edit only objects in their own subregions;
- viewers only read, and see no personal data (models with ``access_personal_data = True``);
- rows a model withholds (``access_withheld``, a condition: a person whose processing is
  restricted under art. 18 GDPR, and their affiliations and consents) reach only managers and
  administrators: for everyone else they are not there, in lists, searches, exports and pages;
- anonymous users and inactive accounts reach nothing.

How to read data: start from ``scope(Model.objects..., user)`` (or a selector that does).
Models that declare ``access_subregion_path`` / ``access_personal_data`` stand on
``crm.base.ScopedModel``, whose manager refuses to run a query that did not go through
``scope()`` (``ScopeError``); the mark survives chaining (filter, values, annotate, ...), and a
strict queryset may serve as a subquery. Reverse relations are strict too: read an
organisation's people as ``scope(organisation.affiliations.all(), user)`` or through a
``Prefetch(..., queryset=scope(...))``. Code that must see every row by definition says so
with ``unscoped("why")`` (a context manager and decorator): services and their checks, Celery
tasks, migrations, the admin (``crm.admin_site``, once for all of it), management commands and
the demo seeding; never views, selectors, API modules, filters, forms or template tags
(``tests/crm/test_scoping.py`` lists every call site). Each request and each task starts
strict, whatever its caller had entered.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet

# Re-exported: ``access.scope`` and ``access.unscoped`` are the two ways to read a scoped model.
from crm.scoping import ScopeError as ScopeError
from crm.scoping import mark_scoped
from crm.scoping import unscoped as unscoped
from crm.users import Role

M = TypeVar("M", bound=models.Model)


class Action(StrEnum):
    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    DELETE = "delete"


EDITORS = frozenset({Role.ADMIN, Role.MANAGER, Role.TEAM})
DELETERS = frozenset({Role.ADMIN, Role.MANAGER})

# Things that are not a row of a model: who may use which part of the application.
CAPABILITIES: dict[str, frozenset[str]] = {
    "users.manage": frozenset({Role.ADMIN}),
    "territory.edit": frozenset({Role.ADMIN}),
    # OWES partners import their own lists: only rows of their subregions are written
    # (``import_limit``), and they see only such imports.
    "imports.run": frozenset({Role.ADMIN, Role.MANAGER, Role.TEAM, Role.OWES_PARTNER}),
    "imports.revert": frozenset({Role.ADMIN, Role.MANAGER}),
    "imports.resume": frozenset({Role.ADMIN, Role.MANAGER}),
    # Viewers export the lists they see, without personal data (crm.exports drops its columns).
    "exports.run": frozenset({Role.ADMIN, Role.MANAGER, Role.TEAM, Role.OWES_PARTNER, Role.VIEWER}),
    "monitoring.view": frozenset(
        {Role.ADMIN, Role.MANAGER, Role.TEAM, Role.OWES_PARTNER, Role.VIEWER}
    ),
    "monitoring.edit": frozenset({Role.ADMIN, Role.MANAGER}),
    "follow_ups.see_all": frozenset({Role.ADMIN, Role.MANAGER}),
    "digests.see_failed": frozenset({Role.ADMIN, Role.MANAGER}),
    "action_log.view": frozenset({Role.ADMIN, Role.MANAGER}),
    # Who saw whose personal data (crm.audit.access_log): the roles that read the action log
    # and answer data-protection requests.
    "access_log.view": frozenset({Role.ADMIN, Role.MANAGER}),
    # Naming a new tag (putting one on a record also needs the right to change the record);
    # renaming, merging and deleting tags is for managers (crm.tags).
    "tags.use": frozenset({Role.ADMIN, Role.MANAGER, Role.TEAM, Role.OWES_PARTNER}),
    "tags.manage": frozenset({Role.ADMIN, Role.MANAGER}),
    # E-mail to a selection goes out in the centre's name: its staff write it, not the OWES
    # partners (who change only their subregions' records) nor viewers (who see no people).
    "mailing.send": frozenset({Role.ADMIN, Role.MANAGER, Role.TEAM}),
    "personal_data.view": frozenset({Role.ADMIN, Role.MANAGER, Role.TEAM, Role.OWES_PARTNER}),
    # The contact log: viewers read it too, without its personal fields (people, notes, outcome;
    # ``scope_without_personal_data``).
    "contact_log.view": frozenset(
        {Role.ADMIN, Role.MANAGER, Role.TEAM, Role.OWES_PARTNER, Role.VIEWER}
    ),
    "personal_data.anonymise": frozenset({Role.ADMIN, Role.MANAGER}),
    # Who sees rows a model withholds (``access_withheld``) and lifts a restriction.
    "personal_data.restricted": frozenset({Role.ADMIN, Role.MANAGER}),
    # The art. 15 export holds everything about a person: managers answer such requests (an
    # OWES partner too, for people in their reach; ``person_export`` checks that).
    "personal_data.export": frozenset({Role.ADMIN, Role.MANAGER, Role.OWES_PARTNER}),
    # The art. 14 worklist and its notices; an OWES partner for the people in their reach.
    "privacy_notices.record": frozenset({Role.ADMIN, Role.MANAGER, Role.TEAM, Role.OWES_PARTNER}),
}


def role_of(user: Any) -> str | None:
    """The user's role, or None for anonymous users and inactive accounts."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not getattr(user, "is_active", False):
        return None
    if getattr(user, "is_superuser", False):
        return Role.ADMIN
    return getattr(user, "role", None) or Role.VIEWER


def view_key(user: Any) -> str | None:
    """What ``scope(queryset, user)`` for viewing depends on: the role alone (viewing is never
    narrowed by subregion; personal data and withheld rows go by capabilities of the role). A
    query built through ``scope`` for one user may be kept and run for every user with the same
    key (``contacts.timeline.queries``); a rule that reads more of the user must change it."""
    return role_of(user)


def has_capability(user: Any, capability: str) -> bool:
    role = role_of(user)
    return role is not None and role in CAPABILITIES[capability]


def require_capability(user: Any, capability: str) -> None:
    """The one check of a capability (``personal_data.view``, ``imports.run``, ...).

    Raises: PermissionDenied unless the user's role holds ``capability``.
    """
    if not has_capability(user, capability):
        raise PermissionDenied


def user_subregion_ids(user: Any) -> list[int]:
    cached = getattr(user, "_access_subregion_ids", None)
    if cached is None:
        cached = list(user.subregions.values_list("pk", flat=True))
        user._access_subregion_ids = cached
    return cached


def import_limit(user: Any) -> list[int] | None:
    """The subregions an import of ``user`` may write rows of (an OWES partner's own), or None
    when it may write every row; also the batches such a user sees (``batches_visible``)."""
    return user_subregion_ids(user) if role_of(user) == Role.OWES_PARTNER else None


def _subregion_path(model: type[models.Model]) -> str | None:
    return getattr(model, "access_subregion_path", None)


def scope(queryset: QuerySet[M], user: Any, action: str = Action.VIEW) -> QuerySet[M]:
    """The part of ``queryset`` that ``user`` may ``action``; every selector starts here.

    The result (and everything chained from it) may run on a scoped model's strict manager.
    """
    return mark_scoped(_scope(queryset, user, action))


def _scope(queryset: QuerySet[M], user: Any, action: str) -> QuerySet[M]:
    role = role_of(user)
    model = queryset.model
    if role is None:
        return queryset.none()
    if getattr(model, "access_personal_data", False) and not has_capability(
        user, "personal_data.view"
    ):
        return queryset.none()
    withheld = getattr(model, "access_withheld", None)
    if withheld is not None and not has_capability(user, "personal_data.restricted"):
        queryset = queryset.exclude(withheld)
    if action == Action.VIEW:
        return queryset
    if role in EDITORS:
        if action == Action.DELETE and role not in DELETERS:
            return queryset.none()
        return queryset
    if role == Role.OWES_PARTNER and action in (Action.CHANGE, Action.ADD):
        path = _subregion_path(model)
        if path is None:
            return queryset.none()
        matches = queryset.filter(**{f"{path}__in": user_subregion_ids(user)})
        return matches.distinct() if _crosses_to_many(model, path) else matches
    return queryset.none()


def scope_without_personal_data(queryset: QuerySet[M], user: Any) -> QuerySet[M]:
    """``scope(queryset, user)``; for a role that sees no personal data (viewers), the rows of a
    model that is personal data only in some of its fields (``access_personal_fields``, e.g. a
    contact's notes and outcome; its people are a scoped model of their own) with those fields
    left unread. Only a page that shows none of them reads through this (the contact log's
    list); every other read of the model stays ``scope()`` and gives viewers nothing.
    """
    personal = getattr(queryset.model, "access_personal_fields", None)
    if personal is None or has_capability(user, "personal_data.view"):
        return scope(queryset, user)
    if role_of(user) is None:
        return mark_scoped(queryset.none())
    withheld = getattr(queryset.model, "access_withheld", None)
    if withheld is not None:
        queryset = queryset.exclude(withheld)
    return mark_scoped(queryset.defer(*personal))


def scope_public(queryset: QuerySet[M]) -> QuerySet[M]:
    """What anyone may see without signing in: the rows a model offers to the public
    (``access_public``, a condition it declares, e.g. listed organisations); nothing of any
    other model and never personal data. Only the public catalogue reads through this."""
    model = queryset.model
    condition = getattr(model, "access_public", None)
    if condition is None or getattr(model, "access_personal_data", False):
        return mark_scoped(queryset.none())
    return mark_scoped(queryset.filter(condition))


def scope_statistics(queryset: QuerySet[M]) -> QuerySet[M]:
    """Every row of ``queryset``, to be counted, summed or turned into ties, never listed.

    Numbers hold no personal data and are the same for everyone who may see them (the page or
    endpoint checks ``monitoring.view``), so they are not narrowed per user; the records behind
    a number are listed through ``scope()``. Also for a check that hides data (whether a
    catalogue phone is some person's). ``tests/crm/test_scoping.py`` lists the call sites.
    """
    return mark_scoped(queryset)


def _crosses_to_many(model: type[models.Model], path: str) -> bool:
    """Whether following ``path`` can yield a row twice (then the scope needs DISTINCT)."""
    current: Any = model
    for part in path.split("__")[:-1]:
        field = current._meta.get_field(part)
        if field.one_to_many or field.many_to_many:
            return True
        current = field.related_model
    return False


def subregion_condition(model: type[models.Model], subregion_ids: list[int]) -> Q:
    path = _subregion_path(model)
    if path is None:
        return Q(pk__in=[])
    return Q(**{f"{path}__in": subregion_ids})


def can(user: Any, action: str, obj: models.Model | type[models.Model]) -> bool:
    """Whether ``user`` may ``action`` the object (or, given a model class, any such object)."""
    role = role_of(user)
    if role is None:
        return False
    model = obj if isinstance(obj, type) else type(obj)
    if getattr(model, "access_personal_data", False) and not has_capability(
        user, "personal_data.view"
    ):
        return False
    if action == Action.VIEW:
        return True
    if role in EDITORS:
        return action != Action.DELETE or role in DELETERS
    if role != Role.OWES_PARTNER or action not in (Action.CHANGE, Action.ADD):
        return False
    if isinstance(obj, type):
        return _subregion_path(model) is not None
    if obj.pk is None:
        return subregion_of(obj) in user_subregion_ids(user)
    return scope(model._default_manager.filter(pk=obj.pk), user, action).exists()


def subregion_of(obj: models.Model) -> int | None:
    """Follow the model's subregion path on an unsaved object (``gmina__subregion`` → id)."""
    path = _subregion_path(type(obj))
    if path is None:
        return None
    current: Any = obj
    parts = path.split("__")
    for part in parts[:-1]:
        current = getattr(current, part, None)
        if current is None:
            return None
    return getattr(current, f"{parts[-1]}_id", None)


def require(user: Any, action: str, obj: models.Model | type[models.Model]) -> None:
    """Raises: PermissionDenied when ``user`` may not ``action`` ``obj``."""
    if not can(user, action, obj):
        raise PermissionDenied
