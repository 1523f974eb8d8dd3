"""Finding the header row and mapping Polish header variants to fields."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.cells import Cell
from crm.text import fold
from crm.top.imports.pipeline.checks import reject

# Field → what partners write above that column (folded: no case, diacritics or punctuation).
FIELDS: dict[str, tuple[str, ...]] = {
    "lp": ("lp", "l p", "nr", "nr kolejny", "lp."),
    "name": (
        "nazwa podmiotu",
        "nazwa",
        "nazwa organizacji",
        "nazwa pes",
        "nazwa jednostki",
        "pelna nazwa",
        "podmiot",
        "nazwa podmiotu ekonomii spolecznej",
        "nazwa instytucji",
    ),
    "legal_form": (
        "forma prawna",
        "forma organizacyjno prawna",
        "typ podmiotu",
        "rodzaj podmiotu",
        "forma dzialalnosci",
        "status prawny",
    ),
    "nip": ("nip", "nr nip", "numer nip"),
    "regon": ("regon", "nr regon", "numer regon"),
    "krs": ("krs", "nr krs", "numer krs", "numer w krs"),
    "kgw_number": ("nr w rejestrze kgw", "numer kgw", "nr kgw", "numer w rejestrze kgw"),
    "street": ("adres", "ulica", "ulica i numer", "adres siedziby", "ulica nr domu", "adres ulica"),
    "postal_code": ("kod pocztowy", "kod", "kod pocztowy siedziby"),
    "town": ("miejscowosc", "miasto", "poczta", "miejscowosc siedziby"),
    "gmina": ("gmina", "gmina siedziby", "nazwa gminy"),
    "terc": ("teryt", "kod teryt", "terc", "kod terc", "kod gminy", "teryt gminy"),
    "powiat": ("powiat", "powiat siedziby"),
    "phones": ("telefon", "tel", "telefony", "nr telefonu", "telefon kontaktowy", "numer telefonu"),
    "emails": ("e mail", "email", "adres e mail", "adres email", "mail", "poczta elektroniczna"),
    "website": ("strona www", "www", "strona internetowa", "adres www"),
    "contact_person": ("osoba do kontaktu", "osoba kontaktowa", "kontakt", "osoba reprezentujaca"),
    "ps_status": ("status ps", "przedsiebiorstwo spoleczne", "status przedsiebiorstwa spolecznego"),
    "ps_granted_on": (
        "data przyznania statusu ps",
        "data nadania statusu ps",
        "data uzyskania statusu ps",
        "status ps od",
        "data przyznania statusu",
        "data decyzji",
    ),
    "ps_decision_number": (
        "nr decyzji",
        "numer decyzji",
        "nr decyzji wojewody",
        "numer decyzji wojewody",
        "decyzja",
    ),
    "support_kind": ("rodzaj wsparcia", "forma wsparcia", "wsparcie"),
    "support_date": ("data wsparcia", "data", "data udzielenia wsparcia"),
    "jobs_created": (
        "liczba utworzonych miejsc pracy",
        "utworzone miejsca pracy",
        "miejsca pracy",
        "liczba miejsc pracy",
    ),
    "employees": (
        "liczba zatrudnionych",
        "zatrudnienie",
        "liczba pracownikow",
        "zatrudnieni",
        "zatrudnienie osoby",
        "liczba osob zatrudnionych",
    ),
    "employees_at_risk": (
        "w tym zagrozonych wykluczeniem",
        "zatrudnieni zagrozeni wykluczeniem",
        "w tym osoby zagrozone wykluczeniem",
    ),
    "fte": ("etaty", "liczba etatow", "zatrudnienie etaty", "wymiar zatrudnienia etaty"),
    "notes": ("uwagi", "komentarz", "uwagi dodatkowe"),
}

FIELD_LABELS = {
    "lp": gettext_lazy("row number (Lp.)"),
    "name": gettext_lazy("name"),
    "legal_form": gettext_lazy("legal form"),
    "nip": "NIP",
    "regon": "REGON",
    "krs": "KRS",
    "kgw_number": gettext_lazy("KGW register number"),
    "street": gettext_lazy("street and number"),
    "postal_code": gettext_lazy("postal code"),
    "town": gettext_lazy("town"),
    "gmina": gettext_lazy("gmina"),
    "terc": gettext_lazy("TERC code of the gmina"),
    "powiat": gettext_lazy("powiat"),
    "phones": gettext_lazy("phones"),
    "emails": gettext_lazy("e-mails"),
    "website": gettext_lazy("website"),
    "contact_person": gettext_lazy("contact person"),
    "ps_status": gettext_lazy("social enterprise status"),
    "ps_granted_on": gettext_lazy("PS status granted on"),
    "ps_decision_number": gettext_lazy("PS status decision number"),
    "support_kind": gettext_lazy("kind of support"),
    "support_date": gettext_lazy("date of support"),
    "jobs_created": gettext_lazy("jobs created"),
    "employees": gettext_lazy("employees (headcount)"),
    "employees_at_risk": gettext_lazy("of whom at risk of social exclusion"),
    "fte": gettext_lazy("FTE"),
    "notes": gettext_lazy("notes"),
}

VARIANTS: dict[str, str] = {fold(v): name for name, variants in FIELDS.items() for v in variants}
HEADER_SCAN_ROWS = 30


@dataclass
class HeaderMatch:
    row_number: int
    headers: list[str]
    # Column index → field ("" when the column is not imported).
    columns: dict[int, str]

    @property
    def mapping(self) -> dict[str, str]:
        return {fold(self.headers[i]): f for i, f in self.columns.items() if self.headers[i]}


def field_for(header: str, remembered: dict[str, str]) -> str | None:
    key = fold(header)
    if not key:
        return None
    if key in remembered:
        return remembered[key]
    return VARIANTS.get(key)


def find_header(
    rows: list[tuple[int, list[Cell]]], remembered: dict[str, str] | None = None
) -> HeaderMatch:
    """The row among the first ones whose cells look most like known headers.

    Raises: FileRejected when no row has a name column and at least one other known header.
    """
    remembered = remembered or {}
    best: HeaderMatch | None = None
    best_score = 0
    for number, cells in rows[:HEADER_SCAN_ROWS]:
        headers = ["" if c is None else str(c).strip() for c in cells]
        columns: dict[int, str] = {}
        for index, header in enumerate(headers):
            field = field_for(header, remembered)
            if field is not None:
                columns[index] = field
        found = {f for f in columns.values() if f}
        score = len(found)
        if "name" in found and score >= 2 and score > best_score:
            best, best_score = HeaderMatch(number, headers, columns), score
    if best is None:
        raise reject(
            _(
                "Nie znaleziono wiersza nagłówków (potrzebna jest co najmniej kolumna „Nazwa "
                "podmiotu” i jedna z: NIP, REGON, KRS, Gmina, Adres)"
            ),
            "no header row found",
        )
    # A field mapped twice: phones and e-mails add up, anything else keeps the first column.
    seen: set[str] = set()
    for index in sorted(best.columns):
        field = best.columns[index]
        if field in seen and field not in ("phones", "emails"):
            best.columns[index] = ""
        seen.add(field)
    return best
