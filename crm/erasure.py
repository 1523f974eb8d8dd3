"""Erasing every copy of who someone was: the database's text and JSON, and the stored files.

A person's name, e-mail and phone are copied far beyond their own row: into field history,
the action log's labels of older entries, the raw cells of an imported file, a contact's
subject ("Telefon: Anna Kowalska"), an export left in storage. Nobody can list every such
place by hand, and a place added next year would be missed; so anonymisation sweeps every
text and JSON column of every table (one query per table) and every stored file for the exact
words (``Identity.terms``) and rewrites or deletes what it finds.

Exact words only: a name inflected in Polish ("z Anną Kowalską") is not the name, and a guess
would rewrite other people's records. ``mentions`` finds such rows by the stem of the last name
so that a manager can read and edit them; they are listed, never changed blindly.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast

from crm import access

# Files larger than this are not read into memory (none of ours are: uploads stop at 20 MB).
MAX_FILE_BYTES = 64 * 1024 * 1024
# Encodings a stored file may be written in (partners' CSVs are often Windows-1250).
ENCODINGS = ("utf-8", "cp1250", "utf-16")


@dataclass(frozen=True)
class Identity:
    """The exact words that identify someone, and what replaces them."""

    terms: tuple[str, ...]
    replacement: str

    @classmethod
    def of(
        cls, *, first_name: str, last_name: str, email: str, phone: str, replacement: str
    ) -> Identity:
        words: list[str] = []
        first, last = first_name.strip(), last_name.strip()
        if first and last:
            words += [f"{first} {last}", f"{last} {first}"]
        elif last and len(last) >= 4:
            words.append(last)
        if email.strip():
            words.append(email.strip())
        words += _phone_spellings(phone)
        # Longest first, so "Anna Maria Kowalska" goes before a shorter term inside it.
        unique = sorted({w for w in words if len(w) >= 4}, key=len, reverse=True)
        return cls(terms=tuple(unique), replacement=replacement)

    def pattern(self) -> re.Pattern[str] | None:
        if not self.terms:
            return None
        return re.compile("|".join(re.escape(t) for t in self.terms), re.IGNORECASE)

    def rewrite(self, value: Any) -> Any:
        """``value`` (text, or JSON: lists and dicts of text) with every term replaced."""
        pattern = self.pattern()
        if pattern is None:
            return value
        if isinstance(value, str):
            return pattern.sub(self.replacement, value)
        if isinstance(value, list):
            return [self.rewrite(item) for item in value]
        if isinstance(value, dict):
            return {self.rewrite(k): self.rewrite(v) for k, v in value.items()}
        return value

    def found_in(self, data: bytes) -> bool:
        pattern = self.pattern()
        if pattern is None:
            return False
        return any(pattern.search(text) for text in _texts_of(data))


def _phone_spellings(phone: str) -> list[str]:
    """The usual ways to write a Polish number: ``+48 600 100 200``, ``600100200``,
    ``600-100-200``, ``85 682 11 22``."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 11 and digits.startswith("48"):
        digits = digits[2:]
    if len(digits) != 9:
        return [phone.strip()] if phone.strip() else []
    a, b, c = digits[:3], digits[3:6], digits[6:]
    return [
        phone.strip(),
        digits,
        f"{a} {b} {c}",
        f"{a}-{b}-{c}",
        f"+48{digits}",
        f"{digits[:2]} {digits[2:5]} {digits[5:7]} {digits[7:]}",
    ]


def _texts_of(data: bytes) -> Iterator[str]:
    """The text a stored file holds: itself decoded, or every member of a zip (XLSX)."""
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for info in archive.infolist():
                    if info.file_size <= MAX_FILE_BYTES:
                        yield from _texts_of(archive.read(info))
            return
        except zipfile.BadZipFile:
            pass
    for encoding in ENCODINGS:
        try:
            yield data.decode(encoding)
        except UnicodeDecodeError:
            continue


def _columns(model: type[models.Model]) -> tuple[list[str], list[str]]:
    text, structured = [], []
    for f in model._meta.concrete_fields:
        if isinstance(f, models.JSONField):
            structured.append(f.attname)
        elif isinstance(f, models.CharField | models.TextField) and not f.choices:
            text.append(f.attname)
    return text, structured


