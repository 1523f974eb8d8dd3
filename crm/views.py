"""The health check, for load balancers and monitoring."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from crm import health


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 and every part ``ok``, or 503 naming the parts that are not.

    ``?scope=web`` checks only what a web process needs (database, Redis): a load balancer
    asks that, so a stopped worker does not take every web server out of rotation.
    """
    healthy, parts = health.report(web_only=request.GET.get("scope") == "web")
    body = {
        "status": "ok" if healthy else "failing",
        "checks": parts,
        "failing": sorted(name for name, state in parts.items() if state != health.OK),
    }
    return JsonResponse(body, status=200 if healthy else 503)
