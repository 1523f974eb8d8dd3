"""What the API answers is what its schema says: decimals, pages and page sizes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from crm.top.monitoring.models import IndicatorDefinition

pytestmark = pytest.mark.django_db


def schema(client: Client) -> dict[str, Any]:
    return client.get("/api/schema/?format=json").json()


def test_baseline_value_is_a_number_as_the_schema_says(api: Any, manager: Any) -> None:
    IndicatorDefinition.objects.filter(code="pes_active").update(
        baseline_year=2023, baseline_value=Decimal("1234.50")
    )
    body = api(manager).get("/api/v1/indicators/?year=2025").json()
    row = next(r for r in body if r["code"] == "pes_active")
    assert row["baseline_value"] == 1234.5
    spec = schema(Client())["components"]["schemas"]["IndicatorValue"]["properties"]
    assert spec["baseline_value"]["type"] == "number"


def test_indicator_records_are_a_page_in_the_answer_and_the_schema(api: Any, manager: Any) -> None:
    body = api(manager).get("/api/v1/indicators/pes_active/records/?year=2025").json()
    assert set(body) == {"count", "next", "previous", "results"}
    operation = schema(Client())["paths"]["/api/v1/indicators/{code}/records/"]["get"]
    content = operation["responses"]["200"]["content"]["application/json"]["schema"]
    ref = content["$ref"].rsplit("/", 1)[-1]
    page = schema(Client())["components"]["schemas"][ref]
    assert {"count", "next", "previous", "results"} <= set(page["properties"])


@pytest.mark.parametrize("value", ["null", "0", "-1", "abc", "1.5"])
def test_a_page_size_that_is_not_a_positive_number_is_a_400(
    api: Any, manager: Any, value: str
) -> None:
    for url in ("/api/v1/organisations/", "/api/v1/indicators/pes_active/records/"):
        response = api(manager).get(f"{url}?page_size={value}", HTTP_ACCEPT_LANGUAGE="pl")
        assert response.status_code == 400, (url, value)
        assert "page_size" in response.json()["errors"]


def test_a_page_size_over_the_cap_is_capped_and_the_schema_says_so(api: Any, manager: Any) -> None:
    assert api(manager).get("/api/v1/organisations/?page_size=5000").status_code == 200
    operation = schema(Client())["paths"]["/api/v1/organisations/"]["get"]
    size = next(p for p in operation["parameters"] if p["name"] == "page_size")
    assert (size["schema"]["minimum"], size["schema"]["maximum"]) == (1, 200)
