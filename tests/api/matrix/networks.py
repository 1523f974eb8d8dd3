"""Matrix rows of networks, memberships and partnerships."""

from __future__ import annotations

from tests.api.matrix.cases import READ, WRITE, Case, fixed, unsided, v1
from tests.api.world import SUBREGION

NETWORKS: dict[tuple[str, str], Case] = {
    ("network-list", "get"): unsided(READ, fixed(v1("networks/"))),
    ("network-list", "post"): Case(
        WRITE,
        lambda w, s: (
            v1("networks/"),
            {"name": f"Nowa sieć {s}", "kind": "thematic", "subregion": SUBREGION[s]},
        ),
    ),
    ("network-detail", "get"): Case(
        READ, lambda w, s: (v1(f"networks/{w.side(s).network.pk}/"), None)
    ),
    ("network-detail", "put"): Case(
        WRITE,
        lambda w, s: (
            v1(f"networks/{w.side(s).network.pk}/"),
            {"name": f"Sieć {s} po zmianie", "kind": "regional", "subregion": SUBREGION[s]},
        ),
    ),
    ("network-detail", "patch"): Case(
        WRITE,
        lambda w, s: (v1(f"networks/{w.side(s).network.pk}/"), {"description": "Opis"}),
    ),
    ("network-growth", "get"): Case(
        READ,
        lambda w, s: (v1(f"networks/{w.side(s).network.pk}/growth/?interval=quarter"), None),
    ),
    ("membership-list", "get"): unsided(READ, fixed(v1("memberships/?current=true"))),
    ("membership-list", "post"): Case(
        WRITE,
        lambda w, s: (
            v1("memberships/"),
            {
                "organisation": w.side(s).organisation.pk,
                "network": w.spare_network.pk,
                "joined_on": "2024-04-01",
            },
        ),
    ),
    ("membership-detail", "get"): Case(
        READ, lambda w, s: (v1(f"memberships/{w.side(s).membership.pk}/"), None)
    ),
    ("membership-detail", "put"): Case(
        WRITE,
        lambda w, s: (
            v1(f"memberships/{w.side(s).membership.pk}/"),
            {"role": "chair", "representative": w.side(s).person.pk},
        ),
    ),
    ("membership-detail", "patch"): Case(
        WRITE, lambda w, s: (v1(f"memberships/{w.side(s).membership.pk}/"), {"role": "observer"})
    ),
    ("membership-leave", "post"): Case(
        WRITE,
        lambda w, s: (
            v1(f"memberships/{w.side(s).membership.pk}/leave/"),
            {"left_on": "2025-01-01", "reason": "rezygnacja"},
        ),
        ok=200,
    ),
    ("partnership-list", "get"): unsided(READ, fixed(v1("partnerships/"))),
    ("partnership-list", "post"): Case(
        WRITE,
        lambda w, s: (
            v1("partnerships/"),
            {
                "title": "Zlecenie zadania publicznego",
                "kind": "commissioned_task",
                "starts_on": "2025-01-01",
                "value_pln": "15000.00",
                "parties": [{"organisation": w.side(s).organisation.pk, "role": "contractor"}],
            },
        ),
    ),
    ("partnership-detail", "get"): Case(
        READ, lambda w, s: (v1(f"partnerships/{w.side(s).partnership.pk}/"), None)
    ),
    ("partnership-detail", "put"): Case(
        WRITE,
        lambda w, s: (
            v1(f"partnerships/{w.side(s).partnership.pk}/"),
            {"title": "Umowa zmieniona", "kind": "joint_project", "starts_on": "2024-02-01"},
        ),
    ),
    ("partnership-detail", "patch"): Case(
        WRITE,
        lambda w, s: (v1(f"partnerships/{w.side(s).partnership.pk}/"), {"ends_on": "2026-12-31"}),
    ),
    ("partnership-add-party", "post"): Case(
        WRITE,
        lambda w, s: (
            v1(f"partnerships/{w.side(s).partnership.pk}/parties/"),
            {"organisation": w.side(s).jst.pk, "role": "funder"},
        ),
        ok=200,
    ),
}
