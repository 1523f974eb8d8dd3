"""What every interactions service shares: M2M lists as ids, the several-organisations check.

Fields are set with ``crm.services.assign``, as in every app.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models

from crm import access
from crm.users import Role


def ids_of(values: Iterable[Any] | None) -> list[int]:
    """Model instances or primary keys, as a list of distinct primary keys in order."""
    result: list[int] = []
    for value in values or ():
        pk = value.pk if isinstance(value, models.Model) else int(value)
        if pk not in result:
            result.append(pk)
    return result


def require_for_organisations(
    actor: Any, action: str, model: type[models.Model], organisation_ids: list[int]
) -> None:
    """The check for rows that reach a subregion only through several organisations.

    An OWES partner may write such a row when at least one of its organisations lies in one of
    their subregions; everyone else is decided by the model-level rule.

    Raises: PermissionDenied.
    """
    access.require(actor, action, model)
    if access.role_of(actor) != Role.OWES_PARTNER:
        return
    from contacts.models import Organisation

    editable = access.scope(
        Organisation.objects.filter(pk__in=organisation_ids), actor, access.Action.CHANGE
    )
    if not editable.exists():
        raise PermissionDenied
