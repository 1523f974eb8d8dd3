"""iCalendar files (RFC 5545) written by hand: no library is installed for it, and the part we
need is small. Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character);
text escapes backslash, ``;``, ``,`` and line breaks; every event has a UID and a DTSTAMP.

Tasks and events are whole days (``DTSTART;VALUE=DATE``, with the exclusive ``DTEND`` the day
after the last), so no time zone is involved.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

LINE_OCTETS = 75
PRODID = "-//ROPS Bialystok//Siec CRM//PL"


@dataclass(frozen=True)
class CalendarEntry:
    """One all-day entry: ``first_day`` to ``last_day`` inclusive."""

    uid: str
    summary: str
    first_day: datetime.date
    last_day: datetime.date | None = None
    description: str = ""
    location: str = ""
    url: str = ""
    categories: str = ""


def escape_text(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): ``\\``, ``;``, ``,`` escaped, line breaks as ``\\n``."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> bytes:
    """One content line as octets, folded so no physical line exceeds 75 octets (3.1)."""
    physical: list[bytes] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > LINE_OCTETS:
            physical.append(current)
            current = b" "  # a continuation line starts with one space
        current += encoded
    physical.append(current)
    return b"\r\n".join(physical) + b"\r\n"


def _date(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


def _entry_lines(entry: CalendarEntry, stamp: str) -> list[str]:
    last = entry.last_day or entry.first_day
    lines = [
        "BEGIN:VEVENT",
        f"UID:{entry.uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_date(entry.first_day)}",
        f"DTEND;VALUE=DATE:{_date(last + datetime.timedelta(days=1))}",
        f"SUMMARY:{escape_text(entry.summary)}",
        "TRANSP:TRANSPARENT",
    ]
    if entry.description:
        lines.append(f"DESCRIPTION:{escape_text(entry.description)}")
    if entry.location:
        lines.append(f"LOCATION:{escape_text(entry.location)}")
    if entry.categories:
        lines.append(f"CATEGORIES:{escape_text(entry.categories)}")
    if entry.url:
        lines.append(f"URL:{entry.url}")
    lines.append("END:VEVENT")
    return lines


def to_ics(
    entries: Iterable[CalendarEntry], *, name: str, now: datetime.datetime | None = None
) -> bytes:
    """A VCALENDAR with ``entries``, named ``name`` in the calendar application."""
    moment = now or datetime.datetime.now(datetime.UTC)
    stamp = moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for entry in entries:
        lines += _entry_lines(entry, stamp)
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) for line in lines)
