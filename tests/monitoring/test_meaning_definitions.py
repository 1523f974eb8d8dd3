"""Every indicator carries a one-line definition in Polish and English, shown on its page and in
the report, and has a test of its meaning on a hand-made world."""

from __future__ import annotations

import importlib
import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client
from django.utils.html import escape
from openpyxl import load_workbook

from crm.top.monitoring.definitions import INDICATORS
from crm.top.monitoring.indicators import REGISTRY
from crm.top.monitoring.models import IndicatorDefinition
from crm.top.monitoring.report import build_report, report_workbook

pytestmark = pytest.mark.django_db


def test_every_computation_has_a_one_line_definition_in_polish_and_english() -> None:
    assert {item.code for item in INDICATORS} == set(REGISTRY)
    rows = IndicatorDefinition.objects.all()
    assert {row.code for row in rows} == set(REGISTRY)
    for row in rows:
        for text in (row.name_pl, row.name_en, row.description, row.description_en):
            assert text.strip() and "\n" not in text, row.code
        assert row.query == row.code


def test_job_indicators_name_their_unit_honestly() -> None:
    units = dict(IndicatorDefinition.objects.values_list("code", "unit"))
    for code in ("jobs_year_end", "jobs_at_risk_year_end", "jobs_created", "jobs_created_at_risk"):
        assert units[code] == "os.", code
    assert units["fte_year_end"] == units["fte_created"] == "etaty"
    names = dict(IndicatorDefinition.objects.values_list("code", "name_pl"))
    assert "osoby" in names["jobs_year_end"] and "Etaty" in names["fte_year_end"]


def test_indicator_page_shows_its_definition_in_the_language_of_the_page(
    manager: object,
) -> None:
    definition = IndicatorDefinition.objects.get(code="jobs_created")
    client = Client()
    client.force_login(manager)  # type: ignore[arg-type]
    polish = client.get("/wskazniki/jobs_created/?year=2025").content.decode()
    assert definition.description in polish
    english = client.get(
        "/wskazniki/jobs_created/?year=2025", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert escape(definition.description_en) in english
    records_page = client.get("/wskazniki/jobs_created/rekordy/?year=2025").content.decode()
    assert definition.description in records_page


def test_report_shows_every_definition(manager: object) -> None:
    client = Client()
    client.force_login(manager)  # type: ignore[arg-type]
    page = client.get("/raporty/?year=2025").content.decode()
    for row in IndicatorDefinition.objects.all():
        assert row.description in page, row.code
    workbook = load_workbook(io.BytesIO(report_workbook(build_report(user=manager, year=2025))))
    summary = workbook.worksheets[0]
    header = [cell.value for cell in summary[4]]
    by_code = {row[1]: row for row in summary.iter_rows(min_row=5, values_only=True)}
    column = header.index("Definicja")
    assert (
        by_code["se_active"][column]
        == IndicatorDefinition.objects.get(code="se_active").description
    )


def test_api_gives_each_definition_in_both_languages(manager: object) -> None:
    client = Client()
    client.force_login(manager)  # type: ignore[arg-type]
    listing = client.get("/api/v1/indicators/?year=2025").json()
    texts = dict(IndicatorDefinition.objects.values_list("code", "description"))
    assert {row["code"]: row["definition_pl"] for row in listing} == texts
    detail = client.get("/api/v1/indicators/fte_year_end/?year=2025").json()
    assert detail["definition_en"].startswith("Full-time equivalents")


def test_a_manager_edits_both_definitions_on_the_indicator_form(manager: object) -> None:
    client = Client()
    client.force_login(manager)  # type: ignore[arg-type]
    response = client.post(
        "/wskazniki/fte_created/edycja/",
        {
            "d-name_pl": "Etaty utworzone w PS w roku",
            "d-name_en": "FTE created in social enterprises in the year",
            "d-unit": "etaty",
            "d-description": "Przyrost etatów w PS w roku.",
            "d-description_en": "The growth of FTE in social enterprises in the year.",
            "save_definition": "1",
        },
    )
    assert response.status_code == 302
    definition = IndicatorDefinition.objects.get(code="fte_created")
    assert definition.description_en == "The growth of FTE in social enterprises in the year."
    assert definition.meaning == "Przyrost etatów w PS w roku."


def test_meanings_migration_updates_shipped_texts_and_keeps_a_managers_edit() -> None:
    migration = importlib.import_module("crm.top.monitoring.migrations.0004_indicator_meanings")
    shipped_unit, shipped_name, _en, shipped_text = migration.SHIPPED["jobs_year_end"]
    IndicatorDefinition.objects.filter(code="jobs_year_end").update(
        unit=shipped_unit, name_pl=shipped_name, description=shipped_text
    )
    IndicatorDefinition.objects.filter(code="pes_new").update(description="Opis kierownika.")
    IndicatorDefinition.objects.filter(code="pes_active").update(description_en="")
    IndicatorDefinition.objects.filter(code="fte_created").delete()
    migration.update(apps, None)
    jobs = IndicatorDefinition.objects.get(code="jobs_year_end")
    assert (jobs.unit, jobs.name_pl) == ("os.", "Zatrudnienie w PS na koniec roku (osoby)")
    assert jobs.description.startswith("Osoby zatrudnione 31 grudnia")
    assert IndicatorDefinition.objects.get(code="pes_new").description == "Opis kierownika."
    assert IndicatorDefinition.objects.get(code="pes_active").description_en.startswith(
        "Social-economy entities"
    )
    fte = IndicatorDefinition.objects.get(code="fte_created")
    before = IndicatorDefinition.objects.get(code="jobs_created_at_risk")
    assert fte.position == before.position + 5 and fte.unit == "etaty"


def test_each_indicator_has_a_test_of_its_meaning() -> None:
    names = [
        name
        for path in Path(__file__).parent.glob("test_meaning_*.py")
        for name in re.findall(r"^def (test_\w+)", path.read_text(encoding="utf-8"), re.M)
    ]
    for code in REGISTRY:
        assert any(name.startswith(f"test_{code}_") for name in names), code
