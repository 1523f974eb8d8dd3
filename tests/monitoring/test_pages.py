"""Every monitoring page and endpoint: who may open it, and that it shows the computed numbers."""

from __future__ import annotations

import datetime
import io
import json
import re
from typing import Any

import networkx as nx
import pytest
from django.test import Client

from contacts.models import OrganisationKind
from crm.top.monitoring.indicators import Period, compute
from crm.top.monitoring.models import Recommendation, StrategicDocument
from interactions.models import Event, Participation
from networks.models import Partnership, PartnershipParty
from tests.contacts.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/wskazniki/?year=2025",
    "/wskazniki/pes_active/?year=2025",
    "/wskazniki/pes_active/rekordy/?year=2025",
    "/raporty/?year=2025",
    "/graf/",
    "/graf/izolowane/",
    "/graf/wydarzenia/?year=2025",
    "/dokumenty-strategiczne/",
    "/rekomendacje/",
]


@pytest.fixture
def data() -> dict[str, object]:
    gmina = OrganisationFactory(name="Gmina Testowa", kind=OrganisationKind.GMINA, nip=None)
    pes = [OrganisationFactory(founded_on=datetime.date(2025, 1, 1)) for _ in range(3)]
    deal = Partnership.objects.create(
        title="Zlecenie", kind="commissioned_task", starts_on=datetime.date(2025, 5, 1)
    )
    for org in (gmina, pes[0]):
        PartnershipParty.objects.create(partnership=deal, organisation=org)
    event = Event.objects.create(kind="fair", title="Targi", starts_on=datetime.date(2025, 9, 9))
    for org in pes:
        Participation.objects.create(event=event, organisation=org, status="attended")
    return {"gmina": gmina, "pes": pes, "event": event}


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_anonymous_visitors_are_sent_to_sign_in(data: dict) -> None:
    client = Client()
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]
    assert client.get("/api/v1/graph/").status_code in (401, 403)
    assert client.get("/api/v1/indicators/").status_code in (401, 403)


def test_every_page_opens_for_a_manager_and_a_viewer(
    data: dict, manager: object, viewer: object
) -> None:
    for user in (manager, viewer):
        client = _client(user)
        for url in PAGES:
            assert client.get(url).status_code == 200, url
        assert client.get(f"/graf/wydarzenia/{data['event'].pk}/").status_code == 200


def test_indicator_page_shows_the_computed_number_and_links_the_records(
    data: dict, manager: object
) -> None:
    client = _client(manager)
    body = client.get("/wskazniki/pes_active/?year=2025").content.decode()
    value = compute("pes_active", Period(2025)).value
    assert value == 3
    assert f">{value}</a>" in body
    records = client.get("/wskazniki/pes_active/rekordy/?year=2025").content.decode()
    for org in data["pes"]:
        assert org.name in records
    assert "Gmina Testowa" not in records


def test_report_page_and_workbook_carry_the_indicator_values(data: dict, manager: object) -> None:
    client = _client(manager)
    body = client.get("/raporty/?year=2025").content.decode()
    assert 'data-code="jst_cooperating"' in body
    response = client.get("/raporty/xlsx/?year=2025")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_viewer_may_not_edit_and_manager_may(data: dict, manager: object, viewer: object) -> None:
    for url in (
        "/wskazniki/pes_active/edycja/",
        "/rekomendacje/nowa/",
        "/dokumenty-strategiczne/nowy/",
    ):
        assert _client(viewer).get(url).status_code == 403, url
        assert _client(manager).get(url).status_code == 200, url
    response = _client(manager).post(
        "/rekomendacje/nowa/",
        {
            "monitoring_year": 2025,
            "text": "Więcej zleceń",
            "addressee": "JST",
            "status": "proposed",
        },
    )
    assert response.status_code == 302
    assert Recommendation.objects.get().text == "Więcej zleceń"
    response = _client(manager).post(
        "/dokumenty-strategiczne/nowy/",
        {
            "organisation": data["gmina"].pk,
            "title": "Strategia",
            "kind": "development",
            "adopted_on": "2024-01-10",
            "has_se_provisions": "on",
        },
    )
    assert response.status_code == 302
    assert StrategicDocument.objects.get().has_se_provisions
    assert compute("jst_se_documents", Period(2025)).value == 1


