"""Which rows a batch may write: an OWES partner's upload only rows of its subregions.

A row is refused, with the reason, when it matches an organisation of another subregion (or
one with no gmina: nobody's subregion), when the file puts it in a gmina of another
subregion, or when it would create an organisation with no gmina (whether it lies in the
partner's subregions cannot be told: an unknown or ambiguous gmina name). The plan and the
apply both ask (``Limit.refusal``), so a row the database moved out of reach meanwhile is
refused when applied too. A refused row is an error row: listed on the batch page and in the
error report with its Excel row number, and nothing of it is written.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from crm.territory.models import Gmina, Subregion
from crm.top.imports.models import ImportBatch


class Limit:
    """The subregions a batch's rows must lie in (``allowed``; None: any row may be written)."""

    def __init__(self, batch: ImportBatch) -> None:
        self.allowed: set[int] | None = None
        if not batch.limited:
            return
        self.allowed = set(batch.subregions.values_list("pk", flat=True))
        names = dict(Subregion.objects.values_list("pk", "name"))
        self.subregion_names = names
        self.gminas: dict[int, tuple[str, int | None]] = {}
        self.by_code: dict[str, int] = {}
        for pk, code, name, subregion in Gmina.objects.values_list(
            "pk", "code", "name", "subregion_id"
        ):
            self.gminas[pk] = (name, subregion)
            self.by_code[code] = pk
        self.ours = ", ".join(sorted(names[pk] for pk in self.allowed)) or "—"

    def _where(self, subregion: int | None) -> str:
        return self.subregion_names.get(subregion or 0) or _("no subregion")

    def refusal(self, organisation: Any, entity: dict[str, Any]) -> str:
        """Why the row may not be written (in the active language), or "" when it may.

        ``organisation``: the record the row matched (a model or a plan's ``Found``), or None.
        """
        if self.allowed is None:
            return ""
        if organisation is not None:
            _name, subregion = self.gminas.get(organisation.gmina_id or 0, ("", None))
            if subregion not in self.allowed:
                return _(
                    "Matches %(name)s (#%(id)d) of %(subregion)s, outside the subregions of "
                    "this import (%(ours)s): not changed"
                ) % {
                    "name": organisation.name,
                    "id": organisation.pk,
                    "subregion": self._where(subregion),
                    "ours": self.ours,
                }
        code = entity.get("gmina") or ""
        if code:
            name, subregion = self.gminas.get(self.by_code.get(code, 0), (code, None))
            if subregion not in self.allowed:
                return _(
                    "The gmina %(gmina)s is in %(subregion)s, outside the subregions of this "
                    "import (%(ours)s): not imported"
                ) % {"gmina": name, "subregion": self._where(subregion), "ours": self.ours}
        elif organisation is None:
            return _(
                "No gmina known for a new organisation, so it cannot be told whether it lies in "
                "the subregions of this import (%(ours)s): give its gmina and import the row "
                "again"
            ) % {"ours": self.ours}
        return ""
