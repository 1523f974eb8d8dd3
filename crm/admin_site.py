"""The admin site: every admin page runs inside the escape hatch, entered here once.

Data stewards use the admin to see and fix any row (that is what ``is_staff`` is for), so the
admin reads unscoped; the writes it makes go through the services like everyone else's.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest, HttpResponse

from crm.scoping import unscoped


class SiecAdminSite(admin.AdminSite):
    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        """Every admin view (the site's and every ModelAdmin's) goes through here."""
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def unscoped_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            with unscoped("admin: data stewards see every row"):
                response = inner(request, *args, **kwargs)
                # A TemplateResponse renders after the view returns, outside this block.
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
            return response

        return unscoped_view


class SiecAdminConfig(AdminConfig):
    """``django.contrib.admin`` with the site above (INSTALLED_APPS names this instead)."""

    default_site = "crm.admin_site.SiecAdminSite"
