"""Deciding a flagged row of an import (``pipeline.flags``) in one step: the organisation is
changed through ``contacts.services.organisation_update`` (its history and the action log say
who, and that it was this import's row), and the flag records the choice."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import Organisation
from contacts.services import organisation_update
from crm import access
from crm.audit.services import action_log_write
from crm.territory.models import Gmina
from crm.top.imports.models import ImportFlag, ImportRow

Kind = ImportFlag.Kind


@access.unscoped("the flagged organisation is found by its id; its update checks the access")
@transaction.atomic
def import_flag_resolve(*, actor: Any, flag: ImportFlag, choice: str) -> ImportFlag:
    """Apply ``choice`` (one of the flag's choices) to the flagged organisation.

    Raises: ValidationError (decided already, not one of the choices, a rule of the
    organisation refuses it), PermissionDenied.
    """
    access.require_capability(actor, "imports.run")
    flag = ImportFlag.objects.select_for_update().get(pk=flag.pk)
    if flag.resolved_at is not None:
        raise ValidationError(_("This row has been decided already."), code="decided")
    if choice not in {str(value) for value, _label in flag.choices}:
        raise ValidationError(_("Choose one of the choices offered."), code="invalid_choice")
    organisation = Organisation.objects.select_for_update().get(pk=flag.organisation_id)
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
        fields["operator"] = Organisation.objects.get(pk=int(choice))
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
