"""What every django-import-export resource of the app shares: formula-safe exports.

django-import-export's ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT`` strips one leading ``=``
only (``==1+1`` still gets through), so every exported value goes through our own
``escape_cell`` instead, whichever way the export is run (a list's export button, the admin's).
"""

from __future__ import annotations

from typing import Any

from crm.exports.formats import escape_cell


class FormulaSafeMixin:
    """Put first in a ``ModelResource``'s bases: no exported cell can run as a formula."""

    def export_field(self, field: Any, instance: Any, **kwargs: Any) -> Any:
        return escape_cell(super().export_field(field, instance, **kwargs))  # type: ignore[misc]
