"""The permission matrix: every API route and method, with the rule that decides who may use it
and how to call it on an object of subregion A and of B (see ``test_permission_matrix.py``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from tests.api.world import GMINA, SUBREGION, World
from tests.imports.conftest import SAMPLE_CSV

PUBLIC = "public"  # the schema and its docs: anyone
READ = "read"  # any signed-in role
READ_PERSONAL = "read_personal"  # any role that may see personal data (not viewers)
WRITE = "write"  # editors; OWES partners only on their own subregion (A, not B)
WRITE_ANY = "write_any"  # editors and OWES partners, no subregion involved
MONITORING_EDIT = "monitoring_edit"  # managers and administrators
DELETE = "delete"  # managers and administrators (``ok``: 204, or 409 for a linked object)
IMPORTS = "imports"  # holders of imports.run: administrators, managers, team members
IMPORTS_REVERT = "imports_revert"  # holders of imports.revert: managers and administrators

ROLES = ["anonymous", "viewer", "team_member", "owes_partner", "manager", "admin_user"]

Build = Callable[[World, str], tuple[str, dict[str, Any] | None]]


@dataclass(frozen=True)
class Case:
    policy: str
    build: Build
    sided: bool = True  # run on an object of A and of B
    ok: int | None = None  # the success status when not the method's usual one
    multipart: bool = False  # the payload is a form with a file, not JSON


def fixed(url: str, payload: dict[str, Any] | None = None) -> Build:
    return lambda world, side: (url, payload)


def v1(path: str) -> str:
    return f"/api/v1/{path}"


def unsided(policy: str, build: Build, ok: int | None = None) -> Case:
    return Case(policy, build, sided=False, ok=ok)


def sample_upload(world: World, side: str) -> tuple[str, dict[str, Any] | None]:
    """A fresh upload of the sample partner file (a file object is read once)."""
    upload = SimpleUploadedFile(SAMPLE_CSV.name, SAMPLE_CSV.read_bytes(), content_type="text/csv")
    return v1("imports/"), {"source": "OWES Bielski", "file": upload}


def deleting(path: Callable[[World, str], str], ok: int = 204) -> Case:
    """DELETE of one of the world's objects on each side (``path`` → the part after /api/v1/)."""
    return Case(DELETE, lambda w, s: (v1(path(w, s)), None), ok=ok)


