"""Matrix rows of personal data across subregions (issue 13): the art. 15 export, and naming
another subregion's organisation or person on a new record.

``ROUTES_GDPR`` are routes of their own; ``CROSSING`` are further cells of routes the other
tables already hold (a route has one row there), each with what it tries.
"""

from __future__ import annotations

from contacts.models import Person
from tests.api.matrix.cases import (
    CROSS_LINK,
    NEW_PERSON_LINK,
    PERSONAL_EXPORT,
    WRITE,
    Build,
    Case,
    v1,
)
from tests.api.world import World

ROUTES_GDPR: dict[tuple[str, str], Case] = {
    ("person-export", "get"): Case(
        PERSONAL_EXPORT, lambda w, s: (v1(f"people/{w.side(s).person.pk}/export/"), None)
    ),
    # Restricting (art. 18) is a change of the person; lifting it is for managers only
    # (tests/contacts/test_restriction.py).
    ("person-restriction", "post"): Case(
        WRITE,
        lambda w, s: (
            v1(f"people/{w.side(s).person.pk}/restriction/"),
            {"restricted": True, "reason": "Sprzeciw wobec przetwarzania (art. 21 RODO)"},
        ),
        ok=200,
    ),
}


def _fresh_person(world: World, side: str) -> Person:
    """A person just added: no affiliation, no other record (nobody's reach yet)."""
    return Person.objects.create(first_name="Nowa", last_name="Osoba")


def _affiliation(*, fresh: bool) -> Build:
    def build(w: World, s: str) -> tuple[str, dict[str, object]]:
        who = _fresh_person(w, s).pk if fresh else w.b.person.pk
        return v1("affiliations/"), {
            "person": who,
            "organisation": w.a.organisation.pk,
            "role": "członek zarządu",
        }

    return build


def _contact_naming_b(people: bool) -> Build:
    def build(w: World, s: str) -> tuple[str, dict[str, object]]:
        payload: dict[str, object] = {"kind": "meeting", "subject": "Spotkanie"}
        if people:
            payload |= {"organisations": [w.a.organisation.pk], "people": [w.b.person.pk]}
        else:
            payload |= {"organisations": [w.a.organisation.pk, w.b.organisation.pk]}
        return v1("interactions/"), payload

    return build


# label → ((route name, method), case); every case here is unsided (it mixes A and B itself).
CROSSING: dict[str, tuple[tuple[str, str], Case]] = {
    "an own organisation's affiliation of a person tied only to B": (
        ("affiliation-list", "post"),
        Case(CROSS_LINK, _affiliation(fresh=False), sided=False),
    ),
    "an own organisation's affiliation of a person nothing ties yet": (
        ("affiliation-list", "post"),
        Case(NEW_PERSON_LINK, _affiliation(fresh=True), sided=False),
    ),
    "a contact naming an own organisation and one of B": (
        ("interaction-list", "post"),
        Case(CROSS_LINK, _contact_naming_b(people=False), sided=False),
    ),
    "a contact at an own organisation naming a person of B": (
        ("interaction-list", "post"),
        Case(CROSS_LINK, _contact_naming_b(people=True), sided=False),
    ),
    "an own event's participation of a person of B": (
        ("participation-list", "post"),
        Case(
            CROSS_LINK,
            lambda w, s: (
                v1("participations/"),
                {"event": w.a.event.pk, "person": w.b.person.pk, "status": "invited"},
            ),
            sided=False,
        ),
    ),
    "an own membership represented by a person of B": (
        ("membership-detail", "patch"),
        Case(
            CROSS_LINK,
            lambda w, s: (
                v1(f"memberships/{w.a.membership.pk}/"),
                {"representative": w.b.person.pk},
            ),
            sided=False,
        ),
    ),
}
