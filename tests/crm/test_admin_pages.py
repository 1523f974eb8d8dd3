"""Every page of the admin opens for a data steward, and no admin writes past the services.

The lists are read from ``admin.site._registry``, so a model registered later is checked too.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.authtoken.models import Token, TokenProxy
from simple_history.admin import SimpleHistoryAdmin

from contacts.models import Organisation, OrganisationKind, SocialEnterpriseStatus
from contacts.services import (
    consent_record,
    employment_record,
    organisation_link_create,
    owes_accreditation_create,
    ps_status_grant,
)
from crm.admin_services import ServiceAdmin, ServiceInline, is_read_only
from crm.audit.models import ActionLog
from crm.lists.services import saved_view_create
from crm.signin.services import two_factor_pending_device
from crm.territory.models import Subregion
from crm.top.imports.models import ImportBatch, ImportedRecord, ImportRow
from crm.top.imports.services import header_mapping_set
from crm.top.monitoring.models import (
    IndicatorDefinition,
    MonitoringReport,
    Recommendation,
    StrategicDocument,
)
from interactions.models import FollowUpDigest
from interactions.services import participation_register
from networks.services import term_create
from tests.contacts.factories import AffiliationFactory, OrganisationFactory, PersonFactory
from tests.crm.admin_forms import form_data
from tests.interactions.factories import EventFactory, FollowUpFactory, InteractionFactory
from tests.networks.factories import MembershipFactory, NetworkFactory, PartnershipPartyFactory
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db

REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.fixture
def steward(admin_user: Any) -> Any:
    admin_user.is_superuser = True
    admin_user.save()
    return admin_user


@pytest.fixture
def one_of_each(steward: Any) -> None:
    """At least one row of every model the admin shows, made as the application makes them."""
    organisation = OrganisationFactory()
    person = AffiliationFactory(organisation=organisation).person
    ps_status_grant(
        actor=steward,
        organisation=organisation,
        kind=SocialEnterpriseStatus.Kind.STATUTORY,
        granted_on=datetime.date(2024, 3, 1),
    )
    employment_record(
        actor=steward, organisation=organisation, as_of=datetime.date(2024, 12, 31), employees=7
    )
    owes = OrganisationFactory(kind=OrganisationKind.OWES)
    owes_accreditation_create(
        actor=steward,
        organisation=owes,
        subregions=list(Subregion.objects.all()[:1]),
        valid_from=datetime.date(2023, 1, 1),
    )
    organisation_link_create(
        actor=steward, organisation=organisation, kind="owes_support", other=owes
    )
    consent_record(
        actor=steward, person=person, purpose="newsletter", given_on=datetime.date(2024, 1, 2)
    )
    saved_view_create(
        actor=steward,
        list_key="organisations",
        name="Spółdzielnie",
        query="kind=social_cooperative",
    )
    network = NetworkFactory()
    term_create(
        actor=steward, network=network, label="2024–2027", starts_on=datetime.date(2024, 1, 1)
    )
    MembershipFactory(organisation=organisation, network=network)
    PartnershipPartyFactory(organisation=organisation)
    InteractionFactory().organisations.add(organisation)
    participation_register(actor=steward, event=EventFactory(), person=PersonFactory())
    follow_up = FollowUpFactory()
    FollowUpDigest.objects.create(user=follow_up.assignee, date=follow_up.due_on)
    batch = ImportBatch.objects.create(
        source="OWES Białystok", original_name="lista.csv", user=steward
    )
    ImportRow.objects.create(batch=batch, row_number=3, outcome=ImportRow.Outcome.CREATE)
    ImportedRecord.objects.create(
        batch=batch,
        row_number=3,
        content_type=ContentType.objects.get_for_model(Organisation),
        object_id=organisation.pk,
        action=ImportedRecord.Action.CREATED,
    )
    header_mapping_set(actor=steward, source="OWES Białystok", mapping={"Nazwa podmiotu": "name"})
    definition = IndicatorDefinition.objects.first() or IndicatorDefinition.objects.create(
        code="test-pes",
        name_pl="Liczba PES",
        name_en="Number of PES",
        unit="szt.",
        chapter=IndicatorDefinition.Chapter.PES,
        query="pes_count",
    )
    definition.targets.create(year=2030, value=Decimal("500"))
    StrategicDocument.objects.create(
        organisation=OrganisationFactory(kind=OrganisationKind.GMINA),
        title="Strategia rozwiązywania problemów społecznych",
        kind=StrategicDocument.Kind.SOCIAL_PROBLEMS,
        adopted_on=datetime.date(2022, 3, 1),
    )
    Recommendation.objects.create(
        monitoring_year=2025, text="Klauzule społeczne", addressee="Gminy"
    )
    MonitoringReport.objects.create(year=2025)
    Token.objects.create(user=steward)
    axes_row = {
        "username": "anna",
        "ip_address": "10.0.0.1",
        "user_agent": "Firefox",
        "http_accept": "*/*",
        "path_info": "/login/",
    }
    AccessAttempt.objects.create(**axes_row, get_data="", post_data="", failures_since_start=3)
    AccessLog.objects.create(**axes_row)
    AccessFailureLog.objects.create(**axes_row, locked_out=False)
    two_factor_pending_device(actor=steward)


def _url(model: type[models.Model], view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _object_id(model: type[models.Model]) -> str:
    obj: Any = model._default_manager.order_by("pk").first()
    assert obj is not None, f"one_of_each makes no {model._meta.label}: add one"
    # The token admin finds a token by its user (rest_framework.authtoken.admin).
    return quote(obj.user_id if model is TokenProxy else obj.pk)


def _superuser_request(steward: Any) -> Any:
    request = RequestFactory().get("/admin/")
    request.user = steward
    return request


def test_every_registered_admin_writes_through_services_or_is_read_only(steward: Any) -> None:
    request = _superuser_request(steward)
    saving_directly = []
    for model, model_admin in REGISTRY:
        if isinstance(model_admin, ServiceAdmin):
            inlines = model_admin.get_inline_instances(request)
            saving_directly += [
                f"{model._meta.label}: inline {type(inline).__name__}"
                for inline in inlines
                if not isinstance(inline, ServiceInline)
            ]
        # A read-only admin without the mixin still saves a history "revert" by itself.
        elif not is_read_only(model_admin, request) or isinstance(model_admin, SimpleHistoryAdmin):
            saving_directly.append(model._meta.label)
    assert saving_directly == [], (
        "These admins save past the services: mix in crm.admin_services.ServiceAdmin (its "
        "ServiceInline for inlines) and name the services, or leave them read-only."
    )


def test_every_admin_page_opens_for_a_data_steward(steward: Any, one_of_each: None) -> None:
    client = client_for(steward)
    request = _superuser_request(steward)
    failed = []
    for model, model_admin in REGISTRY:
        object_id = _object_id(model)
        pages = [
            _url(model, "changelist"),
            _url(model, "change", object_id),
            _url(model, "history", object_id),
        ]
        if model_admin.has_add_permission(request):
            pages.append(_url(model, "add"))
        failed += [(url, status) for url in pages if (status := client.get(url).status_code) != 200]
    assert failed == []


def test_every_autocomplete_field_answers(steward: Any, one_of_each: None) -> None:
    client = client_for(steward)
    request = _superuser_request(steward)
    sources = []
    for model, model_admin in REGISTRY:
        sources += [(model, field) for field in model_admin.autocomplete_fields]
        for inline in model_admin.get_inline_instances(request):
            sources += [(inline.model, field) for field in inline.autocomplete_fields]
    assert len(sources) > 10
    failed = []
    for source, field in sources:
        params = {
            "app_label": source._meta.app_label,
            "model_name": source._meta.model_name,
            "field_name": field,
            "term": "a",
        }
        status = client.get(reverse("admin:autocomplete"), params).status_code
        if status != 200:
            failed.append((source._meta.label, field, status))
    assert failed == []


def test_an_unchanged_change_form_saves_without_writing(steward: Any, one_of_each: None) -> None:
    client: Client = client_for(steward)
    request = _superuser_request(steward)
    failed = []
    for model, model_admin in REGISTRY:
        if not model_admin.has_change_permission(request):
            continue
        url = _url(model, "change", _object_id(model))
        logged = ActionLog.objects.count()
        response = client.post(url, form_data(client, url))
        if response.status_code != 302 or ActionLog.objects.count() != logged:
            failed.append((model._meta.label, response.status_code))
    assert failed == []
