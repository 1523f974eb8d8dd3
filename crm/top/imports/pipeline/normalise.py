"""Step 4: one row of cells → the values the import works with, plus errors and warnings.

An invalid identifier makes the row an error (never a silent blank); a phone, e-mail or postal
code that cannot be read is left out with a warning; a gmina that stays ambiguous is empty with
a warning.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import lru_cache
from operator import mul
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from contacts.models import LegalForm, OrganisationKind
from crm.cells import Cell, text_of
from crm.identifiers import (
    normalise_krs,
    normalise_nip,
    normalise_postal_code,
    normalise_regon,
    split_emails,
    split_phones,
)
from crm.text import fold
from crm.top.imports.pipeline.gminas import GminaResolver
from crm.top.imports.pipeline.support import read_support

K, L = OrganisationKind, LegalForm
NO_PERSONALITY = L.NO_LEGAL_PERSONALITY
# Folded legal-form text (or the first words of a name) → (kind, legal form).
LEGAL_FORMS: dict[str, tuple[str, str]] = {
    "spoldzielnia socjalna": (K.SOCIAL_COOPERATIVE, L.SOCIAL_COOPERATIVE),
    "ss": (K.SOCIAL_COOPERATIVE, L.SOCIAL_COOPERATIVE),
    "spoldz socjalna": (K.SOCIAL_COOPERATIVE, L.SOCIAL_COOPERATIVE),
    "sp socjalna": (K.SOCIAL_COOPERATIVE, L.SOCIAL_COOPERATIVE),
    "stowarzyszenie": (K.ASSOCIATION, L.ASSOCIATION),
    "stow": (K.ASSOCIATION, L.ASSOCIATION),
    "stowarzyszenie rejestrowe": (K.ASSOCIATION, L.ASSOCIATION),
    "stowarzyszenie zwykle": (K.ASSOCIATION, L.ORDINARY_ASSOCIATION),
    "zwiazek stowarzyszen": (K.ASSOCIATION, L.ASSOCIATION_UNION),
    "fundacja": (K.FOUNDATION, L.FOUNDATION),
    "fund": (K.FOUNDATION, L.FOUNDATION),
    "kgw": (K.KGW, L.KGW),
    "kolo gospodyn wiejskich": (K.KGW, L.KGW),
    "cis": (K.CIS, NO_PERSONALITY),
    "centrum integracji spolecznej": (K.CIS, NO_PERSONALITY),
    "kis": (K.KIS, NO_PERSONALITY),
    "klub integracji spolecznej": (K.KIS, NO_PERSONALITY),
    "wtz": (K.WTZ, NO_PERSONALITY),
    "warsztat terapii zajeciowej": (K.WTZ, NO_PERSONALITY),
    "warsztaty terapii zajeciowej": (K.WTZ, NO_PERSONALITY),
    "zaz": (K.ZAZ, NO_PERSONALITY),
    "zaklad aktywnosci zawodowej": (K.ZAZ, NO_PERSONALITY),
    "spoldzielnia pracy": (K.WORK_COOPERATIVE, L.COOPERATIVE),
    "spoldzielnia inwalidow": (K.INVALIDS_COOPERATIVE, L.COOPERATIVE),
    "spoldzielnia niewidomych": (K.BLIND_COOPERATIVE, L.COOPERATIVE),
    "spoldzielnia produkcji rolnej": (K.AGRICULTURAL_COOPERATIVE, L.COOPERATIVE),
    "rolnicza spoldzielnia produkcyjna": (K.AGRICULTURAL_COOPERATIVE, L.COOPERATIVE),
    "spolka non profit": (K.NONPROFIT_COMPANY, L.LIMITED_COMPANY),
    "sp z o o non profit": (K.NONPROFIT_COMPANY, L.LIMITED_COMPANY),
    "spolka z o o non profit": (K.NONPROFIT_COMPANY, L.LIMITED_COMPANY),
    "koscielna osoba prawna": (K.CHURCH_ENTITY, L.CHURCH_LEGAL_PERSON),
    "zwiazek jst": (K.JST_ASSOCIATION, L.ASSOCIATION_UNION),
    "zwiazek gmin": (K.JST_ASSOCIATION, L.ASSOCIATION_UNION),
    "sp z o o": (K.BUSINESS, L.LIMITED_COMPANY),
    "spolka z o o": (K.BUSINESS, L.LIMITED_COMPANY),
    "spolka z ograniczona odpowiedzialnoscia": (K.BUSINESS, L.LIMITED_COMPANY),
    "spolka akcyjna": (K.BUSINESS, L.JOINT_STOCK_COMPANY),
    "jdg": (K.BUSINESS, L.SOLE_TRADER),
    "dzialalnosc gospodarcza": (K.BUSINESS, L.SOLE_TRADER),
    "gmina": (K.GMINA, L.LOCAL_GOVERNMENT),
    "jst": (K.GMINA, L.LOCAL_GOVERNMENT),
    "ops": (K.SOCIAL_ASSISTANCE, L.BUDGET_UNIT),
    "gops": (K.SOCIAL_ASSISTANCE, L.BUDGET_UNIT),
    "mops": (K.SOCIAL_ASSISTANCE, L.BUDGET_UNIT),
    "pcpr": (K.SOCIAL_ASSISTANCE, L.BUDGET_UNIT),
    "cus": (K.SOCIAL_ASSISTANCE, L.BUDGET_UNIT),
    "pup": (K.LABOUR_OFFICE, L.BUDGET_UNIT),
    "wup": (K.LABOUR_OFFICE, L.BUDGET_UNIT),
}
TOTAL_WORDS = ("razem", "suma", "ogolem", "lacznie", "podsumowanie")
MAX_LENGTHS = {"name": 300, "street": 200, "town": 100, "kgw_number": 32, "website": 200}
# Values that end up on the organisation; the rest (support events) stays on the staged row.
ORGANISATION_FIELDS = (
    "name",
    "kind",
    "legal_form",
    "nip",
    "regon",
    "krs",
    "kgw_number",
    "street",
    "postal_code",
    "town",
    "gmina",
    "phones",
    "emails",
    "website",
)
_PERSON_SPLIT = re.compile(r"\s+[–—-]\s+|\s*[(,;]\s*")
_url = URLValidator()


@dataclass
class RowResult:
    row_number: int
    raw: list[Any]
    values: dict[str, Any] = field(default_factory=dict)
    outcome: str = ""  # "ignored" / "error" / "" (still to be planned)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def json_cell(cell: Cell) -> Any:
    if isinstance(cell, datetime.datetime | datetime.date):
        return cell.isoformat()
    return cell


@lru_cache(maxsize=4096)
def _named_form(legal_form: str) -> tuple[str, str] | None:
    return LEGAL_FORMS.get(fold(legal_form))


def kind_and_form(legal_form: str, name: str) -> tuple[str, str] | None:
    # The legal-form column alone is cached (a file has a few dozen spellings); the name,
    # different on every row, is read only when that column does not say.
    return _named_form(legal_form) or _kind_from_name(name)


@lru_cache(maxsize=4096)
def _kind_from_name(name: str) -> tuple[str, str] | None:
    words = fold(name).split()
    for length in (5, 4, 3, 2, 1):
        found = LEGAL_FORMS.get(" ".join(words[:length]))
        if found and (length > 1 or words[0] in ("stowarzyszenie", "fundacja", "kgw", "cis")):
            return found
    return None


def parse_person(text: str) -> dict[str, str] | None:
    """``Anna Łukaszuk – prezes`` → first name, last name and role."""
    parts = [p.strip(" )") for p in _PERSON_SPLIT.split(text.strip()) if p.strip(" )")]
    if not parts:
        return None
    names = parts[0].split()
    role = ", ".join(parts[1:])[:200]
    if len(names) == 1:
        return {"first_name": "", "last_name": names[0][:150], "role": role}
    return {"first_name": names[0][:100], "last_name": " ".join(names[1:])[:150], "role": role}


@lru_cache(maxsize=65536)
def _phones(text: str) -> tuple[str, ...]:
    # The common case (nine digits, maybe spaced) needs no parser: +48 and the digits.
    digits = text.replace(" ", "").replace("-", "")
    if len(digits) == 9 and digits.isdigit() and digits[0] != "0":
        return ("+48" + digits,)
    return tuple(split_phones(text))


_SEPARATORS = str.maketrans("", "", " -.")
_NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7, -1)
_REGON_WEIGHTS = (8, 9, 2, 3, 4, 5, 6, 7)


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    """stdnum's checksums, without a generator frame per digit (every row has a NIP and a
    REGON). ``digits``: ASCII digits, at least as many as the weights; their bytes are the
    digits plus 48 (``"0"``), taken off at the end instead of an ``int()`` call per digit."""
    return sum(map(mul, weights, digits.encode())) - 48 * sum(weights)


def _nip(text: str) -> str:
    """The common case (ten digits, maybe with dashes) checked by stdnum's checksum directly;
    anything else through ``normalise_nip`` and its messages."""
    digits = text.translate(_SEPARATORS)
    valid = digits.isascii() and digits.isdigit() and len(digits) == 10
    if valid and _weighted(digits, _NIP_WEIGHTS) % 11 == 0:
        return digits
    return normalise_nip(text)


def _regon(text: str) -> str:
    digits = text.translate(_SEPARATORS)
    valid = digits.isascii() and digits.isdigit() and len(digits) == 9
    if valid and _weighted(digits, _REGON_WEIGHTS) % 11 % 10 == int(digits[8]):
        return digits
    return normalise_regon(text)


_EMAIL_PARTS = re.compile(r"[;,\s]+")
# A strict subset of what Django's EmailValidator accepts: whatever matches is valid there too.
_PLAIN_EMAIL = re.compile(
    r"[a-z0-9_%+-]+(?:\.[a-z0-9_%+-]+)*@"
    r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
)


def _emails(text: str) -> list[str]:
    """Plain addresses without Django's validator; anything else through ``split_emails``."""
    found: list[str] = []
    for part in _EMAIL_PARTS.split(text.lower()):
        if not part:
            continue
        if len(part) > 254 or not _PLAIN_EMAIL.fullmatch(part):
            return split_emails(text)
        if part not in found:
            found.append(part)
    return found


