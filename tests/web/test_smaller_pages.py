"""Issue 14's smaller defects on printouts, reports and error pages: one test each."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse

from crm.models import Gmina
from interactions.models import Participation
from tests.interactions.factories import EventFactory
from tests.web.conftest import World, client_for

pytestmark = pytest.mark.django_db


def test_the_attendance_print_has_names_under_a_name_column_the_town_once_and_a_column_a_day(
    world: World, manager: Any
) -> None:
    bialystok = Gmina.objects.filter(name="Białystok").first()
    event = EventFactory(
        title="Wizyta studyjna w Orli",
        starts_on=datetime.date(2026, 10, 6),
        ends_on=datetime.date(2026, 10, 7),
        address="Rynek Kościuszki, Białystok",
        gmina=bialystok,
    )
    Participation.objects.create(event=event, organisation=world.organisation, person=world.person)
    html = (
        client_for(manager)
        .get(reverse("interactions:event_attendance_print", args=[event.pk]))
        .content.decode()
    )
    header = html.split("<thead>")[1].split("</thead>")[0]
    assert "Imię i nazwisko" in header and ">Nazwa<" not in header
    assert "Podpis<br>06.10.2026" in header and "Podpis<br>07.10.2026" in header
    assert "Rynek Kościuszki, Białystok</p>" in html  # not "…, Białystok, Białystok (miasto)"
    row = re.search(r"<tr><td>1</td>(.*?)</tr>", html, re.S)
    assert row is not None and row.group(1).count("<td>") == 4  # name, organisation, 2 days


def test_an_unknown_address_gets_the_project_404_page_with_debug_on(
    settings: Any, manager: Any
) -> None:
    settings.DEBUG = True
    response = client_for(manager).get("/organizacje/nie-ma-takiej/", HTTP_ACCEPT_LANGUAGE="pl")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Nie znaleziono strony" in html or "Strona nie istnieje" in html, html[:600]
    assert "DEBUG = True" not in html
    api = client_for(manager).get("/api/v1/nie-ma/")
    assert api.status_code == 404 and api["Content-Type"].startswith("application/json")


def _batch(user: Any, status: str, counts: dict[str, int]) -> Any:
    from django.utils import timezone

    from crm.top.imports.models import ImportBatch, ImportRow

    batch = ImportBatch.objects.create(
        user=user,
        source="OWES subregionu bielskiego",
        original_name="owes.csv",
        sha256="0" * 64,
        status=status,
        counts=counts,
        planned_at=timezone.now(),
    )
    ImportRow.objects.create(batch=batch, row_number=2, outcome="create", values={"name": "X"})
    return batch


def test_the_import_plan_counters_agree_with_their_numbers_and_the_status_reads_well(
    team_member: Any,
) -> None:
    batch = _batch(team_member, "planned", {"create": 6, "update": 2, "error": 1})
    html = (
        client_for(team_member)
        .get(reverse("imports:batch_detail", args=[batch.pk]), HTTP_ACCEPT_LANGUAGE="pl")
        .content.decode()
    )
    assert "nowych organizacji" in html and "aktualizacje" in html and ">błąd<" in html
    assert "zaplanowany (próba gotowa)" not in html
    assert "plan gotowy do zatwierdzenia" in html
    assert "Co się stanie" in html


def test_after_applying_the_rows_say_what_happened_not_what_will(team_member: Any) -> None:
    batch = _batch(team_member, "applied", {"create": 1, "update": 0, "error": 3})
    html = (
        client_for(team_member)
        .get(reverse("imports:batch_detail", args=[batch.pk]), HTTP_ACCEPT_LANGUAGE="pl")
        .content.decode()
    )
    assert "Co się stanie" not in html
    assert "Wynik" in html
    assert "1 nowa organizacja, 0 aktualizacji, 3 wiersze niezaimportowane" in html


def test_the_mapping_page_shows_values_of_each_column(
    team_member: Any, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from crm.top.imports.models import ImportBatch

    settings.MEDIA_ROOT = tmp_path
    content = (
        "Nazwa podmiotu;Kol. 7;Miasto\n"
        "Fundacja Test;17-200;Hajnówka\n"
        "Fundacja Druga;15-950;Białystok\n"
    )
    upload = SimpleUploadedFile("nowy.csv", content.encode("utf-8"), content_type="text/csv")
    client = client_for(team_member)
    client.post(reverse("imports:upload"), {"source": "OWES nowy", "file": upload})
    batch = ImportBatch.objects.get()
    html = client.get(reverse("imports:mapping", args=[batch.pk])).content.decode()
    assert "17-200" in html and "15-950" in html
    samples = re.findall(r'data-testid="samples">(.*?)</td>', html, re.S)
    assert any("17-200" in s and "15-950" in s for s in samples)


def test_an_export_with_a_bad_filter_explains_it_on_a_page_with_the_way_back(
    manager: Any,
) -> None:
    response = client_for(manager).get(
        reverse("contacts:organisation_export") + "?created_since=wczoraj&format=csv",
        HTTP_ACCEPT_LANGUAGE="pl",
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "nie są poprawne" in html
    assert 'data-testid="bad-filters"' in html
    back = reverse("contacts:organisation_list") + "?created_since=wczoraj"
    assert f'href="{back}"' in html
