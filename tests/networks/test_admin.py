"""The admin pages data stewards use for networks and partnerships (the overlap check is the
service's: tests/crm/test_admin_write_path.py)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from tests.networks.factories import MembershipFactory, PartnershipPartyFactory

D = datetime.date


@pytest.mark.django_db
def test_admin_lists_open(client: Client, admin_user) -> None:
    admin_user.is_superuser = True
    admin_user.save()
    MembershipFactory()
    PartnershipPartyFactory()
    client.force_login(admin_user)
    for url in [
        "/admin/networks/network/",
        "/admin/networks/membership/",
        "/admin/networks/partnership/",
        "/admin/networks/term/",
    ]:
        assert client.get(url).status_code == 200, url
