"""Every page renders for a manager, in Polish, without a server error."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.web.conftest import World, client_for


def pages(world: World) -> list[str]:
    o, p = world.organisation.pk, world.person.pk
    return [
        reverse("home"),
        reverse("contacts:organisation_list"),
        reverse("contacts:organisation_list") + "?search=zubrowe&kind=social_cooperative",
        reverse("contacts:organisation_detail", args=[o]),
        reverse("contacts:organisation_create"),
        reverse("contacts:organisation_edit", args=[o]),
        reverse("contacts:organisation_merge", args=[o]),
        reverse("contacts:organisation_merge_confirm", args=[o, world.other.pk]),
        reverse("contacts:organisation_export"),
        reverse("contacts:organisation_suggest") + "?q=zubr",
        reverse("contacts:person_list"),
        reverse("contacts:person_detail", args=[p]),
        reverse("contacts:person_edit", args=[p]),
        reverse("contacts:person_gdpr", args=[p]),
        reverse("contacts:person_export", args=[p]),
        reverse("contacts:person_anonymise", args=[p]),
        reverse("interactions:interaction_list"),
        reverse("interactions:interaction_create"),
        reverse("interactions:interaction_create") + f"?organisation={o}",
        reverse("interactions:followup_list") + "?who=all",
        reverse("interactions:event_list"),
        reverse("interactions:event_detail", args=[world.event.pk]),
        reverse("interactions:event_attendance_print", args=[world.event.pk]),
        reverse("interactions:event_create"),
        reverse("networks:network_list"),
        reverse("networks:network_detail", args=[world.network.pk]),
        reverse("networks:membership_add", args=[world.network.pk]),
        reverse("networks:membership_end", args=[world.membership.pk]),
        reverse("networks:partnership_list"),
        reverse("networks:partnership_detail", args=[world.partnership.pk]),
    ]


@pytest.mark.django_db
def test_every_page_renders_for_a_manager(manager: Any, world: World) -> None:
    client = client_for(manager)
    for url in pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
