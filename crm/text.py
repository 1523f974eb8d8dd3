"""Folding Polish text for search and matching: case, diacritics and quotes do not count."""

import re
import unicodedata

_EXTRA = str.maketrans({"ł": "l", "Ł": "l", "đ": "d", "ø": "o", "ß": "ss"})
_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)


def fold(text: str) -> str:
    """``Spółdzielnia „Żubrowe Smaki”`` → ``spoldzielnia zubrowe smaki``."""
    text = (text or "").translate(_EXTRA)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", text.lower()).replace("_", " ").strip()
