"""The report workbook's sheets are named by whole words: Excel allows 31 characters."""

from __future__ import annotations

import io
import re

import pytest
from django.utils import translation
from openpyxl import load_workbook

from crm.exports.formats import sheet_name
from crm.top.monitoring.report import build_report, report_workbook

pytestmark = pytest.mark.django_db


def test_no_sheet_name_of_the_report_is_cut_in_the_middle_of_a_word(manager: object) -> None:
    with translation.override("pl"):
        report = build_report(user=manager, year=2025)
        names = load_workbook(io.BytesIO(report_workbook(report))).sheetnames
        titles = [chapter.title for chapter in report.chapters]
    assert any(len(t) > 31 for t in titles)  # the case that used to be cut mid-word
    for name, title in zip(names[1:], titles, strict=True):
        clean = " ".join(re.sub(r"[\[\]:*?/\\]", " ", title).split())
        assert len(name) <= 31
        if len(clean) <= 31:
            assert name == clean
        else:
            assert name.endswith("…"), name
            kept = name[:-1]
            assert clean.startswith(kept) and clean[len(kept)] in " ,", (name, title)


def test_a_sheet_name_keeps_whole_words_and_drops_what_excel_refuses() -> None:
    assert sheet_name("przedsiębiorstwa społeczne i miejsca pracy") == (
        "przedsiębiorstwa społeczne…"
    )
    assert sheet_name("Wsparcie: kontakty/wydarzenia") == "Wsparcie kontakty wydarzenia"
    assert sheet_name("Krótka") == "Krótka"
