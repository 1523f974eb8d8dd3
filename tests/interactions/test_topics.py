"""The topics vocabulary is kept by data stewards (in the admin) through its own services."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from crm.audit.models import ActionLog
from interactions.models import Topic
from interactions.services import topic_create, topic_update

pytestmark = pytest.mark.django_db


def test_a_topic_is_added_renamed_and_switched_off_with_log_entries(manager: Any) -> None:
    topic = topic_create(
        actor=manager, slug="klauzule", name_pl="Klauzule społeczne", name_en="Social clauses"
    )
    topic_update(actor=manager, topic=topic, name_pl="Klauzule społeczne", is_active=False)

    assert Topic.objects.get(slug="klauzule").is_active is False
    verbs = list(ActionLog.objects.order_by("pk").values_list("verb", "details"))
    assert verbs == [
        ("interactions.topic.created", {}),
        ("interactions.topic.updated", {"fields": ["is_active"]}),
    ]


def test_a_viewer_keeps_the_topics_as_they_are(viewer: Any) -> None:
    topic = Topic.objects.first()
    with pytest.raises(PermissionDenied):
        topic_update(actor=viewer, topic=topic, is_active=False)
    with pytest.raises(PermissionDenied):
        topic_create(actor=viewer, slug="x", name_pl="X", name_en="X")


def test_a_topics_slug_is_fixed_once_made(manager: Any) -> None:
    with pytest.raises(TypeError):
        topic_update(actor=manager, topic=Topic.objects.first(), slug="inny")


def test_switching_a_topic_off_in_the_admin_list_is_logged(admin_user: Any) -> None:
    admin_user.is_superuser = True
    admin_user.save()
    client = Client()
    client.force_login(admin_user)
    topics = list(Topic.objects.order_by("position", "slug"))
    data = {
        "form-TOTAL_FORMS": str(len(topics)),
        "form-INITIAL_FORMS": str(len(topics)),
        "_save": "Zapisz",
    }
    for index, topic in enumerate(topics):
        data[f"form-{index}-id"] = str(topic.pk)
        data[f"form-{index}-position"] = str(topic.position)
        if topic.is_active and index != 0:
            data[f"form-{index}-is_active"] = "on"

    response = client.post(reverse("admin:interactions_topic_changelist"), data)

    assert response.status_code == 302
    assert Topic.objects.get(pk=topics[0].pk).is_active is False
    entry = ActionLog.objects.get(verb="interactions.topic.updated")
    assert (entry.actor, entry.object_id) == (admin_user, str(topics[0].pk))
