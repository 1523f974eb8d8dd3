"""Deciding a flagged row of an import (``pipeline.flags``) in one step: the organisation is
changed through ``contacts.services.organisation_update`` (its history and the action log say
who, and that it was this import's row), and the flag records the choice."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import Organisation, OrganisationMerge
from contacts.services import organisation_update
from crm import access
from crm.audit.services import action_log_write
from crm.territory.models import Gmina
from crm.top.imports.models import ImportFlag, ImportRow

Kind = ImportFlag.Kind


def _organisation_now(organisation_id: int, *, lock: bool = False) -> Organisation:
    """The organisation the import wrote, or the one it was merged into since (a merge keeps
    its record), following merges of merges. Raises ValidationError when it was deleted."""
    seen = set()
    while organisation_id not in seen:
        seen.add(organisation_id)
        organisations = Organisation.objects.select_for_update() if lock else Organisation.objects
        found = organisations.filter(pk=organisation_id).first()
        if found is not None:
            return found
        merge = (
            OrganisationMerge.objects.filter(duplicate_id=organisation_id, undone_at=None)
            .order_by("-merged_at")
            .first()
        )
        if merge is None:
            break
        organisation_id = merge.survivor_id
    raise ValidationError(
        _("The organisation of this row has been deleted since; there is nothing to change."),
        code="gone",
    )


@access.unscoped("the flagged organisation is found by its id; its update checks the access")
@transaction.atomic
def import_flag_resolve(*, actor: Any, flag: ImportFlag, choice: str) -> ImportFlag:
    """Apply ``choice`` (one of the flag's choices) to the flagged organisation.

    A flagged organisation merged since is decided on the one it was merged into.

    Raises: ValidationError (decided already, not one of the choices, the organisation
    deleted, a rule of the organisation refuses it), PermissionDenied.
    """
    access.require_capability(actor, "imports.run")
    flag = ImportFlag.objects.select_for_update().get(pk=flag.pk)
    if flag.resolved_at is not None:
        raise ValidationError(_("This row has been decided already."), code="decided")
    if choice not in {str(value) for value, _label in flag.choices}:
        raise ValidationError(_("Choose one of the choices offered."), code="invalid_choice")
    organisation = _organisation_now(flag.organisation_id, lock=True)
    reason = _("decision on row %(row)d of import #%(batch)d") % {
        "row": flag.row_number,
        "batch": flag.batch_id,
    }
    fields: dict[str, Any] = {}
    if flag.kind == Kind.GMINA:
        fields["gmina"] = Gmina.objects.get(code=choice)
    elif flag.kind == Kind.KIND and choice != organisation.kind:
        fields["kind"] = choice
        row = ImportRow.objects.filter(batch_id=flag.batch_id, row_number=flag.row_number).first()
        legal_form = (row.values.get("legal_form") or "") if row is not None else ""
        if row is not None and row.values.get("kind") == choice:
            fields["legal_form"] = legal_form
    elif flag.kind == Kind.OPERATOR:
        fields["operator"] = _organisation_now(int(choice))
    if fields:
        organisation_update(actor=actor, organisation=organisation, reason=reason, **fields)
    flag.chosen = choice
    flag.resolved_by = actor if getattr(actor, "pk", None) else None
    flag.resolved_at = timezone.now()
    flag.save(update_fields=["chosen", "resolved_by", "resolved_at"])
    action_log_write(
        actor=actor,
        verb="imports.flag.resolved",
        obj=organisation,
        details={
            "batch": flag.batch_id,
            "row": flag.row_number,
            "decision": flag.kind,
            "chosen": choice,
        },
    )
    return flag
