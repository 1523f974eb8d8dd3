"""Writes to user accounts: administrators only, each one in the action log.

The log holds the role, the subregions and the names of the changed fields, never a password
or other personal data (``crm_user`` logs the same verbs for the command line). API tokens and
sign-in protection are ``crm.signin.services``'.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext

from crm import access
from crm.audit.models import ActionLog
from crm.audit.services import action_log_write
from crm.users import User

# Set by their own services (``user_set_password``) or by Django only.
PROTECTED_FIELDS = frozenset({"id", "pk", "password"})
RELATIONS = frozenset({"groups", "user_permissions", "subregions"})


def _require_manage(actor: Any) -> None:
    if not access.has_capability(actor, "users.manage"):
        raise PermissionDenied


def _assign(user: User, fields: dict[str, Any]) -> list[str]:
    """Set ``fields`` (relations after the save); returns the names of those that change.

    Raises: TypeError for a field that may not be set here.
    """
    names = {f.name for f in User._meta.concrete_fields} | RELATIONS
    changed = []
    for name, value in fields.items():
        if name in PROTECTED_FIELDS or name not in names:
            raise TypeError(f"User has no writable field {name!r}")
        if name in RELATIONS:
            old = set(getattr(user, name).values_list("pk", flat=True)) if user.pk else set()
            if old != {item.pk for item in value}:
                changed.append(name)
        elif getattr(user, name) != value:
            setattr(user, name, value)
            changed.append(name)
    return sorted(changed)


def _details(user: User, changed: list[str] | None = None) -> dict[str, Any]:
    details: dict[str, Any] = {
        "role": user.role,
        "subregions": sorted(user.subregions.values_list("slug", flat=True)),
    }
    if changed is not None:
        details["fields"] = changed
    return details


@transaction.atomic
def user_create(*, actor: Any, username: str, password: str | None = None, **fields: Any) -> User:
    """An account with ``password`` (None: it cannot sign in with a password).

    Raises: PermissionDenied, ValidationError (e.g. the username is taken), TypeError.
    """
    _require_manage(actor)
    user = User(username=username)
    relations = {name: fields.pop(name) for name in list(fields) if name in RELATIONS}
    _assign(user, fields)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    for name, value in relations.items():
        getattr(user, name).set(value)
    action_log_write(actor=actor, verb="crm.user.created", obj=user, details=_details(user))
    return user


@transaction.atomic
def user_update(*, actor: Any, user: User, **fields: Any) -> User:
    """Change the given fields and relations; nothing is written when nothing changes.

    Raises: PermissionDenied, ValidationError, TypeError.
    """
    _require_manage(actor)
    relations = {name: fields.pop(name) for name in list(fields) if name in RELATIONS}
    changed = _assign(user, fields)
    changed_relations = _assign(user, relations)
    if not changed and not changed_relations:
        return user
    user.full_clean()
    user.save()
    for name in changed_relations:
        getattr(user, name).set(relations[name])
    action_log_write(
        actor=actor,
        verb="crm.user.updated",
        obj=user,
        details=_details(user, sorted(changed + changed_relations)),
    )
    return user


@transaction.atomic
def user_set_password(*, actor: Any, user: User, password: str | None) -> User:
    """A new password, or none (``None``: the account cannot sign in with a password).

    Raises: PermissionDenied.
    """
    _require_manage(actor)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save(update_fields=["password"])
    action_log_write(
        actor=actor,
        verb="crm.user.password_changed",
        obj=user,
        details={"usable": bool(password)},
    )
    return user


@transaction.atomic
def user_delete(*, actor: Any, user: User) -> None:
    """Remove an account made by mistake; one that did anything is deactivated instead, so the
    action log and the field history keep who did it.

    Raises: PermissionDenied (also for one's own account), ValidationError (code ``in_use``).
    """
    _require_manage(actor)
    if user.pk == getattr(actor, "pk", None):
        raise PermissionDenied
    in_use = ValidationError(
        gettext(
            "This account cannot be deleted: the action log or other records name it. "
            "Deactivate it instead (clear “active”)."
        ),
        code="in_use",
    )
    if ActionLog.objects.filter(actor=user).exists():
        raise in_use
    action_log_write(actor=actor, verb="crm.user.deleted", obj=user, details={"id": user.pk})
    try:
        with transaction.atomic():
            user.delete()
    except ProtectedError as error:
        raise in_use from error
