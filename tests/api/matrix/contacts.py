"""Matrix rows of organisations, people, affiliations, PS statuses and employment."""

from __future__ import annotations

from tests.api.matrix.cases import (
    READ,
    READ_PERSONAL,
    WRITE,
    WRITE_ANY,
    Case,
    deleting,
    fixed,
    unsided,
    v1,
)
from tests.api.world import GMINA, SUBREGION

CONTACTS: dict[tuple[str, str], Case] = {
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
                # The world's organisation holds a statutory status already (one at a time).
                "organisation": w.side(s).organisation.pk,
                "kind": "legacy",
                "granted_on": "2019-02-01",
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
    # OWES accreditations (the world's accreditation is in force since 2023: a new one ran out)
    ("owes-accreditation-list", "get"): unsided(READ, fixed(v1("owes-accreditations/"))),
    ("owes-accreditation-list", "post"): Case(
        WRITE,
        lambda w, s: (
            v1("owes-accreditations/"),
            {
                "organisation": w.side(s).owes.pk,
                "subregions": [SUBREGION[s]],
                "valid_from": "2015-01-01",
                "valid_to": "2015-12-31",
            },
        ),
    ),
    ("owes-accreditation-detail", "get"): Case(
        READ, lambda w, s: (v1(f"owes-accreditations/{w.side(s).accreditation.pk}/"), None)
    ),
    ("owes-accreditation-detail", "put"): Case(
        WRITE,
        lambda w, s: (
            v1(f"owes-accreditations/{w.side(s).accreditation.pk}/"),
            {
                "organisation": w.side(s).owes.pk,
                "subregions": [SUBREGION[s]],
                "valid_from": "2023-01-01",
                "decision_number": "DES.2023.1",
            },
        ),
    ),
    ("owes-accreditation-detail", "patch"): Case(
        WRITE,
        lambda w, s: (
            v1(f"owes-accreditations/{w.side(s).accreditation.pk}/"),
            {"decision_number": "DES.2023.2"},
        ),
    ),
    ("owes-accreditation-detail", "delete"): deleting(
        lambda w, s: f"owes-accreditations/{w.side(s).accreditation.pk}/"
    ),
    # ties between organisations (the world's PES is supported by its OWES since 2024)
    ("organisation-link-list", "get"): unsided(
        READ, lambda w, s: (v1(f"organisation-links/?organisation={w.a.owes.pk}"), None)
    ),
    ("organisation-link-list", "post"): Case(
        WRITE,
        lambda w, s: (
            v1("organisation-links/"),
            {
                "organisation": w.side(s).organisation.pk,
                "kind": "founded_by",
                "other": w.side(s).jst.pk,
                "started_on": "2020-01-01",
            },
        ),
    ),
    ("organisation-link-detail", "get"): Case(
        READ, lambda w, s: (v1(f"organisation-links/{w.side(s).link.pk}/"), None)
    ),
    ("organisation-link-end", "post"): Case(
        WRITE,
        lambda w, s: (
            v1(f"organisation-links/{w.side(s).link.pk}/end/"),
            {"ended_on": "2025-01-01"},
        ),
        ok=200,
    ),
    ("organisation-link-detail", "delete"): deleting(
        lambda w, s: f"organisation-links/{w.side(s).link.pk}/"
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
    ("employment-detail", "delete"): deleting(
        lambda w, s: f"employment-snapshots/{w.side(s).employment.pk}/"
    ),
}
