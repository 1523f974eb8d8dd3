"""Each item of an organisation's timeline leads to the page of its record, when there is one."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from contacts.services import organisation_update
from tests.web.conftest import World, client_for


def timeline_html(user: Any, world: World) -> str:
    html = (
        client_for(user)
        .get(reverse("contacts:organisation_detail", args=[world.organisation.pk]))
        .content.decode()
    )
    return html[html.index('id="h-timeline"') :]


@pytest.mark.django_db
def test_events_networks_partnerships_and_ps_statuses_link_to_their_pages(
    team_member: Any, world: World
) -> None:
    timeline = timeline_html(team_member, world)
    assert f'href="{reverse("interactions:event_detail", args=[world.event.pk])}"' in timeline
    assert f'href="{reverse("networks:network_detail", args=[world.network.pk])}"' in timeline
    assert (
        f'href="{reverse("networks:partnership_detail", args=[world.partnership.pk])}"' in timeline
    )
    assert 'href="#h-ps"' in timeline


@pytest.mark.django_db
def test_a_contact_links_to_its_own_page(team_member: Any, world: World) -> None:
    timeline = timeline_html(team_member, world)
    subject = re.escape(world.interaction.subject)
    url = re.escape(reverse("interactions:interaction_detail", args=[world.interaction.pk]))
    assert re.search(rf'<a href="{url}"[^>]*>[^<]*{subject}[^<]*</a>', timeline)


@pytest.mark.django_db
def test_record_changes_link_to_the_field_history_only_for_data_stewards(
    team_member: Any, admin_user: Any, world: World
) -> None:
    organisation_update(actor=admin_user, organisation=world.organisation, town="Białowieża")
    history = reverse("admin:contacts_organisation_history", args=[world.organisation.pk])
    admin_user.is_superuser = True
    admin_user.save()
    assert f'href="{history}"' in timeline_html(admin_user, world)
    assert history not in timeline_html(team_member, world)
