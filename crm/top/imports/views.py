"""The import wizard: upload, map new headers, read the dry run, confirm, follow, revert."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crm import access
from crm.text import fold
from crm.top.imports import services, wording
from crm.top.imports.forms import UploadForm, mapping_form
from crm.top.imports.models import HeaderMapping, ImportBatch, ImportRow
from crm.top.imports.pipeline.checks import FileRejected
from crm.top.imports.pipeline.reports import rows_not_imported
from crm.top.imports.pipeline.reverting import RevertRefused
from crm.top.imports.selectors import (
    batch_progress,
    batch_rows,
    batches_visible,
    column_samples,
    kept_on_revert,
    unchanged_rows,
)
from crm.top.imports.services.queue import WAITING_OR_WORKING as WORKING
from crm.top.imports.services.queue import notice_of, resumable
from crm.web.forms import apply_form_errors

Status = ImportBatch.Status
Out = ImportRow.Outcome
PLAN_PAGE_SIZE = 50


def _batch(user: Any, pk: int) -> ImportBatch:
    access.require_capability(user, "imports.run")
    batch = batches_visible(user).filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


def _unmapped(batch: ImportBatch) -> list[str]:
    """Headers of the file that map to nothing known yet (a new partner's wording)."""
    return [h for h in batch.headers if h and fold(h) not in batch.mapping]


@login_required
@require_GET
def batch_list(request: HttpRequest) -> HttpResponse:
    access.require_capability(request.user, "imports.run")
    page = Paginator(batches_visible(request.user), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "imports/batch_list.html",
        {
            "page_obj": page,
            "may_revert": access.has_capability(request.user, "imports.revert"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    access.require_capability(request.user, "imports.run")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            batch = services.import_batch_upload(
                actor=request.user,
                source=form.cleaned_data["source"],
                name=upload_file.name,
                data=upload_file.read(),
            )
        except FileRejected as error:
            form.add_error("file", str(error))
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            if _unmapped(batch):
                return redirect("imports:mapping", pk=batch.pk)
            return _plan_and_show(request, batch)
    sources = list(
        HeaderMapping.objects.order_by("source").values_list("source", flat=True).distinct()
    )
    context = {"form": form, "sources": sources, "limited_to": _limit_names(request.user)}
    return render(request, "imports/upload.html", context)


def _limit_names(user: Any) -> str:
    """The subregions an OWES partner's import writes rows of ("" for everyone else)."""
    from crm.territory.models import Subregion

    limit = access.import_limit(user)
    if limit is None:
        return ""
    names = Subregion.objects.filter(pk__in=limit).values_list("name", flat=True)
    return ", ".join(names) or "—"


def _plan_and_show(request: HttpRequest, batch: ImportBatch) -> HttpResponse:
    """Queue the dry run (a worker plans a long file as long as it takes) and show its
    progress on the batch's page, which turns into the plan when it is ready."""
    try:
        batch = services.import_batch_plan_queue(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _say_if_not_sent(request, batch)
    return redirect("imports:batch_detail", pk=batch.pk)


@login_required
@require_http_methods(["GET", "POST"])
def mapping(request: HttpRequest, pk: int) -> HttpResponse:
    """The columns this partner's file names in a new way: say what each one holds."""
    batch = _batch(request.user, pk)
    if batch.status not in (Status.UPLOADED, Status.PLANNED):
        return redirect("imports:batch_detail", pk=batch.pk)
    known = {h: batch.mapping.get(fold(h), "") for h in batch.headers if h}
    form_class: Any = mapping_form(batch.headers, known)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chosen = {
            header: form.cleaned_data[f"col_{index}"]
            for index, header in enumerate(batch.headers)
            if header
        }
        try:
            services.header_mapping_set(
                actor=request.user, source=batch.source, mapping=chosen, uploader=batch.user
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            return _plan_and_show(request, batch)
    unmapped = set(_unmapped(batch))
    samples = column_samples(batch)
    rows = [
        (form[name], form[name].label in unmapped, samples.get(int(name.removeprefix("col_")), []))
        for name in form.fields
    ]
    return render(request, "imports/mapping.html", {"batch": batch, "form": form, "rows": rows})


@login_required
@require_GET
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The dry-run plan before confirming, the progress while applying, the result after."""
    batch = _batch(request.user, pk)
    outcome = request.GET.get("outcome", "")
    if outcome not in Out.values:
        outcome = ""
    rows = batch_rows(request.user, batch.pk, outcome)
    page = Paginator(rows, PLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    counts = {key: batch.counts.get(key, 0) for key in Out.values}
    fast = unchanged_rows(request.user, batch.pk) if outcome in ("", Out.UNCHANGED) else []
    fast_page = Paginator(fast, PLAN_PAGE_SIZE).get_page(request.GET.get("unchanged_page"))
    return render(
        request,
        "imports/batch_detail.html",
        {
            "batch": batch,
            "page_obj": page,
            "outcome": outcome,
            "outcomes": Out.choices,
            "counts": counts,
            "counters": wording.counters(counts),
            "finished_summary": wording.finished(counts),
            "done": batch.status in (Status.APPLIED, Status.REVERTED),
            "may_revert": access.has_capability(request.user, "imports.revert"),
            "working": batch.status in WORKING,
            "kept": kept_on_revert(request.user, batch) if batch.status == Status.REVERTED else [],
            "may_resume": resumable(batch)
            and access.has_capability(request.user, "imports.resume"),
            "fast_total": len(fast),
            "fast_page": fast_page,
            "fast_rows": _with_names(request.user, list(fast_page)),
            "limited_to": ", ".join(s.name for s in batch.subregions.all())
            if batch.limited
            else "",
        },
    )


def _with_names(user: Any, pairs: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(row, organisation id, its name) for one page of unchanged rows."""
    from contacts.models import Organisation

    found = access.scope(Organisation.objects.all(), user).filter(pk__in=[o for _r, o in pairs])
    names = dict(found.values_list("pk", "name"))
    return [(row, pk, names.get(pk, "")) for row, pk in pairs]


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request.user, pk)
    try:
        batch = services.import_batch_confirm(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _say_if_not_sent(request, batch)
    return redirect("imports:batch_detail", pk=batch.pk)


@login_required
@require_POST
def resume(request: HttpRequest, pk: int) -> HttpResponse:
    """The "Wznów" button: queue an import that stopped again now, not after the watchdog."""
    batch = _batch(request.user, pk)
    access.require_capability(request.user, "imports.resume")
    try:
        batch = services.import_batch_resume(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if not _say_if_not_sent(request, batch):
            messages.success(
                request, _("The import was queued again: it goes on where it stopped.")
            )
    return redirect("imports:batch_detail", pk=batch.pk)


def _say_if_not_sent(request: HttpRequest, batch: ImportBatch) -> bool:
    notice = notice_of(batch)
    if notice:
        messages.warning(request, notice)
    return bool(notice)


@login_required
@require_POST
def revert(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request.user, pk)
    access.require_capability(request.user, "imports.revert")
    keep = request.POST.get("keep_changed") == "1"
    try:
        batch = services.import_batch_revert(actor=request.user, batch=batch, keep_changed=keep)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except RevertRefused as error:
        # Something changed since the import: which records and fields, and the way out.
        context = {"batch": batch, "changed": error.changed}
        return render(request, "imports/revert_refused.html", context, status=409)
    else:
        kept = len(batch.counts.get("kept_on_revert", []))
        if kept:
            messages.success(
                request,
                ngettext(
                    "The import was reverted, except %(n)d record changed since, which stays.",
                    "The import was reverted, except %(n)d records changed since, which stay.",
                    kept,
                )
                % {"n": kept},
            )
        else:
            messages.success(request, _("The import was reverted."))
    return redirect("imports:batch_detail", pk=batch.pk)


@login_required
@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The rows not imported, in the file's own columns, to fix and import again."""
    batch = _batch(request.user, pk)
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    content_type = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }[fmt]
    response = HttpResponse(rows_not_imported(batch, fmt), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-bledy.{fmt}"'
    return response


@login_required
@require_GET
def progress(request: HttpRequest, batch_id: int) -> JsonResponse:
    """For the progress bar: how far the batch is, and where to go when it is finished."""
    found = batch_progress(request.user, batch_id)
    if found is None:
        raise Http404
    finished = found["status"] not in WORKING
    found["finished"] = finished
    found["label"] = _("%(done)s of %(total)s rows") % {
        "done": found["done"],
        "total": found["total"],
    }
    if found["status"] in (Status.QUEUED, Status.PLAN_QUEUED):
        found["label"] = _("queued: %(label)s") % {"label": found["label"]}
    if finished:
        found["next"] = reverse("imports:batch_detail", args=[batch_id])
    return JsonResponse(found)
