"""Scoping that cannot be forgotten: strict managers, scope()'s mark, the one escape hatch."""

from __future__ import annotations

import ast
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.test import Client

from config.celery import app as celery_app
from contacts.models import Affiliation, EmploymentSnapshot, Organisation, Person
from crm import access
from crm.base import ScopedModel
from crm.scoping import ScopedManager, ScopeError, StrictScopeMiddleware, strict, unscoped_reason
from crm.users import User
from tests.contacts.factories import AffiliationFactory, OrganisationFactory
from tests.networks.factories import NetworkFactory

ROOT = Path(__file__).resolve().parents[2]

SCOPED_MODELS = [
    model
    for model in apps.get_models()
    if getattr(model, "access_subregion_path", None)
    or getattr(model, "access_personal_data", False)
]


def test_every_model_that_declares_access_has_a_strict_default_manager() -> None:
    names = sorted(model._meta.label for model in SCOPED_MODELS)
    assert "contacts.Organisation" in names and "interactions.Participation" in names
    loose = [
        model._meta.label
        for model in SCOPED_MODELS
        if not issubclass(model, ScopedModel)
        or not isinstance(model._default_manager, ScopedManager)
    ]
    assert loose == [], f"declare these on crm.base.ScopedModel: {loose}"
    # Forward foreign keys follow the base manager, which stays Django's plain one.
    assert not any(isinstance(model._base_manager, ScopedManager) for model in SCOPED_MODELS)


@pytest.mark.django_db
@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda model: model._meta.label)
def test_a_query_outside_scope_raises_and_names_the_model(model: Any) -> None:
    with strict(), pytest.raises(ScopeError) as error:
        model.objects.filter(pk=1).exists()
    assert model._meta.label in str(error.value)
    assert "crm.access.scope(queryset, user)" in str(error.value)
    assert "crm.access.unscoped(reason)" in str(error.value)


EVALUATIONS = {
    "list": lambda qs: list(qs),
    "len": lambda qs: len(qs),
    "bool": lambda qs: bool(qs),
    "index": lambda qs: qs[0],
    "get": lambda qs: qs.get(),
    "first": lambda qs: qs.first(),
    "last": lambda qs: qs.order_by("pk").last(),
    "count": lambda qs: qs.count(),
    "exists": lambda qs: qs.exists(),
    "contains": lambda qs: qs.contains(Organisation(pk=1)),
    "aggregate": lambda qs: qs.aggregate(n=__import__("django.db.models").db.models.Count("pk")),
    "iterator": lambda qs: list(qs.iterator()),
    "in_bulk": lambda qs: qs.in_bulk(),
    "values_list": lambda qs: list(qs.values_list("pk", flat=True)),
    "update": lambda qs: qs.update(name="Zmieniona"),
    "delete": lambda qs: qs.delete(),
    "get_or_create": lambda qs: qs.get_or_create(name="Nowa"),
    "raw": lambda qs: list(Organisation.objects.raw("SELECT id FROM contacts_organisation")),
}


@pytest.mark.django_db
@pytest.mark.parametrize("how", EVALUATIONS)
def test_every_way_of_evaluating_an_unscoped_query_raises(how: str, manager: User) -> None:
    OrganisationFactory(name="Spółdzielnia Socjalna Żubr")
    with strict():
        with pytest.raises(ScopeError):
            EVALUATIONS[how](Organisation.objects.all())
        # The same query through scope() runs (get_or_create and raw have no scoped form).
        if how not in ("get_or_create", "raw"):
            EVALUATIONS[how](access.scope(Organisation.objects.all(), manager))
    if how not in ("update", "delete", "get_or_create", "raw"):
        assert Organisation.objects.filter(name="Spółdzielnia Socjalna Żubr").exists()


