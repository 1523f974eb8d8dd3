"""Loading territorial units: the shipped podlaskie data and official GUS TERC files.

Both paths end in ``apply_units``, which takes the model classes as arguments so the data
migration can pass its historical models.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET  # only parses files the steward chose
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SHIPPED_DATA = Path(__file__).with_name("data") / "podlaskie.json"
GMINA_KINDS = {"1": "urban", "2": "rural", "3": "urban_rural"}


@dataclass
class TercUnits:
    state_on: datetime.date
    powiats: list[dict[str, Any]] = field(default_factory=list)
    gminas: list[dict[str, Any]] = field(default_factory=list)
    voivodeships: set[str] = field(default_factory=set)


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0

    def __str__(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, closed {self.closed}"
        )


class TercFormatError(ValueError):
    pass


def _row_to_units(rows: list[dict[str, str]], units: TercUnits) -> None:
    for row in rows:
        woj = (row.get("WOJ") or "").strip()
        pow_ = (row.get("POW") or "").strip()
        gmi = (row.get("GMI") or "").strip()
        rodz = (row.get("RODZ") or "").strip()
        name = (row.get("NAZWA") or "").strip()
        kind = (row.get("NAZWA_DOD") or row.get("NAZDOD") or "").strip()
        if not woj:
            continue
        units.voivodeships.add(woj)
        if pow_ and not gmi:
            units.powiats.append(
                {
                    "code": woj + pow_,
                    "name": name,
                    "is_city": kind.startswith("miasto na prawach"),
                }
            )
        elif gmi and rodz in GMINA_KINDS:
            units.gminas.append({"code": woj + pow_ + gmi + rodz, "name": name, "rodz": rodz})


def parse_terc_file(data: bytes) -> TercUnits:
    """Read an official GUS TERC file: CSV (UTF-8 with BOM, ``;``) or its XML form.

    Raises: TercFormatError when the file is neither.
    """
    text = data.decode("utf-8-sig", errors="strict").lstrip()
    rows: list[dict[str, str]]
    if text.startswith("<"):
        root = ET.fromstring(text)  # noqa: S314  # a GUS file chosen by an administrator
        rows = [
            {child.tag.upper(): (child.text or "") for child in row}
            for row in root.iter()
            if row.tag.lower() == "row"
        ]
    else:
        reader = csv.DictReader(io.StringIO(text), delimiter=";")
        if not reader.fieldnames or not {"WOJ", "POW", "GMI", "RODZ", "NAZWA"} <= {
            name.strip().upper() for name in reader.fieldnames
        }:
            raise TercFormatError(
                "Not a GUS TERC file: the header must be WOJ;POW;GMI;RODZ;NAZWA;…"
            )
        rows = [{k.strip().upper(): v for k, v in row.items() if k} for row in reader]
    if not rows:
        raise TercFormatError("The TERC file has no rows.")
    state = next((r.get("STAN_NA", "").strip() for r in rows if r.get("STAN_NA")), "")
    try:
        state_on = datetime.date.fromisoformat(state) if state else datetime.date.today()
    except ValueError as error:
        raise TercFormatError(f"STAN_NA is not a date: {state!r}") from error
    units = TercUnits(state_on=state_on)
    _row_to_units(rows, units)
    return units


def shipped_units() -> tuple[TercUnits, dict[str, Any]]:
    data = json.loads(SHIPPED_DATA.read_text(encoding="utf-8"))
    units = TercUnits(
        state_on=datetime.date.fromisoformat(data["state_on"]),
        powiats=data["powiats"],
        gminas=data["gminas"],
        voivodeships={"20"},
    )
    return units, data


def apply_units(
    units: TercUnits,
    *,
    powiat_model: Any,
    gmina_model: Any,
    close_missing: bool = True,
) -> LoadResult:
    """Create or update every unit in ``units``; close the ones of the same voivodeships that
    the file no longer lists (``valid_to`` = the day before its state date). Idempotent."""
    result = LoadResult()
    day_before = units.state_on - datetime.timedelta(days=1)
    powiats = {p.code: p for p in powiat_model.objects.all()}
    for item in units.powiats:
        powiat = powiats.get(item["code"])
        if powiat is None:
            powiats[item["code"]] = powiat_model.objects.create(
                code=item["code"],
                name=item["name"],
                is_city=item["is_city"],
                valid_from=item.get("valid_from"),
            )
            result.created += 1
            continue
        changes = {"name": item["name"], "is_city": item["is_city"], "valid_to": None}
        if any(getattr(powiat, k) != v for k, v in changes.items()):
            for key, value in changes.items():
                setattr(powiat, key, value)
            powiat.save()
            result.updated += 1
        else:
            result.unchanged += 1

    gminas = {g.code: g for g in gmina_model.objects.all()}
    for item in units.gminas:
        gmina = gminas.get(item["code"])
        values = {
            "name": item["name"],
            "kind": GMINA_KINDS[item["rodz"]],
            "powiat": powiats[item["code"][:4]],
        }
        if gmina is None:
            subregion_id = item.get("subregion_id") or _likely_subregion(
                gmina_model, item["code"][:4]
            )
            valid_from = item.get("valid_from")
            if valid_from is None and gminas and close_missing:
                valid_from = units.state_on  # new in this file
            gminas[item["code"]] = gmina_model.objects.create(
                code=item["code"], subregion_id=subregion_id, valid_from=valid_from, **values
            )
            result.created += 1
            continue
        changes = {**values, "valid_to": None}
        if any(getattr(gmina, k) != v for k, v in changes.items()):
            for key, value in changes.items():
                setattr(gmina, key, value)
            gmina.save()
            result.updated += 1
        else:
            result.unchanged += 1

    if close_missing:
        listed_p = {p["code"] for p in units.powiats}
        listed_g = {g["code"] for g in units.gminas}
        for code, powiat in powiats.items():
            if code[:2] in units.voivodeships and code not in listed_p and powiat.valid_to is None:
                powiat.valid_to = day_before
                powiat.save()
                result.closed += 1
        for code, gmina in gminas.items():
            if code[:2] in units.voivodeships and code not in listed_g and gmina.valid_to is None:
                if gmina.valid_from and gmina.valid_from >= units.state_on:
                    continue  # created after the file's state date: not the file's business
                gmina.valid_to = day_before
                gmina.save()
                result.closed += 1
    return result


def _likely_subregion(gmina_model: Any, powiat_code: str) -> int | None:
    """A new gmina belongs to the subregion most of its powiat's gminas belong to."""
    counts = Counter(
        gmina_model.objects.filter(powiat__code=powiat_code, subregion__isnull=False).values_list(
            "subregion_id", flat=True
        )
    )
    return counts.most_common(1)[0][0] if counts else None


def load_shipped(*, subregion_model: Any, powiat_model: Any, gmina_model: Any) -> LoadResult:
    """The podlaskie territory the project ships, with its subregions (used by a migration)."""
    units, data = shipped_units()
    subregions = {}
    for item in data["subregions"]:
        subregions[item["slug"]], _ = subregion_model.objects.get_or_create(
            slug=item["slug"], defaults={"name": item["name"]}
        )
    for gmina in units.gminas:
        gmina["subregion_id"] = subregions[gmina["subregion"]].pk
    return apply_units(
        units, powiat_model=powiat_model, gmina_model=gmina_model, close_missing=False
    )
