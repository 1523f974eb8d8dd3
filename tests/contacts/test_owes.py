"""OWES accreditations: recorded through the services with their rules; "the OWES of a
subregion on a day" read from them; the old lists of served subregions moved into them."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from contacts.models import Organisation, OrganisationKind, OwesAccreditation
from contacts.selectors import owes_of_subregion, owes_serving
from contacts.services import owes_accreditation_create, owes_accreditation_update
from crm.access import scope_statistics
from crm.audit.models import ActionLog
from crm.models import Subregion, User
from tests.contacts.factories import OrganisationFactory

D = datetime.date


@pytest.fixture
def bielski(db: None) -> Subregion:
    return Subregion.objects.get(slug="bielski")


@pytest.fixture
def suwalski(db: None) -> Subregion:
    return Subregion.objects.get(slug="suwalski")


def owes(name: str = "OWES Bielsk") -> Organisation:
    return OrganisationFactory(name=name, kind=OrganisationKind.OWES)


def refusal(**fields: object) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        owes_accreditation_create(**fields)  # type: ignore[arg-type]
    with translation.override("pl"):
        return caught.value.message_dict


@pytest.mark.django_db
def test_an_accreditation_is_recorded_with_its_subregions_and_logged(
    manager: User, bielski: Subregion
) -> None:
    accreditation = owes_accreditation_create(
        actor=manager,
        organisation=owes(),
        subregions=[bielski],
        decision_number="DES-II.8040.3.2022",
        decision_date=D(2022, 12, 5),
        valid_from=D(2023, 1, 1),
        valid_to=D(2027, 12, 31),
    )
    assert list(accreditation.subregions.all()) == [bielski]
    assert accreditation.history.exists()
    entry = ActionLog.objects.get(verb="contacts.owes_accreditation.created")
    assert entry.details["subregions"] == ["bielski"]

    owes_accreditation_update(actor=manager, accreditation=accreditation, subregions=[bielski])
    assert not ActionLog.objects.filter(verb="contacts.owes_accreditation.updated").exists()
    owes_accreditation_update(actor=manager, accreditation=accreditation, valid_to=D(2026, 12, 31))
    entry = ActionLog.objects.get(verb="contacts.owes_accreditation.updated")
    assert entry.details["fields"] == ["valid_to"]


@pytest.mark.django_db
def test_only_an_owes_with_a_subregion_and_dates_in_order_is_accredited(
    manager: User, bielski: Subregion
) -> None:
    association = OrganisationFactory(kind=OrganisationKind.ASSOCIATION)
    errors = refusal(actor=manager, organisation=association, subregions=[bielski])
    assert list(errors) == ["organisation"]
    assert association.name in errors["organisation"][0]

    errors = refusal(actor=manager, organisation=owes(), subregions=[])
    assert list(errors) == ["subregions"]

    errors = refusal(
        actor=manager,
        organisation=owes("OWES 2"),
        subregions=[bielski],
        valid_from=D(2024, 1, 1),
        valid_to=D(2023, 1, 1),
    )
    assert list(errors) == ["valid_to"]
    assert not OwesAccreditation.objects.exists()


@pytest.mark.django_db
def test_one_owes_serves_a_subregion_at_a_time(
    manager: User, bielski: Subregion, suwalski: Subregion
) -> None:
    first = owes("OWES Pierwszy")
    owes_accreditation_create(
        actor=manager,
        organisation=first,
        subregions=[bielski],
        valid_from=D(2023, 1, 1),
        valid_to=D(2025, 12, 31),
    )
    errors = refusal(
        actor=manager,
        organisation=owes("OWES Drugi"),
        subregions=[suwalski, bielski],
        valid_from=D(2025, 12, 31),
    )
    assert list(errors) == ["subregions"]
    assert "OWES Pierwszy" in errors["subregions"][0]
    assert "31.12.2025" in errors["subregions"][0]
    # From the day after, the subregion is free; another subregion always was.
    owes_accreditation_create(
        actor=manager,
        organisation=owes("OWES Drugi"),
        subregions=[bielski],
        valid_from=D(2026, 1, 1),
    )
    owes_accreditation_create(
        actor=manager,
        organisation=owes("OWES Trzeci"),
        subregions=[suwalski],
        valid_from=D(2020, 1, 1),
    )


@pytest.mark.django_db
def test_the_owes_of_a_subregion_on_a_day(
    manager: User, viewer: User, bielski: Subregion, suwalski: Subregion
) -> None:
    old, new = owes("OWES dawny"), owes("OWES obecny")
    owes_accreditation_create(
        actor=manager, organisation=old, subregions=[bielski, suwalski], valid_to=D(2022, 12, 31)
    )
    owes_accreditation_create(
        actor=manager, organisation=new, subregions=[bielski], valid_from=D(2023, 1, 1)
    )
    assert owes_of_subregion(user=viewer, subregion=bielski, day=D(2022, 12, 31)) == [old]
    assert owes_of_subregion(user=viewer, subregion=bielski, day=D(2023, 1, 1)) == [new]
    assert owes_of_subregion(user=viewer, subregion=suwalski, day=D(2024, 6, 1)) == []

    serving = owes_serving(
        day=D(2024, 6, 1), accreditations=scope_statistics(OwesAccreditation.objects.all())
    )
    assert serving == {bielski.pk: [new.pk]}
    serving = owes_serving(
        day=D(2020, 6, 1), accreditations=scope_statistics(OwesAccreditation.objects.all())
    )
    assert serving == {bielski.pk: [old.pk], suwalski.pk: [old.pk]}


@pytest.mark.django_db(transaction=True)
def test_the_old_lists_of_served_subregions_become_accreditations() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([("contacts", "0010_operated_units")])
    old = executor.loader.project_state([("contacts", "0010_operated_units")]).apps
    OldOrganisation = old.get_model("contacts", "Organisation")
    subregions = list(old.get_model("crm", "Subregion").objects.order_by("slug")[:2])
    served = OldOrganisation.objects.create(name="OWES", kind="owes", search_name="owes")
    served.serves_subregions.set(subregions)
    OldOrganisation.objects.create(name="Fundacja", kind="foundation", search_name="fundacja")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    [accreditation] = OwesAccreditation.objects.all()
    assert accreditation.organisation_id == served.pk
    assert {s.slug for s in accreditation.subregions.all()} == {s.slug for s in subregions}
    assert accreditation.valid_from is None and accreditation.decision_number == ""
    assert "uzupełnij" in accreditation.notes
