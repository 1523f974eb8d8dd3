"""The rules of the Act on a PS status that need more than its own row."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contacts.models import SocialEnterpriseStatus
from crm.access import unscoped


@unscoped("a grant may not overlap any grant of the organisation, whoever can see it")
def ps_status_overlapping(status: SocialEnterpriseStatus) -> SocialEnterpriseStatus | None:
    """Another statutory grant of the same organisation whose period meets this one's.

    Periods are ``[granted_on, lost_on)``: a status lost on a day and one granted that day
    do not overlap. Legacy statuses are not compared (the old register had no such rule).
    """
    if status.kind != SocialEnterpriseStatus.Kind.STATUTORY or not status.organisation_id:
        return None
    if status.granted_on is None:
        return None
    others = SocialEnterpriseStatus.objects.filter(
        organisation_id=status.organisation_id, kind=SocialEnterpriseStatus.Kind.STATUTORY
    ).filter(Q(lost_on__isnull=True) | Q(lost_on__gt=status.granted_on))
    if status.lost_on is not None:
        others = others.filter(granted_on__lt=status.lost_on)
    if status.pk is not None:
        others = others.exclude(pk=status.pk)
    return others.order_by("granted_on", "pk").first()


def ps_status_check(status: SocialEnterpriseStatus) -> None:
    """Every rule of the Act on ``status`` at once, each refusal on its field.

    Raises: ValidationError.
    """
    errors: dict[str, list[ValidationError]] = {}
    try:
        status.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    other = ps_status_overlapping(status)
    if other is not None:
        errors.setdefault("granted_on", []).append(
            ValidationError(
                _(
                    "Overlaps the statutory PS status granted on %(date)s: an organisation "
                    "holds one statutory status at a time. Record when that one was lost first."
                ),
                code="overlap",
                params={"date": f"{other.granted_on:%d.%m.%Y}"},
            )
        )
    if errors:
        raise ValidationError(errors)
