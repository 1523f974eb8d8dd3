"""Saved views in the admin (imported by ``crm.admin``): each user saves their own on the list
pages; here they are only removed."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from crm.admin_services import ServiceAdmin
from crm.lists.models import SavedView
from crm.lists.services import saved_view_delete


@admin.register(SavedView)
class SavedViewAdmin(ServiceAdmin):
    list_display = ["name", "list_key", "owner", "is_shared", "created_at"]
    list_filter = ["list_key", "is_shared"]
    search_fields = ["name", "owner__username"]
    list_select_related = ["owner"]

    def service_delete(self, request: HttpRequest, instance: Any) -> None:
        saved_view_delete(actor=request.user, view=instance)