@pytest.mark.django_db
def test_scope_survives_chaining_and_serves_as_a_subquery(manager: User, viewer: User) -> None:
    organisation = OrganisationFactory(name="Fundacja Dobra")
    AffiliationFactory(organisation=organisation)
    with strict():
        scoped = access.scope(Organisation.objects.all(), manager)
        chained = (
            scoped.filter(name__startswith="Fundacja")
            .exclude(pk=0)
            .select_related("gmina")
            .annotate(has_people=Exists(Affiliation.objects.filter(organisation=OuterRef("pk"))))
            .order_by("name")
        )
        assert [o.name for o in chained] == ["Fundacja Dobra"]
        assert chained[0].has_people is True
        assert list(scoped.values_list("name", flat=True)) == ["Fundacja Dobra"]
        # A strict queryset inside a scoped query is never evaluated on its own.
        people = Person.objects.filter(affiliations__organisation=organisation)
        assert access.scope(Person.objects.filter(pk__in=people), manager).count() == 1
        # Empty querysets read nothing, and a viewer's scope of personal data is empty.
        assert list(Person.objects.none()) == []
        assert access.scope(Person.objects.all(), viewer).count() == 0


@pytest.mark.django_db
def test_reverse_relations_are_strict_and_forward_ones_are_not(manager: User) -> None:
    affiliation = AffiliationFactory()
    organisation = affiliation.organisation
    with strict():
        with pytest.raises(ScopeError):
            list(organisation.affiliations.all())
        assert list(access.scope(organisation.affiliations.all(), manager)) == [affiliation]
        fresh = access.scope(Affiliation.objects.all(), manager).get()
        assert fresh.organisation.name == organisation.name  # forward: the base manager


@pytest.mark.django_db
def test_uniqueness_and_constraints_are_checked_against_every_row_in_strict_code() -> None:
    network = NetworkFactory(name="Sieć PES Podlasia")
    with strict(), pytest.raises(ValidationError) as unique:
        NetworkFactory.build(name=network.name, kind=network.kind).full_clean()
    assert list(unique.value.message_dict) == ["name"]  # unique=True: validate_unique()

    organisation = OrganisationFactory()
    day = date(2025, 12, 31)
    EmploymentSnapshot.objects.create(organisation=organisation, as_of=day, employees=5)
    again = EmploymentSnapshot(organisation=organisation, as_of=day, employees=6)
    with strict(), pytest.raises(ValidationError) as constraint:
        again.full_clean()  # a UniqueConstraint: validate_constraints()
    assert constraint.value.messages


def test_unscoped_nests_and_is_restored_after_an_exception() -> None:
    with strict():
        assert unscoped_reason() is None
        with access.unscoped("outer"):
            with access.unscoped("inner"):
                assert unscoped_reason() == "inner"
            assert unscoped_reason() == "outer"
            with pytest.raises(RuntimeError), access.unscoped("failing"):
                raise RuntimeError
            assert unscoped_reason() == "outer"
            with strict():
                assert unscoped_reason() is None
            assert unscoped_reason() == "outer"
        assert unscoped_reason() is None


def test_unscoped_is_a_decorator_entered_on_each_call() -> None:
    @access.unscoped("decorated")
    def reason() -> str | None:
        return unscoped_reason()

    with strict():
        assert reason() == "decorated"
        assert unscoped_reason() is None
    with pytest.raises(ValueError):
        access.unscoped(" ")


def test_unscoped_is_per_thread() -> None:
    seen: list[str | None] = []
    with access.unscoped("this thread only"):
        thread = threading.Thread(target=lambda: seen.append(unscoped_reason()))
        thread.start()
        thread.join()
    assert seen == [None]


@pytest.mark.django_db
def test_the_middleware_makes_a_request_strict_inside_an_escape_hatch() -> None:
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse(str(Organisation.objects.count()))

    assert unscoped_reason() == "test setup and assertions"  # tests/conftest.py
    assert Organisation.objects.count() == 0
    with pytest.raises(ScopeError):
        StrictScopeMiddleware(view)(HttpRequest())
    assert unscoped_reason() == "test setup and assertions"