ROUTES: dict[tuple[str, str], Case] = {
    ("api-root", "get"): unsided(READ, fixed(v1(""))),
    ("api-schema", "get"): unsided(PUBLIC, fixed("/api/schema/")),
    ("api-docs", "get"): unsided(PUBLIC, fixed("/api/docs/")),
    # organisations
    ("organisation-list", "get"): unsided(READ, fixed(v1("organisations/?search=strona"))),
    ("organisation-list", "post"): Case(
        WRITE,
        lambda w, s: (
            v1("organisations/"),
            {"name": f"Nowe Stowarzyszenie {s}", "kind": "association", "gmina": GMINA[s]},
        ),
    ),
    ("organisation-lookup", "get"): unsided(
        READ, lambda w, s: (v1(f"organisations/lookup/?nip={w.a.organisation.nip}"), None)
    ),
    ("organisation-detail", "get"): Case(
        READ, lambda w, s: (v1(f"organisations/{w.side(s).organisation.pk}/"), None)
    ),
    ("organisation-detail", "put"): Case(
        WRITE,
        lambda w, s: (
            v1(f"organisations/{w.side(s).organisation.pk}/"),
            {
                "name": "Spółdzielnia Socjalna „Nowa”",
                "kind": "social_cooperative",
                "gmina": GMINA[s],
            },
        ),
    ),
    ("organisation-detail", "patch"): Case(
        WRITE,
        lambda w, s: (v1(f"organisations/{w.side(s).organisation.pk}/"), {"short_name": "Nowa"}),
    ),
    ("organisation-timeline-list", "get"): Case(
        READ, lambda w, s: (v1(f"organisations/{w.side(s).organisation.pk}/timeline/"), None)
    ),
    # The world's organisations have people, statuses and memberships: refused (409).
    ("organisation-detail", "delete"): deleting(
        lambda w, s: f"organisations/{w.side(s).organisation.pk}/", ok=409
    ),
    ("organisation-members-of-list", "get"): Case(
        READ, lambda w, s: (v1(f"organisations/{w.side(s).organisation.pk}/members-of/"), None)
    ),
    # people and affiliations (personal data)
    ("person-list", "get"): unsided(READ_PERSONAL, fixed(v1("people/"))),
    ("person-list", "post"): unsided(WRITE_ANY, fixed(v1("people/"), {"last_name": "Nowak"})),
    ("person-detail", "get"): Case(
        READ_PERSONAL, lambda w, s: (v1(f"people/{w.side(s).person.pk}/"), None)
    ),
    ("person-detail", "put"): Case(
        WRITE,
        lambda w, s: (
            v1(f"people/{w.side(s).person.pk}/"),
            {"first_name": "Ewa", "last_name": "Kowalska"},
        ),
    ),
    ("person-detail", "patch"): Case(
        WRITE, lambda w, s: (v1(f"people/{w.side(s).person.pk}/"), {"phone": "+48 85 744 00 00"})
    ),
    # The world's people have affiliations and interactions: anonymise them, not delete (409).
    ("person-detail", "delete"): deleting(lambda w, s: f"people/{w.side(s).person.pk}/", ok=409),
    ("affiliation-list", "get"): unsided(READ_PERSONAL, fixed(v1("affiliations/"))),
    ("affiliation-list", "post"): Case(
        WRITE,
        lambda w, s: (
            v1("affiliations/"),
            {
                "person": w.side(s).person.pk,
                "organisation": w.side(s).organisation.pk,
                "role": "skarbnik",
            },
        ),
    ),
    ("affiliation-detail", "get"): Case(
        READ_PERSONAL, lambda w, s: (v1(f"affiliations/{w.side(s).affiliation.pk}/"), None)
    ),
    ("affiliation-end", "post"): Case(
        WRITE,
        lambda w, s: (
            v1(f"affiliations/{w.side(s).affiliation.pk}/end/"),
            {"ended_on": "2025-06-30"},
        ),
        ok=200,
    ),
    # PS statuses and employment
    ("affiliation-detail", "delete"): deleting(
        lambda w, s: f"affiliations/{w.side(s).affiliation.pk}/"
    ),
    ("ps-status-list", "get"): unsided(READ, fixed(v1("social-enterprise-statuses/"))),
    ("ps-status-list", "post"): Case(
        WRITE,
        lambda w, s: (
            v1("social-enterprise-statuses/"),
            {
                "organisation": w.side(s).organisation.pk,
                "kind": "statutory",
                "granted_on": "2025-02-01",
            },
        ),
    ),
    ("ps-status-detail", "get"): Case(
        READ, lambda w, s: (v1(f"social-enterprise-statuses/{w.side(s).status.pk}/"), None)
    ),
    ("ps-status-lose", "post"): Case(
        WRITE,
        lambda w, s: (
            v1(f"social-enterprise-statuses/{w.side(s).status.pk}/lose/"),
            {"lost_on": "2025-09-30"},
        ),
        ok=200,
    ),
    ("ps-status-detail", "delete"): deleting(
        lambda w, s: f"social-enterprise-statuses/{w.side(s).status.pk}/"
    ),
    ("employment-list", "get"): unsided(READ, fixed(v1("employment-snapshots/"))),
    ("employment-list", "post"): Case(
        WRITE,
        lambda w, s: (
            v1("employment-snapshots/"),
            {"organisation": w.side(s).organisation.pk, "as_of": "2024-12-31", "employees": 9},
        ),
    ),
    ("employment-detail", "get"): Case(
        READ, lambda w, s: (v1(f"employment-snapshots/{w.side(s).employment.pk}/"), None)
    ),
    # networks, memberships, partnerships
    ("employment-detail", "delete"): deleting(
        lambda w, s: f"employment-snapshots/{w.side(s).employment.pk}/"
    ),
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
    # territory and users: read-only
    ("subregion-list", "get"): unsided(READ, fixed(v1("subregions/"))),
    ("subregion-detail", "get"): unsided(READ, fixed(v1("subregions/bielski/"))),
    ("powiat-list", "get"): unsided(READ, fixed(v1("powiats/?is_city=false"))),
    ("powiat-detail", "get"): unsided(READ, fixed(v1("powiats/2005/"))),
    ("gmina-list", "get"): unsided(READ, fixed(v1("gminas/?powiat=2005"))),
    ("gmina-detail", "get"): unsided(READ, fixed(v1("gminas/2005011/"))),
    ("user-list", "get"): unsided(READ, fixed(v1("users/"))),
    ("user-detail", "get"): unsided(READ, lambda w, s: (v1(f"users/{w.staff.pk}/"), None)),
    # imports of partner files (not scoped by subregion: a capability)
    ("import-batch-list", "get"): unsided(IMPORTS, fixed(v1("imports/"))),
    ("import-batch-list", "post"): Case(IMPORTS, sample_upload, sided=False, multipart=True),
    ("import-batch-detail", "get"): unsided(
        IMPORTS, lambda w, s: (v1(f"imports/{w.import_batch.pk}/"), None)
    ),
    ("import-batch-rows", "get"): unsided(
        IMPORTS, lambda w, s: (v1(f"imports/{w.import_batch.pk}/rows/?outcome=error"), None)
    ),
    ("import-batch-unchanged", "get"): unsided(
        IMPORTS, lambda w, s: (v1(f"imports/{w.import_batch.pk}/unchanged/"), None)
    ),
    ("import-batch-report", "get"): unsided(
        IMPORTS, lambda w, s: (v1(f"imports/{w.import_batch.pk}/report/?format=csv"), None)
    ),
    ("import-batch-confirm", "post"): unsided(
        IMPORTS, lambda w, s: (v1(f"imports/{w.import_batch.pk}/confirm/"), None), ok=202
    ),
    # The world's batch is planned, not applied: the revert is refused (409) once allowed.
    ("import-batch-revert", "post"): unsided(
        IMPORTS_REVERT, lambda w, s: (v1(f"imports/{w.import_batch.pk}/revert/"), None), ok=409
    ),
    # monitoring (crm.top.monitoring wires these itself)
    ("monitoring:api-graph", "get"): unsided(READ, fixed(v1("graph/"))),
    ("monitoring:api-indicator-list", "get"): unsided(READ, fixed(v1("indicators/?year=2025"))),
    ("monitoring:api-indicator-detail", "get"): unsided(
        READ, fixed(v1("indicators/pes_active/?year=2025"))
    ),
    ("monitoring:api-indicator-records", "get"): unsided(
        READ, fixed(v1("indicators/pes_active/records/?year=2025"))
    ),
    ("monitoring:strategic-document-list", "get"): unsided(READ, fixed(v1("strategic-documents/"))),
    ("monitoring:strategic-document-list", "post"): Case(
        MONITORING_EDIT,
        lambda w, s: (
            v1("strategic-documents/"),
            {
                "organisation": w.side(s).jst.pk,
                "title": "Strategia rozwiązywania problemów społecznych",
                "kind": "social_problems",
                "adopted_on": "2024-03-01",
            },
        ),
    ),
    ("monitoring:strategic-document-detail", "get"): unsided(
        READ, lambda w, s: (v1(f"strategic-documents/{w.document.pk}/"), None)
    ),
    ("monitoring:strategic-document-detail", "put"): unsided(
        MONITORING_EDIT,
        lambda w, s: (
            v1(f"strategic-documents/{w.document.pk}/"),
            {
                "organisation": w.a.jst.pk,
                "title": "Program współpracy na 2025 r.",
                "kind": "ngo_programme",
                "adopted_on": "2024-11-30",
                "has_se_provisions": True,
            },
        ),
    ),
    ("monitoring:strategic-document-detail", "patch"): unsided(
        MONITORING_EDIT,
        lambda w, s: (v1(f"strategic-documents/{w.document.pk}/"), {"has_se_provisions": True}),
    ),
    ("monitoring:recommendation-detail", "get"): unsided(
        READ, lambda w, s: (v1(f"recommendations/{w.recommendation.pk}/"), None)
    ),
    ("monitoring:recommendation-detail", "put"): unsided(
        MONITORING_EDIT,
        lambda w, s: (
            v1(f"recommendations/{w.recommendation.pk}/"),
            {
                "monitoring_year": 2024,
                "text": "Szkolenia",
                "addressee": "JST",
                "status": "accepted",
            },
        ),
    ),
    ("monitoring:recommendation-detail", "patch"): unsided(
        MONITORING_EDIT,
        lambda w, s: (v1(f"recommendations/{w.recommendation.pk}/"), {"status": "accepted"}),
    ),
    ("monitoring:recommendation-list", "get"): unsided(READ, fixed(v1("recommendations/"))),
    ("monitoring:recommendation-list", "post"): unsided(
        MONITORING_EDIT,
        fixed(
            v1("recommendations/"),
            {"monitoring_year": 2025, "text": "Więcej klauzul", "addressee": "Gminy"},
        ),
    ),
}


def _methods(callback: Any) -> set[str]:
    actions = getattr(callback, "actions", None)
    if actions:
        return set(actions) - {"head", "options"}
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is None:
        return {"get"}
    return {
        method
        for method in view_class.http_method_names
        if method not in ("head", "options", "trace") and hasattr(view_class, method)
    }


def api_routes() -> set[tuple[str, str]]:
    """(URL name, method) of every route under /api/, as the resolver knows them."""
    found: set[tuple[str, str]] = set()

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern).lstrip("^")
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern) and route.startswith("api/"):
                assert pattern.name, f"unnamed API route {route}"
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.update((name, method) for method in _methods(pattern.callback))

    walk(get_resolver().url_patterns, "", "")
    return found