def test_strategic_document_of_a_non_jst_is_refused(data: dict, manager: object) -> None:
    response = _client(manager).post(
        "/dokumenty-strategiczne/nowy/",
        {
            "organisation": data["pes"][0].pk,
            "title": "X",
            "kind": "other",
            "adopted_on": "2024-01-10",
        },
    )
    assert response.status_code == 200
    assert not StrategicDocument.objects.exists()


def test_graph_api_exports_graphml_gexf_and_json(data: dict, viewer: object) -> None:
    client = _client(viewer)
    params = "start=2025-01-01&end=2025-12-31"
    graphml = client.get(f"/api/v1/graph/?format=graphml&{params}")
    assert graphml.status_code == 200
    graph = nx.read_graphml(io.BytesIO(graphml.content))
    assert graph.number_of_nodes() == 4  # the gmina and three PES
    assert graph.number_of_edges() == 3 + 1  # the fair's triangle and the commissioned task
    gexf = nx.read_gexf(io.BytesIO(client.get(f"/api/v1/graph/?format=gexf&{params}").content))
    assert set(gexf.nodes) == set(graph.nodes)
    payload = json.loads(client.get(f"/api/v1/graph/?format=json&{params}&edges=event").content)
    assert len(payload["edges"]) == 3
    bad = client.get("/api/v1/graph/?format=json&start=not-a-date")
    assert bad.status_code == 400


def test_indicator_api_gives_values_breakdowns_and_records(data: dict, viewer: object) -> None:
    client = _client(viewer)
    listing = json.loads(client.get("/api/v1/indicators/?year=2025").content)
    by_code = {row["code"]: row for row in listing}
    assert by_code["pes_active"]["value"] == 3
    assert by_code["jst_cooperating"]["value"] == 1
    detail = json.loads(client.get("/api/v1/indicators/pes_active/?year=2025").content)
    assert sum(cell["value"] for cell in detail["by_subregion"]) == 3
    found = json.loads(client.get("/api/v1/indicators/pes_active/records/?year=2025").content)
    assert found["count"] == 3


def test_recommendation_api_writes_through_the_service(manager: object, viewer: object) -> None:
    payload = {"monitoring_year": 2025, "text": "A", "addressee": "ROPS", "status": "proposed"}
    assert _client(viewer).post("/api/v1/recommendations/", payload).status_code == 403
    response = _client(manager).post("/api/v1/recommendations/", payload)
    assert response.status_code == 201
    assert json.loads(_client(viewer).get("/api/v1/recommendations/").content)["count"] == 1


def test_hand_edited_record_links_find_nothing_instead_of_failing(
    data: dict, manager: object
) -> None:
    client = _client(manager)
    page = client.get("/wskazniki/pes_active/rekordy/?year=2025&powiat=abc&subregion_id=x")
    assert page.status_code == 200
    api = client.get("/api/v1/indicators/pes_active/records/?year=2025&powiat=abc")
    assert json.loads(api.content)["count"] == 0
    assert client.get("/api/v1/indicators/?year=99999").status_code == 400


