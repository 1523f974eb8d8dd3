"""Merging duplicate organisations keeps every value and every link, and can be undone."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from contacts.models import (
    Affiliation,
    EmploymentSnapshot,
    Organisation,
    OrganisationLink,
    OrganisationMerge,
    OwesAccreditation,
    SocialEnterpriseStatus,
)
from contacts.services import organisation_merge, organisation_merge_undo
from crm.audit.models import ActionLog
from crm.identifiers import format_nip
from crm.models import Gmina, Role, User
from crm.top.mailing.models import Mailing, OrganisationOptOut, Recipient
from crm.top.monitoring.models import StrategicDocument
from interactions.models import Participation
from networks.models import PartnershipParty
from tests.contacts.factories import OrganisationFactory, PersonFactory, valid_nip, valid_regon
from tests.interactions.factories import EventFactory, FollowUpFactory, InteractionFactory
from tests.networks.factories import MembershipFactory, NetworkFactory, PartnershipFactory
from tests.web.conftest import World, client_for


def _confirm_url(survivor: Organisation, duplicate: Organisation) -> str:
    return reverse("contacts:organisation_merge_confirm", args=[survivor.pk, duplicate.pk])


def _as_sent_untouched(page: Any) -> dict[str, str]:
    """What the browser sends when "Scal" is pressed without touching anything."""
    form = page.context["form"]
    return {name: form[name].initial for name in form.fields if form[name].initial}


def _merge(actor: Any, survivor: Organisation, duplicate: Organisation, **keep: str) -> None:
    """The service as the page calls it: the names differ, so the survivor's is chosen."""
    organisation_merge(
        actor=actor, survivor=survivor, duplicate=duplicate, keep={"name": "survivor", **keep}
    )


NIP, REGON = valid_nip(7001), valid_regon(7001)


@pytest.fixture
def bare_and_full(db: None) -> tuple[Organisation, Organisation]:
    """The survivor holds only a name; the duplicate holds every identifier and the address."""
    survivor = OrganisationFactory(name="Fundacja „Złota Rączka”", nip=None, gmina=None)
    duplicate = OrganisationFactory(
        name="Fundacja Złota Rączka",
        nip=NIP,
        regon=REGON,
        krs="0000612345",
        street="ul. Lipowa 1",
        postal_code="15-001",
        town="Białystok",
        gmina=Gmina.objects.get(code="2005011"),
        email="biuro@zlotaraczka.pl",
        phones=["+48856821122", "+48502300400"],
        notes="Prowadzi warsztaty stolarskie.",
    )
    return survivor, duplicate


@pytest.mark.django_db
def test_merging_with_the_defaults_keeps_every_identifier_and_the_address(
    manager: Any, bare_and_full: tuple[Organisation, Organisation]
) -> None:
    survivor, duplicate = bare_and_full
    client = client_for(manager)
    page = client.get(_confirm_url(survivor, duplicate))
    assert page.context["form"]["name"].initial is None  # spelt differently: asked
    sent = {**_as_sent_untouched(page), "name": "survivor"}
    response = client.post(_confirm_url(survivor, duplicate), sent)
    assert response.status_code == 302
    survivor.refresh_from_db()
    assert (survivor.nip, survivor.regon, survivor.krs) == (NIP, REGON, "0000612345")
    assert (survivor.street, survivor.postal_code, survivor.town) == (
        "ul. Lipowa 1",
        "15-001",
        "Białystok",
    )
    assert survivor.gmina is not None and survivor.gmina.code == "2005011"
    assert survivor.email == "biuro@zlotaraczka.pl"
    assert survivor.phones == ["+48856821122", "+48502300400"]
    assert survivor.notes == "Prowadzi warsztaty stolarskie."
    assert survivor.name == "Fundacja „Złota Rączka”"
    assert not Organisation.objects.filter(pk=duplicate.pk).exists()


