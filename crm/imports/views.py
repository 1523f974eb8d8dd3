"""A JSON progress endpoint for the import page's progress bar."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, JsonResponse

from crm.imports.selectors import batch_progress


@login_required
def progress(request: HttpRequest, batch_id: int) -> JsonResponse:
    found = batch_progress(request.user, batch_id)
    if found is None:
        raise Http404
    return JsonResponse(found)
