"""Factories for organisations and people, with valid identifiers."""

from __future__ import annotations

import random

import factory

from contacts.models import Affiliation, Organisation, OrganisationKind, Person
from crm.models import Gmina


def valid_nip(seed: int) -> str:
    """A random NIP with a correct checksum (weights 6 5 7 2 3 4 5 6 7)."""
    rng = random.Random(seed)
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        check = sum(w * d for w, d in zip((6, 5, 7, 2, 3, 4, 5, 6, 7), digits, strict=True)) % 11
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def valid_regon(seed: int) -> str:
    rng = random.Random(seed)
    digits = [rng.randint(0, 9) for _ in range(8)]
    check = sum(w * d for w, d in zip((8, 9, 2, 3, 4, 5, 6, 7), digits, strict=True)) % 11 % 10
    return "".join(map(str, digits)) + str(check)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Spółdzielnia Socjalna „Podlasie {n}”")
    kind = OrganisationKind.SOCIAL_COOPERATIVE
    nip = factory.Sequence(lambda n: valid_nip(n))
    gmina = factory.LazyFunction(lambda: Gmina.objects.get(code="2005011"))  # m. Hajnówka


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = "Anna"
    last_name = factory.Sequence(lambda n: f"Łukaszuk{n}")
    email = factory.Sequence(lambda n: f"osoba{n}@example.pl")


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "prezes"
