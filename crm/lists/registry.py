"""The list pages people can shape, by key: each app registers its own from its app config.

A ``ListSpec`` says what the page shows and how it sorts; the ground floor keeps the rest (the
preferences, the saved views, the settings form), so this module imports no app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Rows a page a person may choose; lists start at their own default.
PAGE_SIZES = (10, 25, 50, 100)


@dataclass(frozen=True)
class ListColumn:
    key: str
    label: Any  # a lazy translated text
    # Shown unless the person hides it; False: offered, hidden until the person shows it.
    default: bool = True
    # The link to the record: always shown, not offered in the settings.
    fixed: bool = False
    # A capability without which the column is never shown nor offered (personal data for
    # viewers), whatever the person's preference says.
    capability: str | None = None


@dataclass(frozen=True)
class ListSpec:
    key: str
    title: Any  # a lazy translated text, e.g. "Organisations"
    columns: tuple[ListColumn, ...]
    # The list's FilterSet (its filters are what a saved view keeps, with ``filters``); read
    # when a view is saved, so filters another app adds to it later count too.
    filterset: Any = None
    filters: frozenset[str] = frozenset()
    # The fields a person may sort by (each ascending or, with "-", descending).
    sorts: tuple[tuple[str, Any], ...] = ()
    page_size: int = 25
    # The page's URL name when it takes no arguments (where to go back after a change).
    url_name: str | None = None

    def kept_params(self) -> frozenset[str]:
        """The query parameters a saved view keeps: the filters and the sort."""
        names = set(self.filters) | {"ordering"}
        if self.filterset is not None:
            names |= set(self.filterset.base_filters)
        return frozenset(names)

    def ordering_allowed(self, ordering: str) -> bool:
        return ordering.removeprefix("-") in {field for field, _label in self.sorts}

    def column(self, key: str) -> ListColumn | None:
        return next((c for c in self.columns if c.key == key), None)


LISTS: dict[str, ListSpec] = {}


def register_list(spec: ListSpec) -> None:
    """Make ``spec.key`` a list people can shape (once).

    Raises: ValueError when the key is taken by another list.
    """
    if LISTS.get(spec.key, spec) != spec:
        raise ValueError(f"list {spec.key!r} is registered twice")
    LISTS[spec.key] = spec


def list_spec(key: str) -> ListSpec:
    """Raises: KeyError for a list nobody registered."""
    return LISTS[key]
