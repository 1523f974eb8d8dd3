"""The lists that can be exported by name: each app registers its own from its app config.

The ground floor keeps the table and the machinery (scoping, formats, the background task);
what a list holds and how its filters read is the owning app's, so this module imports no
app. ``register_export("organisations", ExportSpec(...))`` in ``AppConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict

from crm.exports.tables import Column


@dataclass(frozen=True)
class ExportSpec:
    # (user, filters) → the rows that user sees with those filters, scoped by ``crm.access``.
    queryset: Callable[[Any, dict[str, Any]], QuerySet[Any]]
    # (user, filters) → the columns; personal ones are dropped for who may not see them.
    columns: Callable[[Any, dict[str, Any]], Sequence[Column]]
    # The file's name and the sheet's title (a lazy translated text, e.g. "organizacje").
    title: Any
    # The whole list is personal data (people, contacts, tasks, participants): only for the
    # roles that see it.
    personal: bool = False
    # The path from a row to the people its personal columns name ("pk" for a list of people,
    # "person" for affiliations): each one is recorded as seen in the access log.
    people: str | None = None


EXPORTS: dict[str, ExportSpec] = {}


def register_export(name: str, spec: ExportSpec) -> None:
    """Offer the list ``name`` for export (once; a second registration is a programming error).

    Raises: ValueError when ``name`` is taken by another list.
    """
    if EXPORTS.get(name, spec) != spec:
        raise ValueError(f"export {name!r} is registered twice")
    EXPORTS[name] = spec


def filtered(
    filterset_class: Any, filters: dict[str, Any], queryset: QuerySet[Any]
) -> QuerySet[Any]:
    """The list page's own FilterSet over ``queryset``.

    Raises: ValueError when the filters do not validate (an export never ignores a filter).
    """
    data = QueryDict(mutable=True)
    for key, value in filters.items():
        data.setlist(
            key, [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
        )
    filterset = filterset_class(data=data, queryset=queryset)
    if not filterset.is_valid():
        # By the labels the list's filter form shows, for the page that says what to correct.
        fields = filterset.form.fields
        raise ValueError(
            {
                str(fields[name].label or name) if name in fields else name: [str(m) for m in errs]
                for name, errs in filterset.errors.items()
            }
        )
    return filterset.qs
