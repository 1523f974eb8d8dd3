"""The permission matrix: every API route and method, with the rule that decides who may use it
and how to call it on an object of subregion A and of B (see ``test_permission_matrix.py``)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from tests.api.matrix.cases import (
    DELETE,
    IMPORTS,
    IMPORTS_RESUME,
    IMPORTS_REVERT,
    MONITORING_EDIT,
    PERSONAL_EXPORT,
    PUBLIC,
    READ,
    READ_PERSONAL,
    ROLES,
    WRITE,
    WRITE_ANY,
    Case,
    fixed,
    unsided,
    v1,
)
from tests.api.matrix.contact_log import CONTACT_LOG
from tests.api.matrix.contacts import CONTACTS
from tests.api.matrix.crossing import CROSSING, ROUTES_GDPR
from tests.api.matrix.exports import EXPORTS
from tests.api.matrix.imports import IMPORT_ROUTES
from tests.api.matrix.lists import SAVED_VIEWS
from tests.api.matrix.monitoring import MONITORING
from tests.api.matrix.networks import NETWORKS
from tests.api.matrix.tags import TAGS
from tests.api.matrix.territory import TERRITORY

__all__ = [
    "CROSSING",
    "DELETE",
    "IMPORTS",
    "IMPORTS_RESUME",
    "IMPORTS_REVERT",
    "MONITORING_EDIT",
    "PERSONAL_EXPORT",
    "PUBLIC",
    "READ",
    "READ_PERSONAL",
    "ROLES",
    "ROUTES",
    "WRITE",
    "WRITE_ANY",
    "Case",
    "api_routes",
]

ROUTES: dict[tuple[str, str], Case] = {
    ("api-root", "get"): unsided(READ, fixed(v1(""))),
    ("api-schema", "get"): unsided(PUBLIC, fixed("/api/schema/")),
    ("api-docs", "get"): unsided(PUBLIC, fixed("/api/docs/")),
    # One search for everything: any signed-in role, each finding what its scope shows.
    ("search:api", "get"): unsided(READ, fixed(v1("search/?q=spoldzielnia"))),
    **CONTACTS,
    **ROUTES_GDPR,
    **NETWORKS,
    **CONTACT_LOG,
    **TERRITORY,
    **IMPORT_ROUTES,
    **MONITORING,
    **TAGS,
    **SAVED_VIEWS,
    **EXPORTS,
}


def _methods(callback: Any) -> set[str]:
    actions = getattr(callback, "actions", None)
    if actions:
        return set(actions) - {"head", "options"}
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is None:
        return {"get"}
    return {
        method
        for method in view_class.http_method_names
        if method not in ("head", "options", "trace") and hasattr(view_class, method)
    }


def api_routes() -> set[tuple[str, str]]:
    """(URL name, method) of every route under /api/, as the resolver knows them."""
    found: set[tuple[str, str]] = set()

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern).lstrip("^")
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern) and route.startswith("api/"):
                assert pattern.name, f"unnamed API route {route}"
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.update((name, method) for method in _methods(pattern.callback))

    walk(get_resolver().url_patterns, "", "")
    return found
