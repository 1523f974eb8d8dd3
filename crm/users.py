"""Users and their roles. What a role may do is decided in ``crm.access`` only."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from crm.territory.models import Subregion


class Role(models.TextChoices):
    ADMIN = "admin", _("administrator")
    MANAGER = "manager", _("manager")
    TEAM = "team", _("team member")
    OWES_PARTNER = "owes_partner", _("OWES partner")
    VIEWER = "viewer", _("viewer")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    subregions = models.ManyToManyField(
        Subregion,
        blank=True,
        related_name="partner_users",
        verbose_name=_("subregions"),
        help_text=_("For OWES partners: the subregions whose organisations they may edit."),
    )

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