def test_manager_sets_a_target_and_the_indicator_page_shows_it(manager: object) -> None:
    client = _client(manager)
    response = client.post(
        "/wskazniki/jobs_created/edycja/",
        {"t-year": 2025, "t-value": "42", "save_target": "1"},
    )
    assert response.status_code == 302
    body = client.get("/wskazniki/jobs_created/?year=2025").content.decode()
    assert ">42<" in body
    response = client.post(
        "/wskazniki/jobs_created/edycja/",
        {
            "d-name_pl": "Nowe miejsca pracy w PS",
            "d-name_en": "New jobs in social enterprises",
            "d-unit": "etaty",
            "d-baseline_year": 2023,
            "d-baseline_value": "30",
            "save_definition": "1",
        },
    )
    assert response.status_code == 302
    listing = client.get("/wskazniki/?year=2025").content.decode()
    assert "Nowe miejsca pracy w PS" in listing or "New jobs in social enterprises" in listing


def test_graph_page_shows_the_graph_of_each_filter(data: dict, manager: object) -> None:
    client = _client(manager)
    url = "/graf/?start=2025-01-01&end=2025-12-31"
    body = client.get(url).content.decode()
    assert "<svg" in body and "Gmina Testowa" in body
    Participation.objects.all().delete()
    # The partnership still ties the gmina; with event ties only there is nothing to draw
    # (a picture kept until the data changes: tests/monitoring/test_facts.py).
    assert "<svg" in client.get(url).content.decode()
    assert "<svg" not in client.get(url + "&edges=event").content.decode()


def test_report_page_shows_every_indicator_as_the_indicator_page_does(
    data: dict, manager: object
) -> None:
    from crm.top.monitoring.models import IndicatorDefinition
    from crm.top.monitoring.templatetags.monitoring_tags import value as formatted

    client = _client(manager)
    report = client.get("/raporty/?year=2025").content.decode()
    for definition in IndicatorDefinition.objects.all():
        shown = formatted(compute(definition.query, Period(2025)).value, definition.unit)
        row = re.search(
            rf'data-code="{definition.code}">.*?class="num achieved"><strong>(.*?)</strong>',
            report,
            re.S,
        )
        assert row is not None and row.group(1) == shown, definition.code
        page = client.get(f"/wskazniki/{definition.code}/?year=2025").content.decode()
        assert f">{shown}</a>" in page, definition.code


def test_large_data_prepares_the_workbook_as_a_task(
    data: dict,
    manager: object,
    settings: Any,
    tmp_path: Any,
    monkeypatch: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from crm.top.monitoring.models import MonitoringReport
    from crm.top.monitoring.views import reports

    settings.MEDIA_ROOT = str(tmp_path)
    monkeypatch.setattr(reports, "SYNC_LIMIT", 1)
    client = _client(manager)
    assert client.get("/raporty/xlsx/?year=2025").status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/raporty/przygotuj/", {"year": 2025})
    assert response.status_code == 302
    report = MonitoringReport.objects.get()
    assert report.status == MonitoringReport.Status.READY
    download = client.get(f"/raporty/pliki/{report.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"  # a zip: the XLSX


def test_fte_is_shown_with_two_decimals_in_every_column(data: dict, manager: object) -> None:
    from contacts.models import EmploymentSnapshot, SocialEnterpriseStatus

    enterprise = data["pes"][0]
    type(enterprise).objects.filter(pk=enterprise.pk).update(founded_on=datetime.date(2020, 1, 1))
    SocialEnterpriseStatus.objects.create(
        organisation=enterprise, kind="statutory", granted_on=datetime.date(2023, 1, 1)
    )
    for day, fte in ((datetime.date(2024, 12, 1), "3"), (datetime.date(2025, 12, 1), "5.5")):
        EmploymentSnapshot.objects.create(
            organisation=enterprise, as_of=day, employees=6, employees_at_risk=2, fte=fte
        )
    body = _client(manager).get("/wskazniki/?year=2025").content.decode()
    row = re.search(r"Etaty w PS na koniec roku.*?</tr>", body, re.S)
    assert row is not None
    # This year 5,50, the year before 3,00 — not "3" beside "5,50".
    assert "<strong>5,50</strong>" in row.group(0)
    assert ">3,00</td>" in row.group(0)
