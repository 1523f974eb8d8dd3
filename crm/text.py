"""Folding Polish text for search and matching: case, diacritics and quotes do not count."""

import re
import unicodedata
from typing import Any

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Lower, Replace

_EXTRA = str.maketrans({"ł": "l", "Ł": "l", "đ": "d", "ø": "o", "ß": "ss"})
_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)
# The Combining Diacritical Marks block, without U+034F (the only one that is not "combining").
_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]+")


def fold(text: str) -> str:
    """``Spółdzielnia „Żubrowe Smaki”`` → ``spoldzielnia zubrowe smaki``.

    Imports fold every name of a 100,000-row file, so Latin text takes a regex instead of a
    Python loop over characters; when that leaves anything but ASCII, the loop decides.
    """
    text = text or ""
    if text.isascii():
        # Neither the letters above nor NFKD change ASCII: most names and towns skip both.
        return _NOT_WORD.sub(" ", text.lower()).replace("_", " ").strip()
    text = unicodedata.normalize("NFKD", text.translate(_EXTRA))
    if not text.isascii():
        bare = _MARKS.sub("", text)
        if bare.isascii():
            text = bare
        else:
            text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", text.lower()).replace("_", " ").strip()


# --- Polish order ---------------------------------------------------------------------------
#
# Lists sort names in Polish order through one database collation named "pl", the same on both
# databases: on PostgreSQL the ICU collation ``pl-PL-u-ka-shifted`` (created by crm's migration
# 0004), on SQLite ``polish_compare`` registered on every connection (crm.apps). Name columns
# declare it (``db_collation=POLISH``), so ORDER BY name, its btree index and every
# ``order_by("name")`` follow it without a word in the queries. ``polish_sort_key`` mirrors
# ICU's rules for names: Polish letters after their base letter (ą after a, ł after l, ż last),
# no case at the first level, spaces and punctuation ignored ("shifted": „Żubr” sorts as żubr),
# other accents (é) and then case (lower first) only breaking ties, and the bytes last, as
# PostgreSQL breaks the ties of a deterministic collation.

POLISH = "pl"
_ALPHABET = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
_LETTER = {letter: 1000 + index for index, letter in enumerate(_ALPHABET)}


def _weights(ch: str) -> tuple[int, int] | None:
    """(primary, secondary) of one character; None for what ICU ignores here."""
    category = unicodedata.category(ch)
    if category[0] in "ZPC":  # spaces, punctuation, controls: ignored ("shifted")
        return None
    lower = ch.lower()
    if lower in _LETTER:
        return _LETTER[lower], 0
    if category == "Nd":
        return 500 + unicodedata.digit(ch), 0
    decomposed = unicodedata.normalize("NFD", lower)
    base, marks = decomposed[0], decomposed[1:]
    if base in _LETTER:  # é, ü, ö ...: the base letter, the accent only breaks ties
        return _LETTER[base], sum(ord(m) for m in marks)
    if category[0] == "S":  # symbols before digits, currency signs after the others
        return (300 if category == "Sc" else 100), ord(ch)
    return 100_000 + ord(base), 0


def polish_sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], bytes]:
    """The order of ``text`` among others in Polish (see above)."""
    primary: list[int] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    for ch in text or "":
        weights = _weights(ch)
        if weights is None:
            continue
        primary.append(weights[0])
        secondary.append(weights[1])
        tertiary.append(0 if ch == ch.lower() else 1)
    return tuple(primary), tuple(secondary), tuple(tertiary), (text or "").encode("utf-8")


def polish_compare(a: str | None, b: str | None) -> int:
    """SQLite's collation "pl": -1, 0 or 1 as ``a`` sorts before, with or after ``b``."""
    key_a, key_b = polish_sort_key(a or ""), polish_sort_key(b or "")
    return (key_a > key_b) - (key_a < key_b)


# Polish letters and what ``fold`` makes of them, for a query that folds a column in SQL.
_POLISH_FOLDS = {
    "ą": "a", "ć": "c", "ę": "e", "ł": "l", "ń": "n", "ó": "o", "ś": "s", "ź": "z", "ż": "z",
}  # fmt: skip


def fold_expression(field: str) -> Any:
    """``field`` folded in SQL as ``fold`` folds in Python, for Polish text: no case, no
    Polish letters (both databases: SQLite's lower() knows ASCII only, so the letters go
    first, in either case). For small tables; a large one stores its folded column."""
    expression: Any = F(field)
    for letter, plain in _POLISH_FOLDS.items():
        expression = Replace(expression, Value(letter), Value(plain))
        expression = Replace(expression, Value(letter.upper()), Value(plain))
    return Lower(expression)


def every_word_in(queryset: QuerySet[Any], query: str, *fields: str) -> QuerySet[Any]:
    """The rows where one of ``fields`` holds every word of ``query``, both sides folded (no
    case, no Polish letters: "siec lomzynsk" finds "Sieć PES Subregionu Łomżyńskiego"). On
    PostgreSQL a trigram index on ``fold_expression(field)`` answers each word."""
    words = fold(query or "").split()
    if not words:
        return queryset
    queryset = queryset.annotate(**{f"folded_{field}": fold_expression(field) for field in fields})
    in_one = Q()
    for field in fields:
        in_this = Q()
        for word in words:
            in_this &= Q(**{f"folded_{field}__contains": word})
        in_one |= in_this
    return queryset.filter(in_one)
