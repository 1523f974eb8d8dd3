"""Who may use the monitoring API: readers need monitoring.view, writers monitoring.edit."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from crm import access


class MonitoringPermission(BasePermission):
    """Reading needs ``monitoring.view``; writing needs ``monitoring.edit``."""

    def has_permission(self, request: Request, view: Any) -> bool:
        needed = "monitoring.view" if request.method in SAFE_METHODS else "monitoring.edit"
        return access.has_capability(request.user, needed)