def _postal_code(text: str) -> str:
    """``17-200`` as it is, checked here; anything else through ``normalise_postal_code``."""
    if len(text) == 6 and text[2] == "-" and text.isascii():
        digits = text[:2] + text[3:]
        if digits.isdigit():
            return text
    return normalise_postal_code(text)


@lru_cache(maxsize=4096)
def _is_total(text: str) -> bool:
    words = fold(text).split()
    return bool(words) and words[0] in TOTAL_WORDS


class RowNormaliser:
    def __init__(self, columns: dict[int, str], resolver: GminaResolver | None = None) -> None:
        self.columns = [(i, f) for i, f in sorted(columns.items()) if f]
        self.resolver = resolver or GminaResolver()

    def __call__(self, row_number: int, cells: list[Cell]) -> RowResult:
        # A CSV's cells are all text: a call per cell (json_cell, text_of) only for the rest.
        result = RowResult(row_number, [c if type(c) is str else json_cell(c) for c in cells])
        texts: dict[str, str] = {}
        count = len(cells)
        for index, name in self.columns:
            if index >= count:
                continue
            cell = cells[index]
            if type(cell) is str:
                text = cell.strip()
                if text.endswith(".0"):
                    text = text_of(cell)
            else:
                text = text_of(cell)
            if text:
                texts[name] = f"{texts[name]}; {text}" if name in texts else text
        if not texts or set(texts) <= {"lp"}:
            result.outcome = "ignored"
            result.warnings.append(_("empty row (pusty wiersz)"))
            return result
        name = texts.get("name", "")
        identifiers = [texts.get(k) for k in ("nip", "regon", "krs", "kgw_number")]
        if not any(identifiers) and _is_total(name or next(iter(texts.values()))):
            result.outcome = "ignored"
            result.warnings.append(_("a total row ('%(text)s') (wiersz sumy)") % {"text": name})
            return result
        self._fill(result, texts)
        if result.errors:
            result.outcome = "error"
        return result

    def _fill(self, result: RowResult, texts: dict[str, str]) -> None:
        values, errors, warnings = result.values, result.errors, result.warnings
        values["name"] = texts.get("name", "")
        values["search_name"] = fold(values["name"])[:300]
        if not values["name"]:
            errors.append(_("The name is missing (brak nazwy podmiotu)"))
        for key, normalise in (
            ("nip", _nip),
            ("regon", _regon),
            ("krs", normalise_krs),
        ):
            values[key] = None
            if texts.get(key):
                try:
                    values[key] = normalise(texts[key])
                except ValidationError as error:
                    errors.extend(error.messages)
        values["kgw_number"] = texts.get("kgw_number") or None
        found = kind_and_form(texts.get("legal_form", ""), values["name"])
        if found is None:
            values["kind"], values["legal_form"] = OrganisationKind.OTHER, ""
            warnings.append(
                _("Unknown legal form '%(form)s': kind set to 'other'")
                % {"form": texts.get("legal_form", "")}
            )
        else:
            values["kind"], values["legal_form"] = str(found[0]), str(found[1])
        values["street"] = texts.get("street", "")
        values["town"] = texts.get("town", "")
        values["postal_code"] = ""
        if code := texts.get("postal_code"):
            try:
                values["postal_code"] = _postal_code(code)
            except ValidationError as error:
                warnings.extend(error.messages)
        gmina, why, choices = self.resolver.resolve_choices(
            texts.get("gmina", ""), texts.get("terc", ""), texts.get("powiat", "")
        )
        values["gmina"] = gmina
        if choices:
            # The gminas the cell may mean: a person picks one after the import (flags).
            values["gmina_choices"] = choices
        if why:
            warnings.append(why)
        values["phones"] = []
        if texts.get("phones"):
            try:
                values["phones"] = list(_phones(texts["phones"]))
            except ValidationError as error:
                warnings.extend(error.messages)
        values["emails"] = []
        if texts.get("emails"):
            try:
                values["emails"] = _emails(texts["emails"])
            except ValidationError:
                warnings.append(_("Not an e-mail address: %(v)s") % {"v": texts["emails"]})
        values["website"] = ""
        if website := texts.get("website", ""):
            url = website if "://" in website else f"https://{website}"
            try:
                _url(url)
                values["website"] = url
            except ValidationError:
                warnings.append(_("Not a web address: %(v)s") % {"v": website})
        person = parse_person(texts["contact_person"]) if texts.get("contact_person") else None
        values["contact_person"] = person
        read_support(texts, values, warnings)
        values["notes"] = texts.get("notes", "")
        for key, limit in MAX_LENGTHS.items():
            if values.get(key) and len(values[key]) > limit:
                warnings.append(_("%(field)s cut to %(n)d characters") % {"field": key, "n": limit})
                values[key] = values[key][:limit]