@pytest.mark.django_db
def test_the_page_shows_values_as_people_read_them(
    manager: Any, bare_and_full: tuple[Organisation, Organisation]
) -> None:
    survivor, duplicate = bare_and_full
    survivor.kind = "foundation"
    survivor.save()
    html = client_for(manager).get(_confirm_url(survivor, duplicate)).content.decode()
    assert "social_cooperative" not in html and "spółdzielnia socjalna" in html.lower()
    assert "+48 85 682 11 22, +48 502 300 400" in html
    assert "['" not in html
    assert format_nip(NIP) in html
    assert "„Fundacja „Złota" not in html and "“Fundacja" not in html
    pick = client_for(manager).get(reverse("contacts:organisation_merge", args=[survivor.pk]))
    assert "„Fundacja „Złota" not in pick.content.decode()


@pytest.mark.django_db
def test_two_different_values_must_be_chosen_before_the_merge(manager: Any) -> None:
    survivor = OrganisationFactory(regon=valid_regon(7002))
    duplicate = OrganisationFactory(regon=valid_regon(7003))
    client = client_for(manager)
    page = client.get(_confirm_url(survivor, duplicate))
    assert page.context["form"]["regon"].initial is None
    response = client.post(_confirm_url(survivor, duplicate), _as_sent_untouched(page))
    assert response.status_code == 400  # sent back to choose, as the person merge does
    assert "Oba rekordy mają tu wartość: wybierz, która zostaje." in response.content.decode()
    assert Organisation.objects.filter(pk=duplicate.pk).exists()
    with pytest.raises(ValidationError) as error:
        _merge(manager, survivor, duplicate)
    assert "regon" in error.value.error_dict and "nip" in error.value.error_dict
    chosen = {
        **_as_sent_untouched(page),
        "regon": "duplicate",
        "nip": "survivor",
        "name": "survivor",
    }
    assert client.post(_confirm_url(survivor, duplicate), chosen).status_code == 302
    survivor.refresh_from_db()
    assert survivor.regon == valid_regon(7003)


@pytest.mark.django_db
def test_phones_and_notes_are_united_and_the_other_e_mail_is_kept_in_the_notes(
    manager: Any,
) -> None:
    survivor = OrganisationFactory(
        nip=None, email="a@example.pl", phones=["+48856821122"], notes="Pierwsza notatka."
    )
    duplicate = OrganisationFactory(
        nip=None,
        email="b@example.pl",
        phones=["+48502300400", "+48856821122"],
        notes="Druga notatka.",
    )
    _merge(manager, survivor, duplicate, email="survivor")
    survivor.refresh_from_db()
    assert survivor.phones == ["+48856821122", "+48502300400"]
    assert survivor.email == "a@example.pl"
    assert "Pierwsza notatka." in survivor.notes and "Druga notatka." in survivor.notes
    assert "b@example.pl" in survivor.notes


