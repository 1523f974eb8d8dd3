"""The admin is not a second write path: what a data steward changes there goes through the
services, so it is in the action log with the steward as actor and obeys the same rules."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from contacts.models import Organisation, OrganisationKind, SocialEnterpriseStatus
from contacts.services import ps_status_grant
from crm.audit.models import ActionLog
from crm.models import Gmina, Subregion
from crm.top.monitoring.models import IndicatorDefinition
from interactions.models import FollowUp
from networks.models import Membership, Partnership
from tests.contacts.factories import OrganisationFactory, PersonFactory
from tests.crm.admin_forms import form_data
from tests.interactions.factories import EventFactory, FollowUpFactory
from tests.networks.factories import MembershipFactory, NetworkFactory
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def steward(admin_user: Any) -> Any:
    admin_user.is_superuser = True
    admin_user.save()
    return admin_user


@pytest.fixture
def client(steward: Any) -> Client:
    return client_for(steward)


def entries(verb: str) -> list[ActionLog]:
    return list(ActionLog.objects.filter(verb=verb).order_by("pk"))


def test_an_organisation_edited_in_the_admin_is_changed_and_logged(
    client: Client, steward: Any
) -> None:
    organisation = OrganisationFactory(name="Spółdzielnia Socjalna „Stara nazwa”")
    url = reverse("admin:contacts_organisation_change", args=[organisation.pk])
    data = form_data(client, url)
    data["name"] = "Spółdzielnia Socjalna „Nowa nazwa”"

    response = client.post(url, data)

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Spółdzielnia Socjalna „Nowa nazwa”"
    [entry] = entries("contacts.organisation.updated")
    assert entry.actor == steward
    assert entry.object_id == str(organisation.pk)
    assert entry.details == {"fields": ["name"]}
    assert organisation.history.first().history_user == steward


def test_an_organisation_added_in_the_admin_is_logged(client: Client, steward: Any) -> None:
    url = reverse("admin:contacts_organisation_add")
    data = form_data(client, url)
    data.update(
        name="Fundacja „Dobry Start”",
        kind=OrganisationKind.FOUNDATION,
        gmina=Gmina.objects.get(code="2005011").pk,
        phones='["85 682 11 22"]',
    )

    response = client.post(url, data)

    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Fundacja „Dobry Start”")
    assert organisation.created_by == steward
    assert organisation.phones == ["+48856821122"]  # the service normalised them
    [entry] = entries("contacts.organisation.created")
    assert (entry.actor, entry.object_id) == (steward, str(organisation.pk))


def test_deleting_a_linked_organisation_is_refused_with_the_services_message(
    client: Client, steward: Any
) -> None:
    organisation = OrganisationFactory()
    ps_status_grant(
        actor=steward,
        organisation=organisation,
        kind=SocialEnterpriseStatus.Kind.STATUTORY,
        granted_on=D(2024, 3, 1),
    )
    url = reverse("admin:contacts_organisation_delete", args=[organisation.pk])

    response = client.post(url, {"post": "yes"}, follow=True)

    assert response.status_code == 200
    assert "Nie można usunąć tej organizacji" in response.content.decode()
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert SocialEnterpriseStatus.objects.filter(organisation=organisation).exists()
    assert entries("contacts.organisation.deleted") == []


def test_an_unlinked_organisation_deleted_in_the_admin_is_logged(
    client: Client, steward: Any
) -> None:
    organisation = OrganisationFactory()
    url = reverse("admin:contacts_organisation_delete", args=[organisation.pk])

    assert client.post(url, {"post": "yes"}).status_code == 302

    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    [entry] = entries("contacts.organisation.deleted")
    assert entry.actor == steward


def test_deleting_selected_organisations_is_all_or_nothing(client: Client, steward: Any) -> None:
    free, linked = OrganisationFactory(), OrganisationFactory()
    ps_status_grant(
        actor=steward,
        organisation=linked,
        kind=SocialEnterpriseStatus.Kind.STATUTORY,
        granted_on=D(2024, 3, 1),
    )
    response = client.post(
        reverse("admin:contacts_organisation_changelist"),
        {"action": "delete_selected", "_selected_action": [free.pk, linked.pk], "post": "yes"},
        follow=True,
    )

    assert response.status_code == 200
    assert "Nie można usunąć tej organizacji" in response.content.decode()
    assert Organisation.objects.filter(pk__in=[free.pk, linked.pk]).count() == 2
    assert entries("contacts.organisation.deleted") == []


def test_an_overlapping_membership_added_in_the_admin_is_refused_with_the_polish_message(
    client: Client,
) -> None:
    existing = MembershipFactory(joined_on=D(2018, 1, 1), left_on=D(2020, 1, 1))
    url = reverse("admin:networks_membership_add")
    data = form_data(client, url)
    data.update(
        organisation=existing.organisation_id,
        network=existing.network_id,
        joined_on="01.05.2019",
        left_on="01.06.2019",
        role="member",
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Okresy członkostwa tej organizacji w tej sieci nakładają się" in (
        response.content.decode()
    )
    assert Membership.objects.count() == 1
    assert entries("networks.membership.started") == []


def test_a_membership_ended_in_the_admin_is_logged_as_ended(client: Client, steward: Any) -> None:
    membership = MembershipFactory(joined_on=D(2020, 1, 1))
    url = reverse("admin:networks_membership_change", args=[membership.pk])
    data = form_data(client, url)
    data.update(left_on="31.12.2025", left_reason="Likwidacja")

    assert client.post(url, data).status_code == 302

    membership.refresh_from_db()
    assert (membership.left_on, membership.left_reason) == (D(2025, 12, 31), "Likwidacja")
    [entry] = entries("networks.membership.ended")
    assert entry.actor == steward
    assert "organisation" not in form_data(client, url)  # who and where are fixed


def test_a_service_refusal_on_change_is_shown_in_the_form_and_saves_nothing(
    client: Client,
) -> None:
    follow_up = FollowUpFactory(due_on=D(2026, 5, 20))
    url = reverse("admin:interactions_followup_change", args=[follow_up.pk])
    data = form_data(client, url)
    data["due_on"] = "10.05.2026"  # earlier: postponing needs a later date

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Przełożenie wymaga późniejszego terminu." in response.content.decode()
    assert FollowUp.objects.get(pk=follow_up.pk).due_on == D(2026, 5, 20)


def test_a_party_added_with_a_new_partnership_goes_through_the_service(
    client: Client, steward: Any
) -> None:
    organisation = OrganisationFactory()
    url = reverse("admin:networks_partnership_add")
    data = form_data(client, url)
    data.update(
        title="Zlecenie zadania publicznego",
        kind="commissioned_task",
        starts_on="01.02.2026",
        **{
            "parties-TOTAL_FORMS": "1",
            "parties-0-organisation": organisation.pk,
            "parties-0-role": "lead",
        },
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[-2000:]
    partnership = Partnership.objects.get(title="Zlecenie zadania publicznego")
    assert list(partnership.parties.values_list("organisation", "role")) == [
        (organisation.pk, "lead")
    ]
    [entry] = entries("networks.partnership.created")
    assert entry.details["parties"] == [organisation.pk]


def test_a_ps_status_added_inline_is_logged_against_its_organisation(
    client: Client, steward: Any
) -> None:
    organisation = OrganisationFactory()
    url = reverse("admin:contacts_organisation_change", args=[organisation.pk])
    data = form_data(client, url)
    data.update(
        **{
            "ps_statuses-TOTAL_FORMS": "1",
            "ps_statuses-0-kind": "statutory",
            "ps_statuses-0-granted_on": "01.03.2024",
        }
    )

    assert client.post(url, data).status_code == 302

    assert organisation.ps_statuses.count() == 1
    [entry] = entries("contacts.ps_status.granted")
    assert (entry.actor, entry.object_id) == (steward, str(organisation.pk))


def test_a_gmina_moved_in_the_list_is_logged(client: Client, steward: Any) -> None:
    gmina = Gmina.objects.get(code="2005011")
    other = Subregion.objects.exclude(pk=gmina.subregion_id).first()
    url = reverse("admin:crm_gmina_change", args=[gmina.pk])
    data = form_data(client, url)
    data["subregion"] = other.pk

    assert client.post(url, data).status_code == 302

    gmina.refresh_from_db()
    assert gmina.subregion == other
    [entry] = entries("crm.gmina.subregion_changed")
    assert entry.actor == steward
    assert "name" not in form_data(client, url)  # the rest comes from the TERC file


def test_a_staff_member_without_the_capability_is_refused_by_the_service(
    team_member: Any,
) -> None:
    # Django lets them in (staff, with the model permissions); their role may not move gminas.
    team_member.is_staff = True
    team_member.save()
    team_member.user_permissions.set(
        Permission.objects.filter(codename__in=["view_gmina", "change_gmina"])
    )
    client = Client()
    client.force_login(team_member)
    gmina = Gmina.objects.get(code="2005011")
    before = gmina.subregion_id
    url = reverse("admin:crm_gmina_change", args=[gmina.pk])
    data = form_data(client, url)
    data["subregion"] = Subregion.objects.exclude(pk=before).first().pk

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Nie masz uprawnień do tej zmiany." in response.content.decode()
    assert Gmina.objects.get(pk=gmina.pk).subregion_id == before


def test_the_admin_import_is_gone_and_the_list_points_to_the_import_page(client: Client) -> None:
    for model in ("organisation", "person"):
        changelist = client.get(reverse(f"admin:contacts_{model}_changelist")).content.decode()
        assert f"/admin/contacts/{model}/import/" not in changelist
        assert f'href="{reverse("imports:upload")}"' in changelist
        response = client.get(f"/admin/contacts/{model}/import/", follow=True)
        assert "import_file" not in response.content.decode()  # no upload form anywhere


def test_a_history_revert_of_a_read_only_model_is_refused(client: Client) -> None:
    powiat = Gmina.objects.get(code="2005011").powiat
    powiat.save()  # a version in its history (the shipped territory was loaded without one)
    version = powiat.history.first()
    url = reverse("admin:crm_powiat_simple_history", args=[powiat.pk, version.history_id])

    response = client.post(url, {"name": "Zmieniony", "code": powiat.code})

    assert response.status_code == 403
    powiat.refresh_from_db()
    assert powiat.name != "Zmieniony"


# (admin, how the parent is made, inline prefix, the new row, the verb its service logs)
INLINE_ROWS: list[tuple[str, Any, str, dict[str, str], str]] = [
    (
        "networks_network",
        NetworkFactory,
        "terms",
        {"label": "2026–2029", "starts_on": "01.01.2026"},
        "networks.term.created",
    ),
    (
        "interactions_event",
        EventFactory,
        "participations",
        {"status": "registered"},
        "interactions.participation.registered",
    ),
    (
        "monitoring_indicatordefinition",
        IndicatorDefinition.objects.first,  # the shipped catalogue
        "targets",
        {"year": "2031", "value": "12"},
        "monitoring.indicator_target.set",
    ),
    (
        "contacts_person",
        PersonFactory,
        "consents",
        {"purpose": "zdjęcia", "given_on": "02.01.2026"},
        "contacts.consent.recorded",
    ),
    (
        "contacts_organisation",
        OrganisationFactory,
        "employment",
        {"as_of": "31.12.2025", "employees": "4", "employees_at_risk": "2"},
        "contacts.employment.recorded",
    ),
]


@pytest.mark.parametrize(("admin_name", "make_parent", "prefix", "row", "verb"), INLINE_ROWS)
def test_a_row_added_inline_goes_through_its_service(
    client: Client,
    steward: Any,
    admin_name: str,
    make_parent: Any,
    prefix: str,
    row: dict[str, str],
    verb: str,
) -> None:
    if prefix == "participations":
        row = {**row, "organisation": str(OrganisationFactory().pk)}
    url = reverse(f"admin:{admin_name}_change", args=[make_parent().pk])
    data = form_data(client, url)
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})

    response = client.post(url, data)

    assert response.status_code == 302, [
        f.formset.errors for f in response.context["inline_admin_formsets"]
    ]
    [entry] = entries(verb)
    assert entry.actor == steward


def test_an_administrator_revokes_a_token_and_clears_a_lock_out_in_the_admin(
    client: Client, steward: Any, team_member: Any
) -> None:
    Token.objects.create(user=team_member)
    attempt = AccessAttempt.objects.create(
        username=team_member.username,
        ip_address="10.0.0.9",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/login/",
        get_data="",
        post_data="",
        failures_since_start=10,
    )
    token_url = reverse("admin:authtoken_tokenproxy_delete", args=[team_member.pk])
    attempt_url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])

    assert client.post(token_url, {"post": "yes"}).status_code == 302
    assert client.post(attempt_url, {"post": "yes"}).status_code == 302

    assert not Token.objects.filter(user=team_member).exists()
    assert not AccessAttempt.objects.exists()
    verbs = {entry.verb: entry for entry in ActionLog.objects.filter(actor=steward)}
    assert verbs["crm.api_token.revoked"].object_id == str(team_member.pk)
    assert verbs["crm.signin.lockout_cleared"].object_id == str(team_member.pk)
    assert client.get(reverse("admin:authtoken_tokenproxy_add")).status_code == 403
