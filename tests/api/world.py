"""A small world for the API tests: one of every resource in subregion A and one in B."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from contacts.models import (
    Affiliation,
    EmploymentSnapshot,
    Organisation,
    OrganisationLink,
    OwesAccreditation,
    Person,
    SocialEnterpriseStatus,
)
from crm.models import Gmina, Subregion, User
from crm.top.imports.models import ImportBatch
from crm.top.monitoring.models import Recommendation, StrategicDocument
from interactions.models import Event, FollowUp, Interaction, Participation
from networks.models import Membership, Network, Partnership, PartnershipParty
from tests.contacts.factories import OrganisationFactory

GMINA = {"A": "2005011", "B": "2001011"}  # Hajnówka (bielski), Augustów (suwalski)
SUBREGION = {"A": "bielski", "B": "suwalski"}


@dataclass
class Side:
    """Everything of one subregion."""

    code: str
    organisation: Organisation
    jst: Organisation
    owes: Organisation
    accreditation: OwesAccreditation
    link: OrganisationLink
    person: Person
    affiliation: Affiliation
    status: SocialEnterpriseStatus
    employment: EmploymentSnapshot
    network: Network
    membership: Membership
    partnership: Partnership
    interaction: Interaction
    event: Event
    participation: Participation
    follow_up: FollowUp


def build_side(code: str, *, assignee: User) -> Side:
    gmina = Gmina.objects.get(code=GMINA[code])
    subregion = Subregion.objects.get(slug=SUBREGION[code])
    organisation = OrganisationFactory(name=f"Spółdzielnia Socjalna „Strona {code}”", gmina=gmina)
    jst = OrganisationFactory(name=f"Gmina {code}", kind="jst_gmina", gmina=gmina)
    owes = OrganisationFactory(name=f"OWES {code}", kind="owes", gmina=gmina)
    accreditation = OwesAccreditation.objects.create(
        organisation=owes, decision_number=f"DES.{code}", valid_from=datetime.date(2023, 1, 1)
    )
    accreditation.subregions.set([subregion])
    link = OrganisationLink.objects.create(
        organisation=organisation,
        kind="owes_support",
        other=owes,
        started_on=datetime.date(2024, 1, 1),
    )
    person = Person.objects.create(first_name="Anna", last_name=f"Strona{code}")
    affiliation = Affiliation.objects.create(
        person=person, organisation=organisation, role="prezes", is_primary=True
    )
    status = SocialEnterpriseStatus.objects.create(
        organisation=organisation, kind="statutory", granted_on=datetime.date(2023, 3, 1)
    )
    employment = EmploymentSnapshot.objects.create(
        organisation=organisation, as_of=datetime.date(2023, 12, 31), employees=7
    )
    network = Network.objects.create(
        name=f"Sieć subregionu {code}", kind="regional", subregion=subregion
    )
    membership = Membership.objects.create(
        organisation=organisation, network=network, joined_on=datetime.date(2022, 1, 1)
    )
    partnership = Partnership.objects.create(
        title=f"Umowa {code}", kind="cooperation", starts_on=datetime.date(2024, 1, 1)
    )
    PartnershipParty.objects.create(partnership=partnership, organisation=organisation)
    interaction = Interaction.objects.create(
        kind="consultation", occurred_at=timezone.now(), subject=f"Doradztwo {code}"
    )
    interaction.organisations.add(organisation)
    interaction.people.add(person)
    interaction.staff.add(assignee)
    event = Event.objects.create(
        kind="training", title=f"Szkolenie {code}", starts_on=datetime.date(2025, 5, 5), gmina=gmina
    )
    participation = Participation.objects.create(event=event, organisation=organisation)
    follow_up = FollowUp.objects.create(
        title=f"Zadzwonić {code}",
        due_on=timezone.localdate() + datetime.timedelta(days=3),
        assignee=assignee,
        organisation=organisation,
    )
    return Side(
        code=code,
        organisation=organisation,
        jst=jst,
        owes=owes,
        accreditation=accreditation,
        link=link,
        person=person,
        affiliation=affiliation,
        status=status,
        employment=employment,
        network=network,
        membership=membership,
        partnership=partnership,
        interaction=interaction,
        event=event,
        participation=participation,
        follow_up=follow_up,
    )


@dataclass
class World:
    a: Side
    b: Side
    spare_network: Network
    staff: User
    document: StrategicDocument
    recommendation: Recommendation
    import_batch: ImportBatch
    # An OWES partner's import of subregion B's rows (``import_batch`` is limited to A's).
    import_batch_b: ImportBatch

    def side(self, code: str) -> Side:
        return self.a if code == "A" else self.b

    def other(self, code: str) -> Side:
        return self.b if code == "A" else self.a


def build_world(*, assignee: User | None = None) -> World:
    """``assignee`` gets the follow-ups (they are visible only to their people and managers)."""
    staff = User.objects.create(username="pracownik", role="team")  # no password: hashing is slow
    spare = Network.objects.create(name="Sieć tematyczna", kind="thematic")
    owner = assignee or staff
    a = build_side("A", assignee=owner)
    return World(
        a=a,
        b=build_side("B", assignee=owner),
        spare_network=spare,
        staff=staff,
        document=StrategicDocument.objects.create(
            organisation=a.jst,
            title="Program współpracy z organizacjami pozarządowymi",
            kind="ngo_programme",
            adopted_on=datetime.date(2024, 11, 30),
        ),
        recommendation=Recommendation.objects.create(
            monitoring_year=2024, text="Szkolenia z klauzul społecznych", addressee="JST"
        ),
        import_batch=_planned_batch("A"),
        import_batch_b=_planned_batch("B"),
    )


def _planned_batch(code: str) -> ImportBatch:
    """A dry run waiting for confirmation (no stored file: confirm only claims it here), of an
    import limited to the side's subregion, as an OWES partner's is."""
    batch = ImportBatch.objects.create(
        source=f"OWES {code}",
        original_name="lista.csv",
        sha256="0" * 64,
        file_type="csv",
        headers=["Nazwa", "NIP"],
        mapping={"nazwa": "name", "nip": "nip"},
        header_row=1,
        status=ImportBatch.Status.PLANNED,
        planned_at=timezone.now(),
        limited=True,
    )
    batch.subregions.set([Subregion.objects.get(slug=SUBREGION[code])])
    return batch
