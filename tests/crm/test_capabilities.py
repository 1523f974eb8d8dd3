"""One check of a capability (crm.access.require_capability), the same on pages and in services."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from contacts.services.gdpr import person_export
from crm import access
from crm.models import User
from tests.contacts.factories import PersonFactory
from tests.interactions.factories import InteractionFactory
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_role_without_the_capability_is_refused(viewer: User, team_member: User) -> None:
    with pytest.raises(PermissionDenied):
        access.require_capability(viewer, "personal_data.view")
    with pytest.raises(PermissionDenied):
        access.require_capability(team_member, "imports.revert")
    access.require_capability(team_member, "personal_data.view")  # no exception


def test_a_viewer_reaches_no_personal_data_on_a_page_or_through_a_service(viewer: User) -> None:
    person = PersonFactory(first_name="Zenobia", last_name="Widoczna")
    contact = InteractionFactory(notes="Notatka o Zenobii")
    contact.people.add(person)

    page = client_for(viewer).get(reverse("contacts:person_detail", args=[person.pk]))
    log = client_for(viewer).get(reverse("interactions:interaction_list"))

    assert page.status_code == 403
    # The contact log is open to viewers, without the people and the notes.
    assert log.status_code == 200
    assert contact.subject in log.content.decode()
    assert "Widoczna" not in log.content.decode() and "Zenobii" not in log.content.decode()
    with pytest.raises(PermissionDenied):
        person_export(actor=viewer, person=person)
