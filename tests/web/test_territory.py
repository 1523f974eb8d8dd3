"""The territory page: everyone reads it, only administrators move a gmina."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from crm.audit.models import ActionLog
from crm.models import Gmina, Subregion
from tests.web.conftest import client_for


@pytest.mark.django_db
def test_the_four_subregions_are_listed_with_their_gminas(manager: Any) -> None:
    html = client_for(manager).get(reverse("territory")).content.decode()
    for name in ("białostocki", "bielski", "łomżyński", "suwalski"):
        assert name in html
    assert "Hajnówka" in html
    assert "26 gmin" in html  # bielski, in the Polish plural
    assert "Przenieś do" not in html  # a manager reads, does not edit the territory


@pytest.mark.django_db
def test_an_administrator_moves_a_gmina_to_another_subregion(
    admin_user: Any, subregion_a: Subregion, subregion_b: Subregion
) -> None:
    gmina = Gmina.objects.filter(subregion=subregion_a).first()
    assert gmina is not None
    client = client_for(admin_user)
    assert "Przenieś do" in client.get(reverse("territory")).content.decode()
    client.post(reverse("territory_gmina_move", args=[gmina.pk]), {"subregion": subregion_b.pk})
    gmina.refresh_from_db()
    assert gmina.subregion == subregion_b
    assert ActionLog.objects.filter(verb="crm.gmina.subregion_changed").exists()


@pytest.mark.django_db
def test_a_team_member_cannot_move_a_gmina(team_member: Any, subregion_b: Subregion) -> None:
    gmina = Gmina.objects.exclude(subregion=subregion_b).first()
    assert gmina is not None
    response = client_for(team_member).post(
        reverse("territory_gmina_move", args=[gmina.pk]), {"subregion": subregion_b.pk}
    )
    assert response.status_code == 403
