"""Matrix rows of the contact log: interactions, events, participations, follow-ups."""

from __future__ import annotations

from tests.api.matrix.cases import READ, READ_PERSONAL, WRITE, Case, deleting, fixed, unsided, v1
from tests.api.world import GMINA

CONTACT_LOG: dict[tuple[str, str], Case] = {
    # the contact log
    ("interaction-list", "get"): unsided(READ_PERSONAL, fixed(v1("interactions/"))),
    ("interaction-list", "post"): Case(
        WRITE,
        lambda w, s: (
            v1("interactions/"),
            {
                "kind": "meeting",
                "subject": "Spotkanie w sprawie klauzul społecznych",
                "organisations": [w.side(s).organisation.pk],
                "topics": ["social-clauses"],
            },
        ),
    ),
    ("interaction-detail", "get"): Case(
        READ_PERSONAL, lambda w, s: (v1(f"interactions/{w.side(s).interaction.pk}/"), None)
    ),
    ("interaction-detail", "put"): Case(
        WRITE,
        lambda w, s: (
            v1(f"interactions/{w.side(s).interaction.pk}/"),
            {
                "kind": "phone",
                "subject": "Rozmowa",
                "organisations": [w.side(s).organisation.pk],
            },
        ),
    ),
    ("interaction-detail", "patch"): Case(
        WRITE,
        lambda w, s: (v1(f"interactions/{w.side(s).interaction.pk}/"), {"outcome": "Umówiono"}),
    ),
    ("interaction-detail", "delete"): deleting(
        lambda w, s: f"interactions/{w.side(s).interaction.pk}/"
    ),
    ("event-list", "get"): unsided(READ, fixed(v1("events/"))),
    ("event-list", "post"): Case(
        WRITE,
        lambda w, s: (
            v1("events/"),
            {"kind": "fair", "title": "Targi", "starts_on": "2025-09-09", "gmina": GMINA[s]},
        ),
    ),
    ("event-detail", "get"): Case(READ, lambda w, s: (v1(f"events/{w.side(s).event.pk}/"), None)),
    ("event-detail", "put"): Case(
        WRITE,
        lambda w, s: (
            v1(f"events/{w.side(s).event.pk}/"),
            {"kind": "gala", "title": "Gala", "starts_on": "2025-05-05", "gmina": GMINA[s]},
        ),
    ),
    ("event-detail", "patch"): Case(
        WRITE, lambda w, s: (v1(f"events/{w.side(s).event.pk}/"), {"address": "ul. Lipowa 1"})
    ),
    ("event-attended", "post"): Case(
        WRITE,
        lambda w, s: (
            v1(f"events/{w.side(s).event.pk}/attended/"),
            {"participations": [w.side(s).participation.pk]},
        ),
        ok=200,
    ),
    # Nobody attended the world's events yet and no partnership came out of them.
    ("event-detail", "delete"): deleting(lambda w, s: f"events/{w.side(s).event.pk}/"),
    ("participation-list", "get"): unsided(READ_PERSONAL, fixed(v1("participations/"))),
    ("participation-list", "post"): Case(
        WRITE,
        lambda w, s: (
            v1("participations/"),
            {"event": w.side(s).event.pk, "person": w.side(s).person.pk, "status": "invited"},
        ),
    ),
    ("participation-detail", "get"): Case(
        READ_PERSONAL, lambda w, s: (v1(f"participations/{w.side(s).participation.pk}/"), None)
    ),
    ("participation-detail", "put"): Case(
        WRITE,
        lambda w, s: (
            v1(f"participations/{w.side(s).participation.pk}/"),
            {"status": "no_show", "notes": "choroba"},
        ),
    ),
    ("participation-detail", "patch"): Case(
        WRITE,
        lambda w, s: (
            v1(f"participations/{w.side(s).participation.pk}/"),
            {"status": "attended"},
        ),
    ),
    ("participation-detail", "delete"): deleting(
        lambda w, s: f"participations/{w.side(s).participation.pk}/"
    ),
    ("follow-up-list", "get"): unsided(READ_PERSONAL, fixed(v1("follow-ups/"))),
    ("follow-up-list", "post"): Case(
        WRITE,
        lambda w, s: (
            v1("follow-ups/"),
            {"title": "Wysłać ofertę", "in_days": 14, "organisation": w.side(s).organisation.pk},
        ),
    ),
    ("follow-up-detail", "get"): Case(
        READ_PERSONAL, lambda w, s: (v1(f"follow-ups/{w.side(s).follow_up.pk}/"), None)
    ),
    ("follow-up-detail", "put"): Case(
        WRITE,
        lambda w, s: (
            v1(f"follow-ups/{w.side(s).follow_up.pk}/"),
            {"title": "Zadzwonić jeszcze raz", "due_on": "2026-12-30"},
        ),
    ),
    ("follow-up-detail", "patch"): Case(
        WRITE,
        lambda w, s: (v1(f"follow-ups/{w.side(s).follow_up.pk}/"), {"due_on": "2026-12-31"}),
    ),
    ("follow-up-complete", "post"): Case(
        WRITE, lambda w, s: (v1(f"follow-ups/{w.side(s).follow_up.pk}/complete/"), {}), ok=200
    ),
    ("follow-up-postpone", "post"): Case(
        WRITE,
        lambda w, s: (v1(f"follow-ups/{w.side(s).follow_up.pk}/postpone/"), {"by_days": 7}),
        ok=200,
    ),
    ("follow-up-cancel", "post"): Case(
        WRITE,
        lambda w, s: (v1(f"follow-ups/{w.side(s).follow_up.pk}/cancel/"), {"reason": "zbędne"}),
        ok=200,
    ),
    ("follow-up-detail", "delete"): deleting(lambda w, s: f"follow-ups/{w.side(s).follow_up.pk}/"),
}