def _matching(model: type[models.Model], identity: Identity) -> tuple[Any, list[str]]:
    text, structured = _columns(model)
    if not (text or structured) or not identity.terms:
        return None, []
    condition = Q()
    annotations = {}
    for name in structured:
        annotations[f"_erasure_{name}"] = Cast(name, models.TextField())
    for term in identity.terms:
        for name in text:
            condition |= Q(**{f"{name}__icontains": term})
        for name in structured:
            # JSON stores non-ASCII letters escaped ("\u0142"): look for both spellings.
            condition |= Q(**{f"_erasure_{name}__icontains": term})
            escaped = json.dumps(term)[1:-1]
            if escaped != term:
                condition |= Q(**{f"_erasure_{name}__icontains": escaped})
    queryset = model._base_manager.annotate(**annotations).filter(condition)
    return queryset, text + structured


@access.unscoped("erasure looks for a person's words in every row of every table")
def sweep_database(identity: Identity, *, skip: Iterable[type[models.Model]] = ()) -> int:
    """Rewrite ``identity``'s words in every text and JSON column of every table; returns how
    many rows changed. Written with ``update()``: a copy is rewritten, not a change recorded."""
    skipped = set(skip)
    changed = 0
    for model in apps.get_models(include_auto_created=True):
        if model in skipped or model._meta.proxy or not model._meta.managed:
            continue
        queryset, names = _matching(model, identity)
        if queryset is None:
            continue
        for row in queryset.values("pk", *names):
            values = {n: identity.rewrite(row[n]) for n in names if row[n] is not None}
            new = {n: v for n, v in values.items() if v != row[n]}
            if new:
                model._base_manager.filter(pk=row["pk"]).update(**new)
                changed += 1
    return changed


def _stored_files(folder: str = "") -> Iterator[str]:
    directories, files = default_storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for directory in directories:
        yield from _stored_files(f"{folder}/{directory}" if folder else directory)


def sweep_storage(identity: Identity) -> list[str]:
    """Delete every stored file (uploads, exports, reports) that holds ``identity``'s words;
    returns their names. A file cannot be rewritten safely (a workbook, a partner's original),
    and each one is a copy: the rows it brought in stay in the database."""
    deleted = []
    try:
        names = list(_stored_files())
    except FileNotFoundError:
        return []
    for name in names:
        if default_storage.size(name) > MAX_FILE_BYTES:
            continue
        with default_storage.open(name, "rb") as handle:
            data = handle.read()
        if identity.found_in(data):
            default_storage.delete(name)
            deleted.append(name)
    return deleted


@dataclass(frozen=True)
class Mention:
    """A row whose free text may name the person in another form; a manager edits it."""

    what: str  # the kind of record and the field, e.g. "kontakt: temat"
    model: str  # app_label.modelname
    pk: Any


def _stem(last_name: str) -> str:
    """The part of a Polish surname its inflected forms share (Kowalska → Kowalsk)."""
    word = last_name.strip().split()[-1] if last_name.strip() else ""
    return word[:-1] if len(word) > 5 else word


@access.unscoped("erasure lists the rows that may still mention the person, wherever they are")
def mentions(last_name: str) -> list[Mention]:
    """Rows whose free text holds the stem of ``last_name`` (field history and the action log
    left aside: nobody edits those, and the sweep rewrote the exact words in them)."""
    stem = _stem(last_name)
    if len(stem) < 4:
        return []
    found = []
    for model in apps.get_models():
        name = model.__name__
        if name.startswith("Historical") or name == "ActionLog":
            continue
        text, _ = _columns(model)
        text = [f for f in text if f not in ("first_name", "last_name")]
        if not text:
            continue
        condition = Q()
        for field in text:
            condition |= Q(**{f"{field}__icontains": stem})
        for row in model._base_manager.filter(condition)[:50]:
            fields = [f for f in text if stem.casefold() in str(getattr(row, f, "")).casefold()]
            for field in fields:
                verbose = getattr(model._meta.get_field(field), "verbose_name", field)
                what = f"{model._meta.verbose_name}: {verbose}"
                found.append(Mention(what=what, model=model._meta.label_lower, pk=row.pk))
    return found
