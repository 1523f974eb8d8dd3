"""The admin pages of the interactions app open for a data steward."""

from __future__ import annotations

import pytest
from django.urls import reverse

from interactions.models import FollowUpDigest
from tests.interactions.factories import EventFactory, FollowUpFactory, InteractionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", ["topic", "interaction", "event", "participation", "followup", "followupdigest"]
)
def test_admin_lists_open(client, admin_user, model):
    admin_user.is_superuser = True
    admin_user.save()
    InteractionFactory()
    EventFactory()
    follow_up = FollowUpFactory()
    FollowUpDigest.objects.create(user=follow_up.assignee, date=follow_up.due_on)
    client.force_login(admin_user)

    response = client.get(reverse(f"admin:interactions_{model}_changelist"))

    assert response.status_code == 200
