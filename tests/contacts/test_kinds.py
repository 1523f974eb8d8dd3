"""Spółdzielnie inwalidów and niewidomych are kinds of their own, PES in the PES sector."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.utils import translation

from contacts.models import PES_KINDS, Organisation, OrganisationKind, Sector, sector_of
from crm.top.imports.pipeline.normalise import kind_and_form

pytestmark = pytest.mark.django_db

K = OrganisationKind
migration = importlib.import_module("contacts.migrations.0009_invalids_and_blind_cooperatives")


def test_invalids_and_blind_cooperatives_are_pes_with_polish_labels() -> None:
    for kind in (K.INVALIDS_COOPERATIVE, K.BLIND_COOPERATIVE):
        assert kind in PES_KINDS
        assert sector_of(kind) == Sector.PES
    with translation.override("pl"):
        assert str(K.INVALIDS_COOPERATIVE.label) == "spółdzielnia inwalidów"
        assert str(K.BLIND_COOPERATIVE.label) == "spółdzielnia niewidomych"


def test_the_data_migration_moves_work_cooperatives_by_their_name() -> None:
    invalids = Organisation.objects.create(
        name="Spółdzielnia Inwalidów „Jedność”", kind=K.WORK_COOPERATIVE
    )
    blind = Organisation.objects.create(
        name="Spółdzielnia Pracy Niewidomych w Białymstoku", kind=K.WORK_COOPERATIVE
    )
    plain = Organisation.objects.create(name="Spółdzielnia Pracy „Postęp”", kind=K.WORK_COOPERATIVE)
    # Only work cooperatives move: a foundation for the blind stays a foundation.
    foundation = Organisation.objects.create(name="Fundacja Pomocy Niewidomych", kind=K.FOUNDATION)

    migration.split_cooperatives(apps, None)

    kinds = dict(Organisation.objects.values_list("pk", "kind"))
    assert kinds[invalids.pk] == K.INVALIDS_COOPERATIVE
    assert kinds[blind.pk] == K.BLIND_COOPERATIVE
    assert kinds[plain.pk] == K.WORK_COOPERATIVE
    assert kinds[foundation.pk] == K.FOUNDATION

    migration.fold_cooperatives(apps, None)
    assert Organisation.objects.get(pk=blind.pk).kind == K.WORK_COOPERATIVE


def test_the_import_reads_the_legal_forms_as_their_own_kinds() -> None:
    assert kind_and_form("Spółdzielnia inwalidów", "")[0] == K.INVALIDS_COOPERATIVE
    assert kind_and_form("spółdzielnia niewidomych", "")[0] == K.BLIND_COOPERATIVE
    assert kind_and_form("", "Spółdzielnia Niewidomych „Świt”")[0] == K.BLIND_COOPERATIVE
    assert kind_and_form("Spółdzielnia pracy", "")[0] == K.WORK_COOPERATIVE
