"""The RKRES committee: its terms of office and the institutions appointed for each, with the
persons representing them."""

from __future__ import annotations

import datetime
from typing import Any

from contacts.models import Affiliation, Organisation, OrganisationKind, Person
from contacts.services import affiliation_create, person_create
from crm.text import fold
from crm.top.demo import names
from crm.top.demo.context import DemoContext
from crm.top.demo.networks.streams import stream
from networks.models import MembershipRole, Network, NetworkKind, Term
from networks.services import (
    membership_join,
    membership_move_representative,
    network_create,
    term_create,
)

D = datetime.date
K = OrganisationKind
VOIVODESHIP_NAME = "Województwo Podlaskie"
RKRES_TERMS = [
    ("2016–2019", D(2016, 3, 1), D(2019, 2, 28)),
    ("2019–2022", D(2019, 3, 1), D(2022, 2, 28)),
    ("2022–2025", D(2022, 3, 1), D(2025, 2, 28)),
    ("2025–2028", D(2025, 3, 1), D(2028, 2, 29)),
]


def _representative(ctx: DemoContext, organisation: Organisation, *, fresh: bool = False) -> Any:
    """A person of the institution; a made-up one (found again by e-mail) when it has none or
    when a ``fresh`` face is wanted."""
    affiliation = (
        Affiliation.objects.filter(organisation=organisation, ended_on__isnull=True)
        .select_related("person")
        .order_by("id")
        .first()
    )
    if affiliation is not None and not fresh:
        return affiliation.person
    key = f"{fold(organisation.short_name or organisation.name)[:40]}{'-2' if fresh else ''}"
    email = f"rkres.{key.replace(' ', '.')}@osoby-demo.example.pl"
    person = Person.objects.filter(email=email).first()
    if person is None:
        rng = stream(ctx, email)
        female = rng.random() < 0.5
        surname = rng.choice(names.SURNAMES)[1 if female else 0]
        first = rng.choice(names.FIRST_NAMES_F if female else names.FIRST_NAMES_M)
        person = person_create(
            actor=ctx.actor,
            last_name=surname,
            first_name=first,
            email=email,
            source="dane demonstracyjne (RKRES)",
        )
        affiliation_create(
            actor=ctx.actor,
            person=person,
            organisation=organisation,
            role="przedstawiciel w RKRES",
        )
    return person


def seed_rkres(
    ctx: DemoContext,
    rops: Organisation,
    owes: dict[str, Organisation],
    pes: list[Organisation],
    jst: list[Organisation],
) -> int:
    network = Network.objects.filter(kind=NetworkKind.COMMITTEE, short_name="RKRES").first()
    if network is None:
        network = network_create(
            actor=ctx.actor,
            name="Regionalny Komitet Rozwoju Ekonomii Społecznej w Województwie Podlaskim",
            short_name="RKRES",
            kind=NetworkKind.COMMITTEE,
            coordinator=rops,
            founded_on=RKRES_TERMS[0][1],
            description="Ciało opiniodawczo-doradcze Zarządu Województwa; członkowie z powołania.",
        )
    voivodeship = Organisation.objects.filter(name=VOIVODESHIP_NAME).first()
    cities = [o for o in jst if o.kind == K.CITY]
    core: list[tuple[Organisation, str]] = [(rops, MembershipRole.SECRETARY)]
    if voivodeship is not None:
        core.insert(0, (voivodeship, MembershipRole.CHAIR))
    core += [
        (o, MembershipRole.VICE_CHAIR if slug == "bialostocki" else MembershipRole.MEMBER)
        for slug, o in owes.items()
    ]
    core += [(o, MembershipRole.MEMBER) for o in cities]
    candidates = [o for o in pes if o.kind in {K.SOCIAL_COOPERATIVE, K.FOUNDATION, K.CIS}]
    appointed = 0
    rng = stream(ctx, "rkres")
    for number, (label, starts_on, ends_on) in enumerate(RKRES_TERMS):
        if starts_on > ctx.today:
            break
        term = Term.objects.filter(network=network, label=label).first() or term_create(
            actor=ctx.actor, network=network, label=label, starts_on=starts_on, ends_on=ends_on
        )
        # The PES seats rotate each term; drawn even when the term exists, for determinism.
        seats = rng.sample(candidates, k=min(4, len(candidates)))
        if term.memberships.exists():
            continue
        finished = ends_on < ctx.today
        for organisation, role in core + [(o, MembershipRole.MEMBER) for o in seats]:
            membership = membership_join(
                actor=ctx.actor,
                organisation=organisation,
                network=network,
                joined_on=starts_on,
                left_on=ends_on + datetime.timedelta(days=1) if finished else None,
                left_reason="koniec kadencji" if finished else "",
                role=role,
                term=term,
                representative=_representative(ctx, organisation),
                source=f"uchwała Zarządu Województwa Podlaskiego, kadencja {label}",
            )
            appointed += 1
            if number == 1 and organisation.kind == K.CITY:
                # A city sent someone else half-way through the term.
                membership_move_representative(
                    actor=ctx.actor,
                    membership=membership,
                    representative=_representative(ctx, organisation, fresh=True),
                )
    return appointed
