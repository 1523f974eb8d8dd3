"""API test fixtures: a logged-in client per persona, and one organisation in each subregion."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from contacts.models import Organisation
from crm.models import User
from tests.contacts.factories import OrganisationFactory

GMINA_A = "2005011"  # Hajnówka, subregion bielski (A)
GMINA_B = "2001011"  # Augustów, subregion suwalski (B)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Uploaded import files go to the test's own directory, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def api() -> Any:
    """``api(user)`` → an APIClient authenticated by token (``api(None)``: anonymous)."""
    return client_for


@pytest.fixture
def org_a(db: None) -> Organisation:
    from crm.models import Gmina

    return OrganisationFactory(
        name="Spółdzielnia Socjalna „Żubrowe Smaki”",
        town="Hajnówka",
        gmina=Gmina.objects.get(code=GMINA_A),
    )


@pytest.fixture
def org_b(db: None) -> Organisation:
    from crm.models import Gmina

    return OrganisationFactory(
        name="Fundacja Nad Nettą",
        kind="foundation",
        town="Augustów",
        gmina=Gmina.objects.get(code=GMINA_B),
    )
