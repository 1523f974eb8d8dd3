"""Folding Polish text for search and matching: case, diacritics and quotes do not count."""

import re
import unicodedata

_EXTRA = str.maketrans({"ł": "l", "Ł": "l", "đ": "d", "ø": "o", "ß": "ss"})
_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)
# The Combining Diacritical Marks block, without U+034F (the only one that is not "combining").
_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]+")


def fold(text: str) -> str:
    """``Spółdzielnia „Żubrowe Smaki”`` → ``spoldzielnia zubrowe smaki``.

    Imports fold every name of a 100,000-row file, so Latin text takes a regex instead of a
    Python loop over characters; when that leaves anything but ASCII, the loop decides.
    """
    text = unicodedata.normalize("NFKD", (text or "").translate(_EXTRA))
    if not text.isascii():
        bare = _MARKS.sub("", text)
        if bare.isascii():
            text = bare
        else:
            text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", text.lower()).replace("_", " ").strip()
