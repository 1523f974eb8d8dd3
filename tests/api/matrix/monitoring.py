"""Matrix rows of the monitoring API (crm.top.monitoring wires these itself)."""

from __future__ import annotations

from tests.api.matrix.cases import MONITORING_EDIT, READ, Case, fixed, unsided, v1

MONITORING: dict[tuple[str, str], Case] = {
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
