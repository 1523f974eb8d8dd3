"""Django admin for data stewards: territory, users and the action log."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from crm.audit.models import ActionLog
from crm.territory.models import Gmina, Powiat, Subregion
from crm.users import User


@admin.register(Subregion)
class SubregionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


@admin.register(Powiat)
class PowiatAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "is_city", "valid_from", "valid_to"]
    list_filter = ["is_city"]
    search_fields = ["code", "name"]


@admin.register(Gmina)
class GminaAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "powiat", "subregion", "valid_from", "valid_to"]
    list_filter = ["kind", "subregion", "powiat"]
    list_select_related = ["powiat", "subregion"]
    search_fields = ["code", "name"]
    list_editable = ["subregion"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "role", "is_active"]
    list_filter = ["role", "is_active", "subregions"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Role in Sieć"), {"fields": ("role", "subregions")}),
    )
    filter_horizontal = ("groups", "user_permissions", "subregions")


@admin.register(ActionLog)
class ActionLogAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "verb", "object_repr"]
    list_filter = ["verb"]
    search_fields = ["verb", "object_repr", "object_id"]
    date_hierarchy = "at"
    list_select_related = ["actor"]

    # The log is evidence: nobody edits or deletes it, not even administrators.
    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
