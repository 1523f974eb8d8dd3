"""The start page: my follow-ups and recent contacts; for everyone the networks' numbers and
growth (numbers hold no personal data)."""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from crm import access
from crm.top.dashboard.growth import dashboard_charts
from crm.top.dashboard.selectors import agenda, headline_numbers, networks_for_charts
from crm.top.notices.selectors import notice_counts
from interactions.selectors import contact_log, interactions_of_user

RECENT_INTERACTIONS = 8
NUMBERS_SECONDS = 5 * 60


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """My follow-ups and recent contacts (the team's, without names, for viewers); the
    headline numbers and the networks' growth for every role that sees numbers."""
    user = request.user
    today = timezone.localdate()
    sees_people = access.has_capability(user, "personal_data.view")
    context: dict[str, object] = {"today": today, "sees_people": sees_people}
    if sees_people:
        context["agenda"] = agenda(user=user, today=today)
        context["recent"] = list(
            interactions_of_user(user=user, staff_member=user)[:RECENT_INTERACTIONS]
        )
    elif access.has_capability(user, "contact_log.view"):
        context["log_card"] = True
        context["recent_log"] = list(contact_log(user=user, days=366)[:RECENT_INTERACTIONS])
    # Counted on every visit (two indexed counts): a notice just sent leaves the number at once.
    context["notices"] = notice_counts(user)
    if access.has_capability(user, "monitoring.view"):

        def numbers() -> tuple[object, object]:
            return (
                headline_numbers(today=today),
                dashboard_charts(
                    user=user, networks=networks_for_charts(user=user, today=today), today=today
                ),
            )

        # The numbers are the same for every role that may see them (no personal data, not
        # narrowed by subregion); on the large data they take a second or two to count, so
        # they are counted once every few minutes, not per visit.
        key = f"dashboard:numbers:{today.isoformat()}:{translation.get_language()}"
        found = cache.get(key)
        if found is None:
            found = numbers()
            cache.set(key, found, NUMBERS_SECONDS)
        context["headline"], context["charts"] = found
        context["refreshed_every"] = NUMBERS_SECONDS // 60
    return render(request, "crm/home.html", context)
