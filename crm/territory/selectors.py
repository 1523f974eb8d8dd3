"""Reads of the territory the pages share."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch

from crm.territory.models import Gmina, Subregion


def subregions_with_gminas() -> list[Any]:
    """Every subregion with its gminas (and their powiats) and its number of organisations."""
    gminas = Gmina.objects.select_related("powiat").order_by("name")
    return list(
        Subregion.objects.annotate(organisations=Count("gminas__organisations", distinct=True))
        .prefetch_related(Prefetch("gminas", queryset=gminas))
        .order_by("name")
    )


def subregions_by_name() -> list[Subregion]:
    """The subregions, as the lists' subregion filters offer them."""
    return list(Subregion.objects.order_by("name"))
