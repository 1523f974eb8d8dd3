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
    """Each by full name, or the username when there is none (``User.display_name``)."""
    rows = """
        SELECT id, username,
          coalesce(nullif(trim(first_name || ' ' || last_name), ''), username) AS display_name
        FROM crm_user WHERE is_active ORDER BY username"""
    return _paged("crm_user", "is_active", [], rows, _size(params))


# ``crm.text.fold`` of a Polish header in SQL: no case, no Polish letters, words apart.
_FOLDED_HEADER = """trim(regexp_replace(lower(translate(h, 'ąćęłńóśźżĄĆĘŁŃÓŚŹŻ',
    'acelnoszzACELNOSZZ')), '[^a-z0-9]+', ' ', 'g'))"""


@floor("import-batch")
def import_batches(params: QueryDict, user: Any) -> list[Query]:
    """With the headers no mapping takes, the subregions a partner's import is limited to and
    its progress; the JSON columns as json (Django's connection leaves jsonb as text). The
    notice is only ever said on the answer of the request that queued the batch."""
    rows = f"""
        SELECT b.id, b.source, b.original_name, b.file_type, b.size, b.status,
          b.counts::json AS counts, b.headers::json AS headers, b.mapping::json AS mapping,
          ARRAY(SELECT h FROM jsonb_array_elements_text(b.headers) WITH ORDINALITY AS x(h, n)
                WHERE h <> '' AND NOT jsonb_exists(b.mapping, {_FOLDED_HEADER}) ORDER BY n)
            AS unmapped_headers,
          b.header_row, b.file_rows, b.encoding, b.delimiter, b.sheet, b.user_id AS user,
          ARRAY(SELECT s.slug FROM imports_importbatch_subregions x
                JOIN crm_subregion s ON s.id = x.subregion_id
                WHERE x.importbatch_id = b.id ORDER BY s.name) AS limited_to,
          b.created_at, b.planned_at, b.applied_at, b.reverted_at,
          json_build_object('done', b.progress_done, 'total', b.progress_total) AS progress,
          b.heartbeat_at AS last_progress_at, b.error, '' AS notice
        FROM imports_importbatch b ORDER BY b.created_at DESC, b.id DESC"""
    return _paged("imports_importbatch", "TRUE", [], rows, _size(params))
