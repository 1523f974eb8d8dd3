"""The organisation field of the forms: a name is typed or picked, the id travels beside it.

People read names, not database ids: the text field shows only the name, and the organisation
picked from the suggestions (or preset by the page) rides in a hidden ``<name>_id`` field. Typed
without a pick (no JavaScript), the text must match one organisation; when several match, the
error offers them to pick from.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from contacts.models import Organisation
from crm.identifiers import format_nip

ID_SUFFIX = re.compile(r"\s*#(\d+)\s*$")


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


class OrganisationPickerWidget(forms.TextInput):
    """A text input showing the name, and a hidden input holding the picked organisation."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={"list": "organisation-options", "autocomplete": "off", **(attrs or {})}
        )

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        text = "" if value is None else str(value)
        match = ID_SUFFIX.search(text)
        shown = text[: match.start()] if match else text
        picked = match.group(1) if match else ""
        return format_html(
            '{}<input type="hidden" name="{}_id" value="{}" data-picked-id>',
            super().render(name, shown, attrs, renderer),
            name,
            picked,
        )

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        text = data.get(name)
        picked = (data.get(f"{name}_id") or "").strip()
        if picked.isdigit() and text is not None and not ID_SUFFIX.search(text):
            return f"{text.strip()} #{picked}"
        return text


class OrganisationPickField(forms.CharField):
    """Type a name, NIP, REGON or KRS; a suggestion picked from the list carries its id.

    Works without JavaScript: what is typed must then match exactly one organisation.
    """

    widget = OrganisationPickerWidget

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        self.organisations = organisations
        kwargs.setdefault("widget", OrganisationPickerWidget())
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Any:
        from contacts.filters import organisation_search

        text = super().to_python(value)
        if not text:
            return None
        match = ID_SUFFIX.search(text)
        if match:
            typed = text[: match.start()]
            found = self.organisations.filter(pk=int(match.group(1))).first()
            if found is None:
                raise ValidationError(_("This organisation does not exist."), code="missing")
            # The id of an earlier pick stays in the hidden field when the name is typed over:
            # the name typed then wins.
            if not typed or _fold(typed).startswith(_fold(found.name)):
                return found
            text = typed
        if text.isdigit() and self.organisations.filter(pk=int(text)).exists():
            return self.organisations.get(pk=int(text))
        candidates = list(
            organisation_search(self.organisations, text)
            .select_related("gmina")
            .order_by("name", "id")[:6]
        )
        exact = [o for o in candidates if o.name.casefold() == text.casefold()]
        if len(exact) == 1:
            return exact[0]
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise ValidationError(
                _("No organisation matches “%(text)s”. Check the name or type its NIP."),
                params={"text": text},
                code="none",
            )
        raise ValidationError(
            _(
                "Several organisations match “%(text)s”: %(names)s. "
                "Type more of the name or the NIP."
            ),
            params={
                "text": text,
                "names": "; ".join(o.name for o in candidates[:5]),
                "candidates": [_candidate(o) for o in candidates[:5]],
            },
            code="several",
        )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Organisation):
            return f"{value.name} #{value.pk}"
        if isinstance(value, int):
            found = self.organisations.filter(pk=value).first()
            return f"{found.name} #{found.pk}" if found else value
        return value


def _candidate(organisation: Organisation) -> dict[str, Any]:
    """What the error shows of one candidate: enough to tell two of the same name apart."""
    meta = [str(organisation.get_kind_display())]
    if organisation.nip:
        meta.append("NIP " + format_nip(organisation.nip))
    if organisation.gmina:
        meta.append(organisation.gmina.name)
    return {"pk": organisation.pk, "name": organisation.name, "meta": " · ".join(meta)}