@pytest.mark.django_db
def test_a_page_that_forgets_scope_fails_although_the_test_body_is_unscoped(
    client: Client, manager: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from contacts import selectors

    OrganisationFactory()
    client.force_login(manager)
    assert client.get("/organizacje/").status_code == 200
    monkeypatch.setattr(selectors, "organisation_list", lambda *, user: Organisation.objects.all())
    with pytest.raises(ScopeError):
        client.get("/organizacje/")


@pytest.mark.django_db
def test_a_task_starts_strict_even_when_run_eagerly_inside_an_escape_hatch() -> None:
    @celery_app.task(name="tests.scoping.count_organisations")
    def count_organisations() -> int:
        return Organisation.objects.count()

    OrganisationFactory()
    assert unscoped_reason() is not None
    with pytest.raises(ScopeError):
        count_organisations.delay().get()


@pytest.mark.django_db
def test_the_admin_reads_unscoped(admin_user: User, client: Client) -> None:
    organisation = OrganisationFactory(name="Stowarzyszenie Admińskie")
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    changelist = client.get("/admin/contacts/organisation/")
    assert changelist.status_code == 200
    assert "Stowarzyszenie Admińskie" in changelist.content.decode()
    change = client.get(f"/admin/contacts/organisation/{organisation.pk}/change/")
    assert change.status_code == 200


# Where the escape hatch may be entered: code that must see every row by definition.
ALLOWED_KINDS = (
    "services/ or services.py (writes and their checks)",
    "tasks.py",
    "admin.py and crm/admin_site.py",
    "management/commands/",
    "migrations/",
    "crm/top/demo/ (the demo seeding)",
    "crm/base.py (uniqueness and constraints check every row)",
    "crm/erasure.py (erasing a person finds every copy in every table)",
    "benchmarks/ (measurements on a throwaway database, never served)",
)


def _allowed(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    name = parts[-1]
    return (
        "services" in parts[:-1]
        or name in ("services.py", "tasks.py", "admin.py")
        or parts[:2] == ("crm", "admin_site.py")
        or "migrations" in parts
        or any(parts[i : i + 2] == ("management", "commands") for i in range(len(parts)))
        or parts[:3] == ("crm", "top", "demo")
        or parts[:2] == ("crm", "base.py")
        or parts[:2] == ("crm", "erasure.py")
        or parts[0] == "benchmarks"
    )


def _call_sites(names: set[str]) -> list[tuple[Path, int]]:
    sites = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).parts
        if relative[0] in ("tests", ".venv", "var", "node_modules") or relative[0].startswith("."):
            continue
        if path.name == "scoping.py" and relative[0] == "crm":
            continue  # where it is defined
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in names:
                    sites.append((path, node.lineno))
            elif isinstance(node, ast.ImportFrom) and any(
                alias.name in names and alias.asname not in (None, alias.name)
                for alias in node.names
            ):
                sites.append((path, node.lineno))  # a renamed hatch would hide from grep
    return sites


def test_the_escape_hatch_is_entered_only_where_every_row_must_be_seen() -> None:
    sites = _call_sites({"unscoped"})
    print("\ncrm.access.unscoped() call sites:")
    for path, line in sites:
        print(f"  {path.relative_to(ROOT)}:{line}")
    assert sites, "the listing found no call site at all: the walk is broken"
    offending = [f"{path.relative_to(ROOT)}:{line}" for path, line in sites if not _allowed(path)]
    assert offending == [], (
        "unscoped() outside services, tasks, migrations, the admin, management commands and "
        "the demo seeding; read through crm.access.scope(queryset, user) instead:\n  "
        + "\n  ".join(offending)
        + "\nallowed: "
        + "; ".join(ALLOWED_KINDS)
    )


def test_numbers_over_every_row_and_the_public_catalogue_are_read_only_on_the_top_floor() -> None:
    """``scope_statistics`` and ``scope_public`` do not narrow by user: the top floor's
    monitoring and dashboard (numbers, the public catalogue) and services may use them."""
    sites = _call_sites({"scope_statistics", "scope_public"})
    print("\ncrm.access.scope_statistics() / scope_public() call sites:")
    for path, line in sites:
        print(f"  {path.relative_to(ROOT)}:{line}")
    offending = [
        f"{path.relative_to(ROOT)}:{line}"
        for path, line in sites
        if path.relative_to(ROOT).parts[:2] != ("crm", "top")
        and "services" not in path.relative_to(ROOT).parts[:-1]
        and path.name != "services.py"
        and path.relative_to(ROOT).parts != ("crm", "access.py")
    ]
    assert offending == [], (
        "statistics and the public catalogue are read on the top floor (crm/top/) or in "
        "services; a page of rows reads through crm.access.scope(queryset, user):\n  "
        + "\n  ".join(offending)
    )
