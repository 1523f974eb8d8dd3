"""What the apps above contacts add to its pages and its organisation filter.

contacts stands below networks and interactions and never imports them, not even by name. An
upper app that shows something on the organisation page (its memberships, its contacts) or
filters the organisation list by something of its own (members of a network) registers it
here from its app config's ``ready``; contacts renders what is registered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import django_filters


@dataclass(frozen=True)
class OrganisationSection:
    """A section of the organisation page that another app fills.

    ``context(user, organisation)`` returns what ``template`` needs (it reads through the app's
    own selectors, so it is scoped); ``None`` leaves the section out for that user.
    """

    key: str
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class ListFilterMenu:
    """A registered filter as the list page offers it to one user."""

    name: str
    label: Any
    choices: list[tuple[str, str]]


@dataclass(frozen=True)
class RenderedSection:
    template: str
    context: dict[str, Any]


@dataclass(frozen=True)
class OrganisationListFilter:
    """A filter of the organisation list (page, API and exports) that another app provides.

    ``choices(user)`` gives the options the list page offers, as ``(value, label)``; ``None``
    means the filter has no menu on the page (it still works in the API and in links).
    """

    name: str
    label: Any  # a (lazy) translated text
    filter: django_filters.Filter
    choices: Callable[[Any], list[tuple[str, str]]] | None = None


ORGANISATION_SECTIONS: dict[str, OrganisationSection] = {}
# The person's page takes sections of the same shape (``context(user, person)``).
PERSON_SECTIONS: dict[str, OrganisationSection] = {}
ORGANISATION_FILTERS: dict[str, OrganisationListFilter] = {}


def register_organisation_section(section: OrganisationSection) -> None:
    ORGANISATION_SECTIONS[section.key] = section


def register_person_section(section: OrganisationSection) -> None:
    PERSON_SECTIONS[section.key] = section


def register_organisation_filter(extension: OrganisationListFilter) -> None:
    """Add the filter to ``OrganisationFilter`` itself, so the page, the API (and its schema)
    and the exports all take it."""
    from contacts.filters import OrganisationFilter

    ORGANISATION_FILTERS[extension.name] = extension
    OrganisationFilter.base_filters[extension.name] = extension.filter


def organisation_filter_menus(user: Any) -> list[ListFilterMenu]:
    """The registered filters that have a menu on the list page, with ``user``'s options."""
    return [
        ListFilterMenu(f.name, f.label, f.choices(user))
        for f in ORGANISATION_FILTERS.values()
        if f.choices is not None
    ]


def organisation_sections(user: Any, organisation: Any) -> list[RenderedSection]:
    """The registered sections of ``organisation``'s page that ``user`` gets, in order."""
    rendered = []
    for section in ORGANISATION_SECTIONS.values():
        context = section.context(user, organisation)
        if context is not None:
            rendered.append(RenderedSection(section.template, context))
    return rendered


def person_sections(user: Any, person: Any) -> list[RenderedSection]:
    """The registered sections of ``person``'s page that ``user`` gets, in order."""
    rendered = []
    for section in PERSON_SECTIONS.values():
        context = section.context(user, person)
        if context is not None:
            rendered.append(RenderedSection(section.template, context))
    return rendered
