"""Accounts, API tokens and lock-outs change through services that only administrators may
call (for others' accounts), and each change is in the action log without a password, a token
key or an address."""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from crm.audit.models import ActionLog
from crm.models import Role, Subregion, User
from crm.signin.services import api_token_revoke, lockout_clear
from crm.user_services import user_create, user_delete, user_set_password, user_update
from tests.crm.admin_forms import form_data

pytestmark = pytest.mark.django_db


def test_an_account_made_by_an_administrator_is_logged_with_role_and_subregions(
    admin_user: Any, subregion_a: Subregion
) -> None:
    user = user_create(
        actor=admin_user,
        username="partner",
        password="Długie-hasło-2026",
        role=Role.OWES_PARTNER,
        subregions=[subregion_a],
    )

    assert user.check_password("Długie-hasło-2026")
    entry = ActionLog.objects.get(verb="crm.user.created")
    assert entry.actor == admin_user
    assert entry.details == {"role": "owes_partner", "subregions": ["bielski"]}
    assert "Długie" not in str(entry.details)


def test_a_changed_role_is_logged_with_the_names_of_the_fields(admin_user: Any) -> None:
    user = user_create(actor=admin_user, username="ewa", role=Role.VIEWER)
    assert not user.has_usable_password()

    user_update(actor=admin_user, user=user, role=Role.TEAM, first_name="Ewa")
    user_update(actor=admin_user, user=user, role=Role.TEAM)  # nothing changes: nothing logged

    [entry] = ActionLog.objects.filter(verb="crm.user.updated")
    assert entry.details["fields"] == ["first_name", "role"]
    assert User.objects.get(pk=user.pk).role == Role.TEAM


def test_only_administrators_manage_accounts(manager: Any, team_member: Any) -> None:
    with pytest.raises(PermissionDenied):
        user_create(actor=manager, username="ktos")
    with pytest.raises(PermissionDenied):
        user_update(actor=manager, user=team_member, role=Role.ADMIN)
    assert not ActionLog.objects.exists()


def test_a_new_password_is_logged_without_itself(admin_user: Any, team_member: Any) -> None:
    user_set_password(actor=admin_user, user=team_member, password="Nowe-hasło-2026")

    assert User.objects.get(pk=team_member.pk).check_password("Nowe-hasło-2026")
    entry = ActionLog.objects.get(verb="crm.user.password_changed")
    assert entry.details == {"usable": True}


def test_an_account_that_acted_is_deactivated_not_deleted(
    admin_user: Any, team_member: Any
) -> None:
    ActionLog.objects.create(actor=team_member, verb="contacts.organisation.created")

    with pytest.raises(ValidationError):
        user_delete(actor=admin_user, user=team_member)
    assert User.objects.filter(pk=team_member.pk).exists()

    unused = user_create(actor=admin_user, username="pomylka")
    user_delete(actor=admin_user, user=unused)
    assert not User.objects.filter(pk=unused.pk).exists()
    assert ActionLog.objects.filter(verb="crm.user.deleted").count() == 1


def test_an_administrator_revokes_someone_elses_token_and_a_manager_may_not(
    admin_user: Any, manager: Any, team_member: Any
) -> None:
    token = Token.objects.create(user=team_member)
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=manager, user=team_member)

    assert api_token_revoke(actor=admin_user, user=team_member) is True

    assert not Token.objects.filter(user=team_member).exists()
    entry = ActionLog.objects.get(verb="crm.api_token.revoked")
    assert (entry.actor, entry.object_id) == (admin_user, str(team_member.pk))
    assert token.key not in f"{entry.object_repr} {entry.details}"


def test_clearing_a_lock_out_is_logged_without_the_address(
    admin_user: Any, manager: Any, team_member: Any
) -> None:
    attempt = AccessAttempt.objects.create(
        username=team_member.username,
        ip_address="10.1.2.3",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/login/",
        get_data="",
        post_data="",
        failures_since_start=10,
    )
    with pytest.raises(PermissionDenied):
        lockout_clear(actor=manager, attempt=attempt)

    lockout_clear(actor=admin_user, attempt=attempt)

    assert not AccessAttempt.objects.exists()
    entry = ActionLog.objects.get(verb="crm.signin.lockout_cleared")
    assert entry.object_id == str(team_member.pk)
    assert "10.1.2.3" not in f"{entry.object_repr} {entry.details}"


@pytest.fixture
def admin_client(admin_user: Any) -> Client:
    admin_user.is_superuser = True
    admin_user.save()
    client = Client()
    client.force_login(admin_user)
    return client


def test_accounts_made_and_changed_in_the_admin_are_logged(
    admin_client: Client, admin_user: Any
) -> None:
    url = reverse("admin:crm_user_add")
    data = form_data(admin_client, url)
    data.update(
        username="nowa", password1="Bardzo-dlugie-haslo-7", password2="Bardzo-dlugie-haslo-7"
    )
    data["usable_password"] = "true"
    assert admin_client.post(url, data).status_code == 302
    user = User.objects.get(username="nowa")
    assert user.check_password("Bardzo-dlugie-haslo-7")

    url = reverse("admin:crm_user_change", args=[user.pk])
    data = form_data(admin_client, url)
    data["role"] = Role.MANAGER
    assert admin_client.post(url, data).status_code == 302

    url = reverse("admin:auth_user_password_change", args=[user.pk])
    response = admin_client.post(
        url,
        {
            "password1": "Inne-dlugie-haslo-8",
            "password2": "Inne-dlugie-haslo-8",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).check_password("Inne-dlugie-haslo-8")

    verbs = list(
        ActionLog.objects.filter(object_id=str(user.pk), actor=admin_user)
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs == ["crm.user.created", "crm.user.updated", "crm.user.password_changed"]
    assert User.objects.get(pk=user.pk).role == Role.MANAGER
