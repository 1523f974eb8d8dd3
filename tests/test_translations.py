"""The Polish catalogues are complete, and the compiled .mo files in git say what the .po files say.

Users may run Sieć without gettext tools, so the .mo committed next to each .po is what they see:
a string translated in the .po but not recompiled would silently show English.
"""

from __future__ import annotations

import ast
import gettext
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

BASE_DIR = Path(settings.BASE_DIR)
SKIP_DIRS = {".venv", ".git", "var", "node_modules", "test-artifacts", "__pycache__", "static"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w*\}")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False
    line: int = 0


def _unquote(text: str) -> str:
    value = ast.literal_eval(text.strip())
    assert isinstance(value, str)
    return value


def parse_po(path: Path) -> list[Entry]:
    """Just enough of the PO format for what makemessages writes (obsolete #~ entries ignored)."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int] | None = None

    def flush() -> None:
        nonlocal entry, target
        if target is not None:
            entries.append(entry)
        entry, target = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("#,"):
            entry.fuzzy = entry.fuzzy or "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert target is not None, f"{path}:{number}: continuation without a keyword"
            kind, index = target
            if kind == "msgstr":
                entry.msgstr[index] += _unquote(line)
            else:
                setattr(entry, kind, (getattr(entry, kind) or "") + _unquote(line))
        else:
            match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$", line)
            assert match, f"{path}:{number}: cannot read {line!r}"
            kind, index, value = match.group(1), int(match.group(2) or 0), _unquote(match.group(3))
            if kind == "msgctxt" or (kind == "msgid" and target and target[0] == "msgstr"):
                flush()
            if kind == "msgid":
                entry.line = number
            if kind == "msgstr":
                entry.msgstr[index] = value
            else:
                setattr(entry, kind, value)
            target = (kind, index)
    flush()
    return [e for e in entries if e.msgid]


def catalogues(language: str | None = None) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(BASE_DIR):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        parts = Path(root).parts
        if parts[-1] == "LC_MESSAGES" and parts[-3] == "locale" and language in (None, parts[-2]):
            found += [Path(root) / name for name in files if name.endswith(".po")]
    return sorted(found)


# English is the source language: its catalogue holds only the few sources written in Polish.
CATALOGUES = catalogues("pl")
ALL_CATALOGUES = catalogues()


def _ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(BASE_DIR)) for p in paths]


def test_the_project_and_app_catalogues_are_found() -> None:
    names = _ids(CATALOGUES)
    assert "locale/pl/LC_MESSAGES/django.po" in names
    assert len(names) >= 3


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_ids(CATALOGUES))
def test_every_entry_is_translated_and_none_is_fuzzy(po_path: Path) -> None:
    entries = parse_po(po_path)
    assert entries, f"{po_path} has no entries"
    missing = [
        f"line {e.line}: {e.msgid!r}" for e in entries if not all(e.msgstr.values()) or e.fuzzy
    ]
    assert not missing, f"{len(missing)} untranslated or fuzzy in {po_path}:\n" + "\n".join(
        missing[:20]
    )


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_ids(CATALOGUES))
def test_plurals_have_the_four_polish_forms_and_keep_placeholders(po_path: Path) -> None:
    problems = []
    for e in parse_po(po_path):
        if e.msgid_plural is not None and sorted(e.msgstr) != [0, 1, 2, 3]:
            problems.append(f"line {e.line}: {len(e.msgstr)} plural forms for {e.msgid!r}")
        sources = set(PLACEHOLDER.findall(e.msgid + (e.msgid_plural or "")))
        for text in e.msgstr.values():
            used = set(PLACEHOLDER.findall(text))
            if (e.msgid_plural is None and used != sources) or not used <= sources:
                problems.append(f"line {e.line}: placeholders {used} ≠ {sources} in {e.msgid!r}")
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("po_path", ALL_CATALOGUES, ids=_ids(ALL_CATALOGUES))
def test_the_committed_mo_says_what_the_po_says(po_path: Path) -> None:
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run manage.py compilemessages"
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    stale = []
    for e in parse_po(po_path):
        key = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if e.msgid_plural is None:
            if compiled.get(key) != e.msgstr[0]:
                stale.append(e.msgid)
        elif any(compiled.get((key, i)) != text for i, text in e.msgstr.items()):
            stale.append(e.msgid)
    assert not stale, (
        f"{mo_path} is older than {po_path.name} ({len(stale)} entries differ, e.g. "
        f"{stale[:3]!r}): run manage.py compilemessages --ignore=.venv"
    )


def test_a_string_shared_by_catalogues_is_translated_the_same_everywhere() -> None:
    # The project catalogue wins at run time, so a different app translation would never show.
    seen: dict[tuple[str | None, str], tuple[str, dict[int, str]]] = {}
    clashes = []
    for po_path in CATALOGUES:
        for e in parse_po(po_path):
            key = (e.msgctxt, e.msgid)
            if key in seen and seen[key][1] != e.msgstr:
                clashes.append(f"{e.msgid!r}: {seen[key]} vs {po_path.parent.parent.parent.parent}")
            seen.setdefault(key, (str(po_path.relative_to(BASE_DIR)), e.msgstr))
    assert not clashes, "\n".join(clashes)


def _dashboard(client: Client, language: str) -> str:
    with translation.override(language):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_the_navigation_speaks_polish_by_default_and_english_when_chosen(manager: object) -> None:
    client = Client()
    client.force_login(manager)  # type: ignore[arg-type]
    polish = _dashboard(client, "pl")
    for word in ("Pulpit", "Organizacje", "Kontakty", "Wskaźniki i raporty", "Wyloguj"):
        assert word in polish
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _dashboard(client, "en")
    for word in ("Dashboard", "Organisations", "Contacts", "Indicators and reports", "Sign out"):
        assert word in english
    assert "Wskaźniki i raporty" not in english


def test_import_checks_written_in_polish_read_in_english_for_english_users() -> None:
    with translation.override("en"):
        assert translation.gettext("Plik jest pusty") == "The file is empty"
    with translation.override("pl"):
        assert translation.gettext("Plik jest pusty") == "Plik jest pusty"
