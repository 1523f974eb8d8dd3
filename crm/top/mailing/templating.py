"""The placeholders of a message, filled without a template engine.

A message is written by a user, so it must not run anything: Django's templates would give it
filters, tags and every attribute of the objects passed in. Here ``{{ name }}`` is replaced by
one of a fixed set of texts and nothing else happens; an unknown name is refused when the
message is written, so no recipient gets a message with a hole in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PLACEHOLDER = re.compile(r"\{\{\s*([\w]+)\s*\}\}")

# The names a message may use, in the order the form lists them, with what each becomes.
PLACEHOLDERS = {
    "organizacja": _("the organisation's name"),
    "osoba": _("the person's first and last name (empty for an organisation's address)"),
    "imie": _("the person's first name"),
    "nazwisko": _("the person's last name"),
    "wydarzenie": _("the event's title"),
    "data_wydarzenia": _("the event's date, e.g. 27.11.2026"),
    "miejsce_wydarzenia": _("the event's address"),
    "siec": _("the network's name"),
}


@dataclass(frozen=True)
class Filled:
    subject: str
    body: str


def unknown_placeholders(text: str) -> list[str]:
    return sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})


def check_template(text: str) -> None:
    """Raises: ValidationError naming the placeholders that do not exist."""
    unknown = unknown_placeholders(text)
    if unknown:
        raise ValidationError(
            _("Unknown placeholder %(names)s. You can use: %(known)s.")
            % {
                "names": ", ".join(f"{{{{ {name} }}}}" for name in unknown),
                "known": ", ".join(f"{{{{ {name} }}}}" for name in PLACEHOLDERS),
            },
            code="placeholder",
        )


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with every known placeholder replaced by its value (missing: empty)."""
    return PLACEHOLDER.sub(
        lambda match: values.get(match.group(1), "") if match.group(1) in PLACEHOLDERS
        else match.group(0),
        text,
    )  # fmt: skip


def fill_message(subject: str, body: str, values: dict[str, str]) -> Filled:
    # A header holds one line: a line break in a name must not start another header.
    one_line = " ".join(fill(subject, values).split())
    return Filled(subject=one_line, body=fill(body, values))
