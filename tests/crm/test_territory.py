"""The shipped podlaskie territory and loading official GUS TERC files."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from crm.models import Gmina, Powiat

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


def test_fresh_database_has_17_powiats_and_119_gminas() -> None:
    assert Powiat.objects.count() == 17
    assert Powiat.objects.filter(is_city=True).count() == 3
    assert Gmina.objects.count() == 119
    kinds = dict(Gmina.objects.values_list("kind").annotate(n=Count("id")))
    assert kinds == {"urban": 13, "urban_rural": 27, "rural": 79}  # 78 in 2024 + Grabówka


def test_every_gmina_has_the_subregion_of_its_owes() -> None:
    by_subregion = dict(Gmina.objects.values_list("subregion__slug").annotate(n=Count("id")))
    assert by_subregion == {"bialostocki": 15, "bielski": 26, "lomzynski": 39, "suwalski": 39}
    assert Gmina.objects.get(code="2002123").subregion.slug == "lomzynski"  # Tykocin
    assert Gmina.objects.get(code="2002152").subregion.slug == "lomzynski"  # Zawady
    assert Gmina.objects.get(code="2061011").subregion.slug == "bialostocki"  # Białystok
    assert Gmina.objects.get(code="2005011").subregion.slug == "bielski"  # m. Hajnówka


def test_grabowka_exists_from_2025() -> None:
    grabowka = Gmina.objects.get(code="2002162")
    assert grabowka.name == "Grabówka"
    assert grabowka.valid_from == datetime.date(2025, 1, 1)
    assert not grabowka.is_valid_on(datetime.date(2024, 12, 31))
    assert grabowka.subregion.slug == "bialostocki"


def test_ambiguous_names_are_two_gminas() -> None:
    assert Gmina.objects.filter(name="Siemiatycze").count() == 2
    assert set(Gmina.objects.filter(name="Augustów").values_list("kind", flat=True)) == {
        "urban",
        "rural",
    }


def test_load_terc_updates_creates_and_closes_units_idempotently() -> None:
    call_command("load_terc", str(DATA / "terc_excerpt.csv"))
    renamed = Gmina.objects.get(code="2002133")
    assert renamed.name == "Wasilków Nowy"
    new = Gmina.objects.get(code="2002172")
    assert new.valid_from == datetime.date(2025, 1, 1)
    assert new.subregion.slug == "bialostocki"  # the subregion most of its powiat is in
    # Everything in podlaskie that the excerpt does not list is closed the day before its date.
    closed = Gmina.objects.get(code="2002013")  # Choroszcz
    assert closed.valid_to == datetime.date(2024, 12, 31)
    assert Gmina.objects.get(code="2002162").valid_to is None  # listed: stays open
    assert Powiat.objects.get(code="2001").valid_to == datetime.date(2024, 12, 31)
    snapshot = list(Gmina.objects.values_list("code", "name", "valid_from", "valid_to"))
    call_command("load_terc", str(DATA / "terc_excerpt.csv"))
    assert list(Gmina.objects.values_list("code", "name", "valid_from", "valid_to")) == snapshot


def test_load_terc_reads_the_xml_form(tmp_path: Path) -> None:
    xml = tmp_path / "TERC.xml"
    xml.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<teryt><catalog name="TERC" type="all" date="2025-01-01">
<row><WOJ>20</WOJ><POW>02</POW><GMI>16</GMI><RODZ>2</RODZ><NAZWA>Grabówka</NAZWA>
<NAZWA_DOD>gmina wiejska</NAZWA_DOD><STAN_NA>2025-01-01</STAN_NA></row>
<row><WOJ>20</WOJ><POW>02</POW><GMI></GMI><RODZ></RODZ><NAZWA>białostocki</NAZWA>
<NAZWA_DOD>powiat</NAZWA_DOD><STAN_NA>2025-01-01</STAN_NA></row>
</catalog></teryt>""",
        encoding="utf-8",
    )
    call_command("load_terc", str(xml))
    assert Gmina.objects.get(code="2002162").valid_to is None
    assert Gmina.objects.get(code="2002013").valid_to == datetime.date(2024, 12, 31)


def test_load_terc_refuses_a_file_that_is_not_terc(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("load_terc", str(bad))
    assert Gmina.objects.filter(valid_to__isnull=False).count() == 0
