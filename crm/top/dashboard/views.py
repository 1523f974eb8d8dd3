"""The start page: my follow-ups and recent contacts; for managers the networks' growth."""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from crm import access
from crm.top.dashboard.growth import dashboard_charts
from crm.top.dashboard.selectors import agenda, headline_numbers, networks_for_charts
from crm.users import Role
from interactions.selectors import interactions_of_user

RECENT_INTERACTIONS = 8
MANAGERS_VIEW_SECONDS = 5 * 60


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """My follow-ups and recent contacts; for managers the networks' growth and headlines."""
    user = request.user
    today = timezone.localdate()
    sees_people = access.has_capability(user, "personal_data.view")
    context: dict[str, object] = {"today": today, "sees_people": sees_people}
    if sees_people:
        context["agenda"] = agenda(user=user, today=today)
        context["recent"] = list(
            interactions_of_user(user=user, staff_member=user)[:RECENT_INTERACTIONS]
        )
    role = access.role_of(user)
    if role in (Role.ADMIN, Role.MANAGER):

        def managers_view() -> tuple[object, object]:
            return (
                headline_numbers(user=user, today=today),
                dashboard_charts(
                    user=user, networks=networks_for_charts(user=user, today=today), today=today
                ),
            )

        # Managers and administrators see the same numbers; on the large data they take a
        # second or two to count, so they are counted once every few minutes, not per visit.
        key = f"dashboard:managers:{role}:{today.isoformat()}:{translation.get_language()}"
        found = cache.get(key)
        if found is None:
            found = managers_view()
            cache.set(key, found, MANAGERS_VIEW_SECONDS)
        context["headline"], context["charts"] = found
        context["refreshed_every"] = MANAGERS_VIEW_SECONDS // 60
    return render(request, "crm/home.html", context)
