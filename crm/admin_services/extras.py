"""Around the admin's lists: links to the application's own pages, and exports.

A page of an upper floor (the import page) is offered above a list from the floor that owns the
page, keyed by model label, so this ground floor names no app.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from crm.exports.services import export_queryset


@dataclass(frozen=True)
class ChangelistLink:
    text: str | Promise
    url_name: str
    help_text: str | Promise = ""


_LINKS: dict[str, list[ChangelistLink]] = defaultdict(list)


def add_changelist_link(
    model_label: str, text: str | Promise, url_name: str, help_text: str | Promise = ""
) -> None:
    """Offer a page of the application above the admin list of ``model_label``."""
    link = ChangelistLink(text, url_name, help_text)
    if link not in _LINKS[model_label]:
        _LINKS[model_label].append(link)


def links_for(model_label: str) -> list[dict[str, Any]]:
    """The links above the list of ``model_label``, with their URLs (unknown names are left out)."""
    links = []
    for link in _LINKS.get(model_label, []):
        try:
            url = reverse(link.url_name)
        except NoReverseMatch:
            continue
        links.append({"text": link.text, "url": url, "help": link.help_text})
    return links


def export_action(fmt: str) -> Any:
    def export(modeladmin: Any, request: HttpRequest, queryset: Any) -> HttpResponse:
        # Through crm.exports like every list page's export: scoped, formula-safe, logged.
        exported = export_queryset(
            actor=request.user, resource=modeladmin.export_resource(), queryset=queryset, fmt=fmt
        )
        response = HttpResponse(exported.content, content_type=exported.content_type)
        response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
        return response

    return export
