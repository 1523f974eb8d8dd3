"""The retention page: the rules with their periods and legal basis, and what the last nightly
runs removed (their counts, from the action log). Managers and administrators."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from crm import access
from crm.audit.selectors import action_log_entries
from crm.top.retention.rules import RULES, SKIPPED
from crm.top.retention.services import VERB

RUNS_SHOWN = 10


def _run(entry: Any) -> dict[str, Any]:
    rules = []
    for rule in RULES:
        counts = dict(entry.details.get(rule.name) or {})
        removed = counts.pop("removed", 0)
        skipped = [
            (SKIPPED.get(key.removeprefix("skipped_"), key), value)
            for key, value in counts.items()
            if value
        ]
        rules.append({"rule": rule, "removed": removed, "skipped": skipped})
    return {"at": entry.at, "rules": rules}


@login_required
@require_GET
def retention(request: HttpRequest) -> HttpResponse:
    access.require_capability(request.user, "action_log.view")
    entries = action_log_entries(user=request.user, verb=VERB)[:RUNS_SHOWN]
    return render(
        request,
        "crm/retention.html",
        {"rules": RULES, "runs": [_run(e) for e in entries if e.details]},
    )
