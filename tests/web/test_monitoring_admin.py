"""Data stewards keep the monitoring catalogue in the Django admin, in Polish."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from contacts.models import OrganisationKind
from crm.top.monitoring.models import (
    IndicatorDefinition,
    IndicatorTarget,
    MonitoringReport,
    Recommendation,
    StrategicDocument,
)
from tests.contacts.factories import OrganisationFactory
from tests.web.conftest import client_for


@pytest.fixture
def steward(admin_user: Any) -> Any:
    admin_user.is_superuser = True
    admin_user.save()
    return admin_user


@pytest.fixture
def catalogue(db: None) -> dict[str, Any]:
    definition = IndicatorDefinition.objects.create(
        code="test-pes-liczba",
        name_pl="Liczba podmiotów ekonomii społecznej (test)",
        name_en="Number of social-economy entities (test)",
        unit="szt.",
        chapter=IndicatorDefinition.Chapter.PES,
        query="pes_count",
    )
    IndicatorTarget.objects.create(definition=definition, year=2027, value=Decimal("420"))
    jst = OrganisationFactory(name="Gmina Narewka", kind=OrganisationKind.GMINA)
    document = StrategicDocument.objects.create(
        organisation=jst,
        title="Strategia rozwiązywania problemów społecznych Gminy Narewka",
        kind=StrategicDocument.Kind.SOCIAL_PROBLEMS,
        adopted_on=datetime.date(2022, 3, 1),
        has_se_provisions=True,
    )
    recommendation = Recommendation.objects.create(
        monitoring_year=2025,
        text="Włączyć klauzule społeczne do zamówień gminnych.",
        addressee="Wójtowie gmin",
    )
    report = MonitoringReport.objects.create(year=2025)
    return {
        "indicatordefinition": definition,
        "strategicdocument": document,
        "recommendation": recommendation,
        "monitoringreport": report,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "polish_title", "shown"),
    [
        ("indicatordefinition", "wskaźnik", "Liczba podmiotów ekonomii społecznej (test)"),
        ("strategicdocument", "dokument", "Gminy Narewka"),
        ("recommendation", "rekomendac", "Włączyć klauzule społeczne"),
        ("monitoringreport", "raport", "2025"),
    ],
)
def test_each_monitoring_model_has_a_polish_admin_list_with_filters(
    steward: Any, catalogue: dict[str, Any], model: str, polish_title: str, shown: str
) -> None:
    response = client_for(steward).get(reverse(f"admin:monitoring_{model}_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert polish_title in html.lower()
    assert shown in html
    assert 'id="changelist-filter"' in html
    assert 'id="searchbar"' in html


@pytest.mark.django_db
def test_a_search_in_the_indicator_admin_finds_by_polish_name(
    steward: Any, catalogue: dict[str, Any]
) -> None:
    url = reverse("admin:monitoring_indicatordefinition_changelist")
    html = client_for(steward).get(url, {"q": "ekonomii społecznej (test)"}).content.decode()
    assert "test-pes-liczba" in html


@pytest.mark.django_db
def test_the_indicator_page_edits_its_targets_inline(
    steward: Any, catalogue: dict[str, Any]
) -> None:
    definition = catalogue["indicatordefinition"]
    url = reverse("admin:monitoring_indicatordefinition_change", args=[definition.pk])
    html = client_for(steward).get(url).content.decode()
    assert 'name="targets-0-value"' in html or "-0-value" in html
    assert "420" in html


@pytest.mark.django_db
def test_monitoring_reports_are_read_only_in_the_admin(
    steward: Any, catalogue: dict[str, Any]
) -> None:
    client = client_for(steward)
    report = catalogue["monitoringreport"]
    assert client.get(reverse("admin:monitoring_monitoringreport_add")).status_code == 403
    page = client.get(reverse("admin:monitoring_monitoringreport_change", args=[report.pk]))
    assert page.status_code == 200
    assert 'name="year"' not in page.content.decode()
    client.post(
        reverse("admin:monitoring_monitoringreport_delete", args=[report.pk]), {"post": "yes"}
    )
    assert MonitoringReport.objects.filter(pk=report.pk).exists()


@pytest.mark.django_db
def test_a_team_member_without_staff_rights_is_kept_out_of_the_admin(
    team_member: Any, catalogue: dict[str, Any]
) -> None:
    response = client_for(team_member).get(
        reverse("admin:monitoring_indicatordefinition_changelist")
    )
    assert response.status_code == 302
    assert "/login/" in response["Location"]
