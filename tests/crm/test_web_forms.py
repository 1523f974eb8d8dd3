"""One rule for the forms that edit through a service (crm.web.forms)."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from contacts.forms import PersonForm
from crm.audit.models import ActionLog
from crm.web.forms import apply_form_errors, edit_form
from interactions.forms import EventForm
from tests.contacts.factories import PersonFactory
from tests.interactions.factories import EventFactory
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_model_form_validates_a_copy_and_leaves_the_row_as_stored() -> None:
    person = PersonFactory(first_name="Anna", email="anna@example.pl")
    data = {"first_name": "Anna", "last_name": person.last_name, "email": "nowy@example.pl"}

    form = edit_form(PersonForm, data, instance=person)

    assert form.is_valid(), form.errors
    assert form.instance.pk == person.pk
    assert person.email == "anna@example.pl"  # what the service compares against


def test_editing_a_person_logs_the_field_that_changed(manager: Any) -> None:
    person = PersonFactory(first_name="Anna", email="anna@example.pl", phone="")
    data = {"first_name": "Anna", "last_name": person.last_name, "email": "nowy@example.pl"}

    response = client_for(manager).post(reverse("contacts:person_edit", args=[person.pk]), data)

    assert response.status_code == 302
    entry = ActionLog.objects.get(verb="contacts.person.updated")
    assert entry.details["fields"] == ["email"]


def test_a_plain_form_shows_the_rows_values_with_foreign_keys_as_ids() -> None:
    event = EventFactory(title="Targi", address="Rynek 1")
    event.gmina_id = 1
    form = edit_form(EventForm, None, instance=event, initial={"address": "inny"})

    assert form.initial["title"] == "Targi"
    assert form.initial["gmina"] == 1
    assert form.initial["address"] == "inny"  # an explicit initial wins


class _Form(forms.Form):
    name = forms.CharField()


def test_a_service_error_goes_next_to_its_field_or_above_the_form() -> None:
    form = _Form({"name": "x"})
    assert form.is_valid()

    apply_form_errors(form, ValidationError({"name": "Zajęta.", "nip": "Zły NIP."}))
    apply_form_errors(form, ValidationError("Coś poszło nie tak."))

    assert form.errors["name"] == ["Zajęta."]
    assert form.non_field_errors() == ["Zły NIP.", "Coś poszło nie tak."]
