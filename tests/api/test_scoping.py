"""Every API viewset reads through ``crm.access.scope``: a user the access rules give nothing
(an inactive account) gets nothing from any of them, although the rows exist."""

from __future__ import annotations

import pytest
from django.http import Http404
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from config.api import router
from crm.exports.models import ExportJob
from crm.lists.models import SavedView
from crm.models import User
from tests.api.world import build_world

pytestmark = pytest.mark.django_db

# Lists of what is each person's own (saved views, export jobs): both users get one of theirs.
OWN_ROWS = {
    "saved-views": lambda user: SavedView.objects.create(
        owner=user, list_key="organisations", name="Spółdzielnie"
    ),
    "exports": lambda user: ExportJob.objects.create(
        requested_by=user, name="organisations", fmt="csv"
    ),
}


@pytest.mark.parametrize("prefix,viewset", [(p, v) for p, v, _ in router.registry])
def test_viewset_queryset_starts_from_the_access_scope(prefix, viewset):
    world = build_world()
    inactive = User.objects.create(username="odszedl", role="manager", is_active=False)
    active = User.objects.create(username="kierownik", role="manager")
    results = {}
    for user in (inactive, active):
        if prefix in OWN_ROWS:
            OWN_ROWS[prefix](user)
        request = Request(APIRequestFactory().get("/"))
        request.user = user
        view = viewset(request=request, kwargs={"organisation_pk": world.a.organisation.pk})
        view.action = "list"
        view.format_kwarg = None
        try:
            results[user.username] = view.get_queryset().exists()
        except Http404:
            results[user.username] = False
    assert results == {"odszedl": False, "kierownik": True}
