"""What ``make bench`` measures: the pages and endpoints of issue 15, and every list endpoint
of ``/api/v1/`` at page sizes 5, 50 and 200, each with its floor (``benchmarks.floors``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from benchmarks.dataset import DataSet

PAGE_SIZES = (5, 50, 200)
# Endpoints with a smaller page size limit than the API's 200, and the hot cases' own sizes.
LARGEST_PAGE = {"organisation-timeline": 100}
MEASURED_AS_HOT = {("organisation-timeline", 5)}


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    # ``/bench/floor/<floor>/`` with the same query string; None: no hand-written floor.
    floor: str | None = None
    # The page keeps what it shows in the cache: clear it before every test-client run.
    cold_cache: bool = False
    # Measured through gunicorn too (the pages being rewritten take minutes there).
    gunicorn: bool = True
    # What the floor needs besides the case's query string (the organisation's id, ...).
    floor_params: tuple[tuple[str, Any], ...] = ()
    # The page as it is first seen after a write: its numbers kept at an older data version
    # (the data version moved once after one view), the task it queues left to a worker.
    after_write: bool = False

    @property
    def floor_path(self) -> str | None:
        if self.floor is None:
            return None
        query = "&".join(
            part for part in (self.path.partition("?")[2], urlencode(self.floor_params)) if part
        )
        return f"/bench/floor/{self.floor}/" + (f"?{query}" if query else "")


def _query(path: str, **params: Any) -> str:
    given = {key: value for key, value in params.items() if value is not None}
    return path + ("?" + urlencode(given) if given else "")


def hot_cases(data: DataSet) -> list[Case]:
    """The table of the issue: the pages and endpoints measured slow at ten years of data."""
    busiest = data.details["busiest_organisation"]
    of_busiest = (("id", busiest),)
    return [
        # The monitoring keeps its numbers and pictures until the data changes
        # (crm.top.monitoring.facts): each page when they are kept at the current version
        # (beat counted ahead, or the data is unchanged), with nothing kept (the cache emptied
        # every run: the first view ever, and what the task that counts them after a write
        # costs), and as the first views after a write see it: the older numbers, said to be
        # older, while the task counts (crm.top.monitoring.report.shown).
        Case("page /wskazniki/ (kept)", "/wskazniki/", gunicorn=False),
        Case("page /wskazniki/ (counted)", "/wskazniki/", cold_cache=True, gunicorn=False),
        Case("page /wskazniki/ (after a write)", "/wskazniki/", after_write=True, gunicorn=False),
        Case("page /raporty/ (kept)", "/raporty/", gunicorn=False),
        Case("page /raporty/ (counted)", "/raporty/", cold_cache=True, gunicorn=False),
        Case("page /raporty/ (after a write)", "/raporty/", after_write=True, gunicorn=False),
        Case("page /graf/ (kept)", "/graf/", gunicorn=False),
        Case("page /graf/ (first view)", "/graf/", cold_cache=True, gunicorn=False),
        Case("page / dashboard (first view)", "/", floor="dashboard", cold_cache=True),
        Case(
            "page busiest organisation",
            f"/organizacje/{busiest}/",
            floor="organisation_page",
            floor_params=of_busiest,
        ),
        Case(
            "api busiest organisation timeline, page 5",
            _query(f"/api/v1/organisations/{busiest}/timeline/", page_size=5),
            floor="organisation-timeline",
            floor_params=of_busiest,
        ),
        Case(
            "api organisation detail",
            f"/api/v1/organisations/{busiest}/",
            floor="organisation_detail",
            floor_params=of_busiest,
        ),
        Case(
            "api follow-ups ?status=open, 50",
            _query("/api/v1/follow-ups/", status="open", page_size=50),
            floor="follow-up",
        ),
        Case(
            "page organisations ?search=zaklad",
            _query("/organizacje/", search="zaklad"),
            floor="organisation_search_page",
        ),
        Case(
            "api organisations ?search=zaklad, 50",
            _query("/api/v1/organisations/", search="zaklad", page_size=50),
            floor="organisation",
        ),
        Case("page /katalog/", "/katalog/", floor="catalogue"),
        Case("page /organizacje/", "/organizacje/", floor="organisation_search_page"),
        Case("page /kontakty/", "/kontakty/"),
        Case("page /zadania/", "/zadania/"),
        Case("page /sieci/", "/sieci/"),
        Case("page largest network", f"/sieci/{data.details['largest_network']}/", gunicorn=False),
        Case("page /wydarzenia/", "/wydarzenia/"),
        Case("page /partnerstwa/", "/partnerstwa/"),
        Case("page /osoby/", "/osoby/"),
    ]


def list_cases(data: DataSet) -> list[Case]:
    """Every list route of the API router (``config/api.py``), read from the router itself so
    a new endpoint is measured (or reported without a floor) without editing this file."""
    from django.urls import reverse

    from config.api import router

    busiest = data.details["busiest_organisation"]
    cases = []
    for prefix, viewset, basename in router.registry:
        if not hasattr(viewset, "list"):
            continue
        nested = "organisation_pk" in prefix
        kwargs = {"organisation_pk": busiest} if nested else {}
        path = reverse(f"{basename}-list", kwargs=kwargs)
        for size in sorted({min(size, LARGEST_PAGE.get(basename, size)) for size in PAGE_SIZES}):
            if (basename, size) in MEASURED_AS_HOT:
                continue
            cases.append(
                Case(
                    f"api {basename} list, {size}",
                    _query(path, page_size=size),
                    floor=basename,
                    floor_params=(("id", busiest),) if nested else (),
                )
            )
    return cases


def all_cases(data: DataSet) -> list[Case]:
    return hot_cases(data) + list_cases(data)
