"""What a recipient's copy of the message says: the placeholders' values and the footer."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

# Messages go out in Polish, as the reminders do, whatever the sender's language.
LANGUAGE = "pl"


def _date(event: Any) -> str:
    start = event.starts_on.strftime("%d.%m.%Y")
    if event.ends_on and event.ends_on != event.starts_on:
        return f"{start}–{event.ends_on.strftime('%d.%m.%Y')}"
    return start


def values_for(*, event: Any, network: Any, person: Any, organisation: Any) -> dict[str, str]:
    """The placeholders' values for one recipient (an empty text where there is none)."""
    return {
        "organizacja": organisation.name if organisation is not None else "",
        "osoba": str(person) if person is not None else "",
        "imie": person.first_name if person is not None else "",
        "nazwisko": person.last_name if person is not None else "",
        "wydarzenie": event.title if event is not None else "",
        "data_wydarzenia": _date(event) if event is not None else "",
        "miejsce_wydarzenia": (event.address or "") if event is not None else "",
        "siec": network.name if network is not None else "",
    }


def footer(link: str) -> str:
    with translation.override(LANGUAGE):
        return "-- \n" + _(
            "You receive this message from the Regional Social Policy Centre in Białystok "
            "(ROPS) as a partner of the social economy network. If you do not want to receive "
            "such messages, open: %(link)s"
        ) % {"link": link}
