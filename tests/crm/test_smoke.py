import pytest
from django.test import Client

from crm.models import Gmina, Powiat


@pytest.mark.django_db
def test_health_check_answers(client: Client) -> None:
    assert client.get("/healthz").json()["status"] == "ok"


@pytest.mark.django_db
def test_territory_is_shipped_with_the_project() -> None:
    assert Powiat.objects.count() == 17
    assert Gmina.objects.count() == 119
