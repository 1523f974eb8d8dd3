"""Matrix rows of the read-only territory and users."""

from __future__ import annotations

from tests.api.matrix.cases import READ, Case, fixed, unsided, v1

TERRITORY: dict[tuple[str, str], Case] = {
    # territory and users: read-only
    ("subregion-list", "get"): unsided(READ, fixed(v1("subregions/"))),
    ("subregion-detail", "get"): unsided(READ, fixed(v1("subregions/bielski/"))),
    ("powiat-list", "get"): unsided(READ, fixed(v1("powiats/?is_city=false"))),
    ("powiat-detail", "get"): unsided(READ, fixed(v1("powiats/2005/"))),
    ("gmina-list", "get"): unsided(READ, fixed(v1("gminas/?powiat=2005"))),
    ("gmina-detail", "get"): unsided(READ, fixed(v1("gminas/2005011/"))),
    ("user-list", "get"): unsided(READ, fixed(v1("users/"))),
    ("user-detail", "get"): unsided(READ, lambda w, s: (v1(f"users/{w.staff.pk}/"), None)),
}
