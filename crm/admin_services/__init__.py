"""The admin's one write path: every save, delete and inline row of the admin is a service call.

A ModelAdmin mixes in ``ServiceAdmin`` (an inline ``ServiceInline``) and names the services that
write its model by defining ``service_create`` / ``service_update`` / ``service_delete``. What it
does not define, the admin does not offer: no "add" button, a read-only change page, no delete.
The services do the rest exactly as for the pages and the API: the rules, the author of the field
history and the action log entry. (A class that holds such methods for an admin and its inline
alike comes before ``ServiceAdmin`` in the bases, e.g. ``class A(StatusServices, ServiceAdmin)``.)

A service's ``ValidationError`` comes back as form errors (or, after a delete or an action, an
error message), ``PermissionDenied`` as a refusal; never as a 500. Nothing is half written: the
refusal leaves the admin's own transaction before it is shown, so that transaction rolls back.

Ground floor: this module imports no app; each app's ``admin.py`` names its own services.
"""

from crm.admin_services.extras import add_changelist_link
from crm.admin_services.options import (
    ServiceAdmin,
    ServiceInline,
    ServiceTabularInline,
    is_read_only,
)
from crm.admin_services.rows import ServiceRefused, end_date, only_changing, refusals

__all__ = [
    "ServiceAdmin",
    "ServiceInline",
    "ServiceRefused",
    "ServiceTabularInline",
    "add_changelist_link",
    "end_date",
    "is_read_only",
    "only_changing",
    "refusals",
]
