"""The floors of the reference lists: territory, users and import batches."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

from benchmarks.floors.base import Query, _paged, _size, floor


@floor("subregion")
def subregions(params: QueryDict, user: Any) -> list[Query]:
    rows = "SELECT id, slug, name FROM crm_subregion ORDER BY name"
    return _paged("crm_subregion", "TRUE", [], rows, _size(params))


@floor("powiat")
def powiats(params: QueryDict, user: Any) -> list[Query]:
    rows = "SELECT code, name, is_city, valid_from, valid_to FROM crm_powiat ORDER BY code"
    return _paged("crm_powiat", "TRUE", [], rows, _size(params))


@floor("gmina")
def gminas(params: QueryDict, user: Any) -> list[Query]:
    """With the name each list shows (``Gmina.display_name``: the kind in the request's
    language after the name)."""
    from crm.territory.models import Gmina

    kinds = {str(kind): str(label) for kind, label in Gmina.SHORT_KINDS.items()}
    whens = " ".join("WHEN %s THEN g.name || ' (' || %s || ')'" for _kind in kinds)
    rows = f"""
        SELECT g.code, g.name, CASE g.kind {whens} ELSE g.name END AS display_name, g.kind,
          p.code AS powiat, s.slug AS subregion, g.valid_from, g.valid_to
        FROM crm_gmina g JOIN crm_powiat p ON p.id = g.powiat_id
        LEFT JOIN crm_subregion s ON s.id = g.subregion_id ORDER BY g.code"""
    labels = [value for pair in kinds.items() for value in pair]
    return [
        ("count", "SELECT count(*) FROM crm_gmina", []),
        ("results", rows + " LIMIT %s", [*labels, _size(params)]),
    ]


@floor("user")
def users(params: QueryDict, user: Any) -> list[Query]:
    rows = """
        SELECT id, username, trim(first_name || ' ' || last_name) AS display_name FROM crm_user
        WHERE is_active ORDER BY username"""
    return _paged("crm_user", "is_active", [], rows, _size(params))


@floor("import-batch")
def import_batches(params: QueryDict, user: Any) -> list[Query]:
    rows = """
        SELECT id, source, original_name, file_type, size, status, counts, headers, mapping,
          header_row, encoding, delimiter, sheet, user_id AS user, created_at
        FROM imports_importbatch ORDER BY created_at DESC, id DESC"""
    return _paged("imports_importbatch", "TRUE", [], rows, _size(params))
