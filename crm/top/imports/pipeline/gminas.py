"""Resolving a gmina from what a spreadsheet says: a TERC code, or a name with hints.

Twelve names in podlaskie are both an urban gmina and a separate rural one (Augustów,
Siemiatycze, Suwałki...). "m." / "miasto" / "(gmina miejska)" say urban, "gm." / "gmina
wiejska" say rural, a powiat may say which; when nothing does, the gmina stays empty with a
warning. It is never guessed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext as _

from crm.territory.models import Gmina
from crm.text import fold as _fold

# Gmina and powiat cells repeat a few hundred values over a whole file.
fold = lru_cache(maxsize=4096)(_fold)

URBAN, RURAL, URBAN_RURAL = Gmina.Kind.URBAN, Gmina.Kind.RURAL, Gmina.Kind.URBAN_RURAL

_URBAN_PREFIX = re.compile(r"^(m\.|m |miasto |gm\. miejska |gmina miejska |um )", re.IGNORECASE)
_RURAL_PREFIX = re.compile(r"^(gm\.|gm |gmina wiejska |gmina |ug )", re.IGNORECASE)
_SUFFIX = re.compile(r"[\s(,\-–]*(gmina )?(miejsko[\s\-–]*wiejska|miejska|wiejska)\)?\s*$", re.I)


@dataclass(frozen=True)
class GminaRef:
    code: str
    name: str
    kind: str
    powiat_code: str
    powiat_key: str


class GminaResolver:
    """Loads every current gmina once (two queries), then resolves rows without the database."""

    def __init__(self) -> None:
        self.by_code: dict[str, GminaRef] = {}
        self.by_name: dict[str, list[GminaRef]] = {}
        for gmina in Gmina.objects.filter(valid_to__isnull=True).select_related("powiat"):
            powiat_key = fold(gmina.powiat.name)
            ref = GminaRef(gmina.code, gmina.name, gmina.kind, gmina.powiat.code, powiat_key)
            self.by_code[gmina.code] = ref
            self.by_name.setdefault(fold(gmina.name), []).append(ref)
        self.ids = dict(Gmina.objects.values_list("code", "pk"))
        # A file names the same few hundred gminas again and again: each found one is resolved
        # once. Only those: a warning is worded in the language of the moment, so it is not kept.
        self._resolved: dict[tuple[str, str, str], str | None] = {}

    def stamp(self) -> str:
        """What resolving depends on: changes when the territory (or its validity) does."""
        refs = sorted(
            (r.code, r.name, r.kind, r.powiat_code, r.powiat_key) for r in self.by_code.values()
        )
        payload = repr((refs, sorted(self.ids.items()))).encode()
        return hashlib.blake2b(payload, digest_size=16).hexdigest()

    def resolve(self, name: str, terc: str = "", powiat: str = "") -> tuple[str | None, str]:
        """The gmina's TERC code, or None and a warning saying why."""
        code, why, _choices = self.resolve_choices(name, terc, powiat)
        return code, why

    def resolve_choices(
        self, name: str, terc: str = "", powiat: str = ""
    ) -> tuple[str | None, str, list[str]]:
        """As ``resolve``, and the codes of the gminas an ambiguous name may mean."""
        key = (name, terc, powiat)
        if key in self._resolved:
            return self._resolved[key], "", []
        code, why, choices = self._resolve_choices(name, terc, powiat)
        if not why and not choices:
            if len(self._resolved) >= 65536:
                self._resolved.clear()
            self._resolved[key] = code
        return code, why, choices

    def _resolve_choices(
        self, name: str, terc: str, powiat: str
    ) -> tuple[str | None, str, list[str]]:
        terc_digits = re.sub(r"\D", "", terc or "")
        if terc_digits:
            ref = self.by_code.get(terc_digits[:7]) if len(terc_digits) >= 7 else None
            if ref is None and len(terc_digits) == 6:
                found = [r for c, r in self.by_code.items() if c.startswith(terc_digits)]
                ref = found[0] if len(found) == 1 else None
            if ref is not None:
                return ref.code, "", []
            if not name:
                return None, _("Unknown TERC code of the gmina: %(code)s") % {"code": terc}, []
        text = (name or "").strip()
        if not text:
            return None, "", []
        kind_hint = ""
        if _URBAN_PREFIX.match(text):
            kind_hint, text = URBAN, _URBAN_PREFIX.sub("", text)
        elif _RURAL_PREFIX.match(text):
            kind_hint, text = RURAL, _RURAL_PREFIX.sub("", text)
        suffix = _SUFFIX.search(text)
        if suffix:
            word = fold(suffix.group(2))
            kind_hint = (
                URBAN_RURAL
                if "wiejska" in word and "miejsko" in word
                else (URBAN if word == "miejska" else RURAL)
            )
            text = text[: suffix.start()]
        candidates = self.by_name.get(fold(text), [])
        if not candidates:
            return None, _("Gmina not found: '%(name)s'") % {"name": name}, []
        powiat_key = fold(re.sub(r"(?i)^(powiat|pow\.|m\.|miasto)\s*", "", powiat or ""))
        if powiat_key:
            in_powiat = [c for c in candidates if c.powiat_key == powiat_key]
            candidates = in_powiat or candidates
        if kind_hint and len(candidates) > 1:
            preferred = [c for c in candidates if c.kind == kind_hint]
            if not preferred:
                preferred = [c for c in candidates if c.kind == URBAN_RURAL]
            candidates = preferred or candidates
        if len(candidates) == 1:
            return candidates[0].code, "", []
        why = _(
            "'%(name)s' is both an urban and a rural gmina and nothing says which "
            "(gmina miejska i wiejska – wpisz „m. …” albo „gm. …”)"
        ) % {"name": name}
        return None, why, sorted(c.code for c in candidates)
