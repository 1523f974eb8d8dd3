"""What every monitoring page shares: the capability check and the year / subregion choice."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from crm import access
from crm.territory.models import Subregion
from crm.top.monitoring.years import FIRST_YEAR, default_year


def capability_required(capability: str) -> Callable[..., Any]:
    """Signed in (else to the login page) and holding ``capability`` (else 403)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            access.require_capability(request.user, capability)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def years() -> list[int]:
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


def chosen_year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return default_year()
    return year if FIRST_YEAR <= year <= timezone.localdate().year else default_year()


def chosen_subregion(request: HttpRequest) -> Subregion | None:
    slug = request.GET.get("subregion", "")
    return Subregion.objects.filter(slug=slug).first() if slug else None


def period_context(request: HttpRequest) -> dict[str, Any]:
    subregion = chosen_subregion(request)
    return {
        "year": chosen_year(request),
        "subregion": subregion,
        "years": years(),
        "subregions": Subregion.objects.all(),
    }