def _one_row_per_relation(duplicate: Organisation, survivor: Organisation) -> dict[str, Any]:
    """A row of every model that points at an organisation, each pointing at ``duplicate``."""
    unit = OrganisationFactory(kind="wtz", operator=duplicate, nip=None)
    network = NetworkFactory(coordinator=duplicate)
    event = EventFactory(organiser=duplicate)
    interaction = InteractionFactory()
    interaction.organisations.add(duplicate)
    accreditation = OwesAccreditation.objects.create(organisation=duplicate)
    rows: dict[str, Any] = {
        "contacts.Organisation.operator": unit,
        "contacts.OrganisationLink.organisation": OrganisationLink.objects.create(
            organisation=duplicate, kind="owes_support", other=OrganisationFactory(kind="owes")
        ),
        "contacts.OrganisationLink.other": OrganisationLink.objects.create(
            organisation=OrganisationFactory(), kind="founded_by", other=duplicate
        ),
        "contacts.OwesAccreditation.organisation": accreditation,
        "contacts.Affiliation.organisation": Affiliation.objects.create(
            person=PersonFactory(), organisation=duplicate, role="skarbnik"
        ),
        "contacts.SocialEnterpriseStatus.organisation": SocialEnterpriseStatus.objects.create(
            organisation=duplicate, kind="statutory", granted_on=datetime.date(2024, 2, 1)
        ),
        "contacts.EmploymentSnapshot.organisation": EmploymentSnapshot.objects.create(
            organisation=duplicate, as_of=datetime.date(2025, 12, 31), employees=5
        ),
        "networks.Network.coordinator": network,
        "networks.Membership.organisation": MembershipFactory(organisation=duplicate),
        "networks.PartnershipParty.organisation": PartnershipParty.objects.create(
            partnership=PartnershipFactory(), organisation=duplicate
        ),
        "interactions.Interaction.organisations": interaction,
        "interactions.Event.organiser": event,
        "interactions.Participation.organisation": Participation.objects.create(
            event=EventFactory(), organisation=duplicate
        ),
        "interactions.FollowUp.organisation": FollowUpFactory(organisation=duplicate),
        "mailing.Recipient.organisation": Recipient.objects.create(
            mailing=Mailing.objects.create(
                subject="Zaproszenie",
                body="Treść",
                source="organisations",
                site_url="http://x",
                created_by=User.objects.create_user(username="nadawca", role=Role.TEAM),
            ),
            organisation=duplicate,
            email="b@example.pl",
        ),
        "mailing.OrganisationOptOut.organisation": OrganisationOptOut.objects.create(
            organisation=duplicate
        ),
        "monitoring.StrategicDocument.organisation": StrategicDocument.objects.create(
            organisation=duplicate,
            title="Strategia rozwiązywania problemów społecznych",
            kind="social_problems",
            adopted_on=datetime.date(2022, 3, 1),
        ),
    }
    return rows


def _points_at(key: str, row: Any, organisation: Organisation) -> bool:
    field = key.rsplit(".", 1)[1]
    model = type(row)
    if key == "interactions.Interaction.organisations":
        return set(row.organisations.values_list("pk", flat=True)) == {organisation.pk}
    fresh = model._base_manager.get(pk=row.pk)
    return bool(getattr(fresh, f"{field}_id") == organisation.pk)


@pytest.mark.django_db
def test_every_link_moves_to_the_survivor_and_comes_back_with_an_undo(manager: Any) -> None:
    survivor = OrganisationFactory(name="Stowarzyszenie Razem", nip=None)
    duplicate = OrganisationFactory(name="Stow. Razem", kind="owes", notes="Własna notatka.")
    rows = _one_row_per_relation(duplicate, survivor)
    relations = {
        f"{r.related_model._meta.label}.{r.field.name}"
        for r in Organisation._meta.related_objects
        if not r.related_model._meta.object_name.startswith("Historical")
    } - {"contacts.OrganisationMerge.survivor"}
    assert set(rows) == relations, "a new relation of Organisation needs a row in this test"
    own = {f: getattr(duplicate, f) for f in ("name", "nip", "kind", "notes", "gmina_id")}

    _merge(manager, survivor, duplicate, kind="duplicate")
    for key, row in rows.items():
        assert _points_at(key, row, survivor), key
    survivor.refresh_from_db()
    assert survivor.nip == own["nip"] and survivor.kind == "owes"

    record = OrganisationMerge.objects.get(survivor=survivor)
    restored = organisation_merge_undo(actor=manager, merge=record)
    assert restored.pk == duplicate.pk
    assert {f: getattr(restored, f) for f in own} == own
    for key, row in rows.items():
        assert _points_at(key, row, restored), key
    survivor.refresh_from_db()
    assert survivor.nip is None and survivor.kind == "social_cooperative"
    assert survivor.notes == ""
    assert ActionLog.objects.filter(verb="contacts.organisation.merge_undone").count() == 1


