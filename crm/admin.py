"""Django admin for data stewards: territory, users, sign-in protection and the action log.

Every change goes through a service (``crm.admin_services``) that writes the action log; what no
service writes is read-only here. The admins that third-party apps register (DRF's tokens,
django-axes' lock-outs, django-otp's devices) are registered again on the same terms.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.admin import AccessFailureLogAdmin as AxesAccessFailureLogAdmin
from axes.admin import AccessLogAdmin as AxesAccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Group
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy
from simple_history.admin import SimpleHistoryAdmin

from crm.admin_services import ServiceAdmin
from crm.audit.models import ActionLog
from crm.lists import admin as lists_admin  # noqa: F401  (registers the saved views)
from crm.signin.services import api_token_revoke, lockout_clear, two_factor_remove
from crm.territory.models import Gmina, Powiat, Subregion
from crm.territory.services import gmina_assign_subregion, subregion_rename
from crm.user_services import user_create, user_delete, user_set_password, user_update
from crm.users import User

# Roles (crm.access) decide what a user may do; Django's groups are not used.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)
for _model in (TokenProxy, AccessAttempt, AccessLog, AccessFailureLog, TOTPDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(Subregion)
class SubregionAdmin(ServiceAdmin, SimpleHistoryAdmin):
    """The four subregions are fixed (their slugs are in URLs and filters); names may change."""

    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    editable_on_change = ["name"]

    def service_update(
        self, request: HttpRequest, instance: Any, data: dict[str, Any], form: Any
    ) -> models.Model:
        return subregion_rename(actor=request.user, subregion=instance, name=data["name"])


@admin.register(Powiat)
class PowiatAdmin(ServiceAdmin, SimpleHistoryAdmin):
    """Read-only: powiats come from the GUS TERC file (``manage.py load_terc``)."""

    list_display = ["code", "name", "is_city", "valid_from", "valid_to"]
    list_filter = ["is_city"]
    search_fields = ["code", "name"]


@admin.register(Gmina)
class GminaAdmin(ServiceAdmin, SimpleHistoryAdmin):
    """Only the subregion is ours to set; the rest comes from the GUS TERC file."""

    list_display = ["code", "name", "kind", "powiat", "subregion", "valid_from", "valid_to"]
    list_filter = ["kind", "subregion", "powiat"]
    list_select_related = ["powiat", "subregion"]
    search_fields = ["code", "name"]
    list_editable = ["subregion"]
    editable_on_change = ["subregion"]

    def service_update(
        self, request: HttpRequest, instance: Any, data: dict[str, Any], form: Any
    ) -> models.Model:
        return gmina_assign_subregion(
            actor=request.user, gmina=instance, subregion=data["subregion"]
        )


# The administrator changing a password, for the form's save (Django builds the form itself).
_password_actor: ContextVar[Any] = ContextVar("password_actor")


class PasswordChangeForm(AdminPasswordChangeForm):
    def save(self, commit: bool = True) -> Any:
        password = (
            self.cleaned_data["password1"] if self.cleaned_data["set_usable_password"] else None
        )
        return user_set_password(actor=_password_actor.get(), user=self.user, password=password)


@admin.register(User)
class UserAdmin(ServiceAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "role", "is_active"]
    list_filter = ["role", "is_active", "subregions"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Role in Sieć"), {"fields": ("role", "subregions")}),
    )
    filter_horizontal = ("groups", "user_permissions", "subregions")
    change_password_form = PasswordChangeForm

    def service_create(self, request: HttpRequest, data: dict[str, Any], form: Any) -> models.Model:
        data.pop("password", None)
        usable = form.cleaned_data.get("set_usable_password", True)
        return user_create(
            actor=request.user,
            password=form.cleaned_data.get("password1") if usable else None,
            **data,
        )

    def service_update(
        self, request: HttpRequest, instance: Any, data: dict[str, Any], form: Any
    ) -> models.Model:
        data.pop("password", None)  # shown, never changed here: see the password page
        return user_update(actor=request.user, user=instance, **data)

    def service_delete(self, request: HttpRequest, instance: Any) -> None:
        user_delete(actor=request.user, user=instance)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        token = _password_actor.set(request.user)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            _password_actor.reset(token)


@admin.register(TokenProxy)
class ApiTokenAdmin(ServiceAdmin, TokenAdmin):
    """Each person makes their own token ("Moje tokeny API"); an administrator revokes one."""

    def service_delete(self, request: HttpRequest, instance: Any) -> None:
        api_token_revoke(actor=request.user, user=instance.user)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(ServiceAdmin, AxesAccessAttemptAdmin):
    """Failed sign-ins; deleting one lets the locked-out account or address try again."""

    actions: list[str] = []  # not axes' "clean up expired attempts", which logs nothing

    def service_delete(self, request: HttpRequest, instance: Any) -> None:
        lockout_clear(actor=request.user, attempt=instance)


@admin.register(AccessLog)
class AccessLogAdmin(ServiceAdmin, AxesAccessLogAdmin):
    """Read-only: what axes recorded."""


@admin.register(AccessFailureLog)
class AccessFailureLogAdmin(ServiceAdmin, AxesAccessFailureLogAdmin):
    """Read-only: what axes recorded."""


@admin.register(TOTPDevice)
class TwoFactorDeviceAdmin(ServiceAdmin, TOTPDeviceAdmin):
    """Devices are enrolled by their owner; an administrator removes a lost one (the owner then
    enrols again)."""

    def service_delete(self, request: HttpRequest, instance: Any) -> None:
        two_factor_remove(actor=request.user, user=instance.user)


@admin.register(ActionLog)
class ActionLogAdmin(ServiceAdmin):
    """The log is evidence: nobody edits or deletes it, not even administrators."""

    list_display = ["at", "actor", "verb", "object_repr"]
    list_filter = ["verb"]
    search_fields = ["verb", "object_repr", "object_id"]
    date_hierarchy = "at"
    list_select_related = ["actor"]