@pytest.mark.django_db
def test_a_row_the_survivor_already_had_is_given_back_by_the_undo(
    manager: Any, world: World
) -> None:
    duplicate = OrganisationFactory(nip=None)
    clash = Participation.objects.create(event=world.event, organisation=duplicate)
    _merge(manager, world.organisation, duplicate)
    assert Participation.objects.filter(event=world.event).count() == 1
    record = OrganisationMerge.objects.get()
    organisation_merge_undo(actor=manager, merge=record)
    assert Participation.objects.get(pk=clash.pk).organisation_id == duplicate.pk
    assert Participation.objects.filter(event=world.event).count() == 2


@pytest.mark.django_db
def test_the_undo_keeps_a_value_changed_after_the_merge(
    manager: Any, bare_and_full: tuple[Organisation, Organisation]
) -> None:
    survivor, duplicate = bare_and_full
    _merge(manager, survivor, duplicate)
    Organisation.objects.filter(pk=survivor.pk).update(town="Hajnówka")
    organisation_merge_undo(actor=manager, merge=OrganisationMerge.objects.get())
    survivor.refresh_from_db()
    assert survivor.town == "Hajnówka" and survivor.nip is None
    entry = ActionLog.objects.get(verb="contacts.organisation.merge_undone")
    assert entry.details["kept_changed"] == ["town"]


@pytest.mark.django_db
def test_undo_from_the_surviving_organisations_page(
    manager: Any, bare_and_full: tuple[Organisation, Organisation]
) -> None:
    survivor, duplicate = bare_and_full
    client = client_for(manager)
    page = client.get(_confirm_url(survivor, duplicate))
    client.post(_confirm_url(survivor, duplicate), {**_as_sent_untouched(page), "name": "survivor"})
    detail = client.get(reverse("contacts:organisation_detail", args=[survivor.pk]))
    html = detail.content.decode()
    assert "Scalone rekordy" in html and "Cofnij scalenie" in html
    record = OrganisationMerge.objects.get()
    response = client.post(
        reverse("contacts:organisation_merge_undo", args=[survivor.pk, record.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse(
        "contacts:organisation_detail", args=[duplicate.pk]
    )
    assert Organisation.objects.get(pk=duplicate.pk).nip == NIP
    again = client.get(reverse("contacts:organisation_detail", args=[survivor.pk]))
    assert "Cofnij scalenie" not in again.content.decode()


@pytest.mark.django_db
def test_a_merge_older_than_30_days_cannot_be_undone(manager: Any) -> None:
    survivor, duplicate = OrganisationFactory(), OrganisationFactory(nip=None)
    _merge(manager, survivor, duplicate)
    OrganisationMerge.objects.update(merged_at=timezone.now() - datetime.timedelta(days=31))
    with pytest.raises(ValidationError):
        organisation_merge_undo(actor=manager, merge=OrganisationMerge.objects.get())
    page = client_for(manager).get(reverse("contacts:organisation_detail", args=[survivor.pk]))
    assert "Cofnij scalenie" not in page.content.decode()
    assert not Organisation.objects.filter(pk=duplicate.pk).exists()


@pytest.mark.django_db
def test_a_team_member_may_neither_merge_nor_undo(manager: Any, team_member: Any) -> None:
    survivor, duplicate = OrganisationFactory(), OrganisationFactory(nip=None)
    with pytest.raises(PermissionDenied):
        organisation_merge(actor=team_member, survivor=survivor, duplicate=duplicate)
    _merge(manager, survivor, duplicate)
    record = OrganisationMerge.objects.get()
    with pytest.raises(PermissionDenied):
        organisation_merge_undo(actor=team_member, merge=record)
    url = reverse("contacts:organisation_merge_undo", args=[survivor.pk, record.pk])
    assert client_for(team_member).post(url).status_code == 403
    assert not Organisation.objects.filter(pk=duplicate.pk).exists()
