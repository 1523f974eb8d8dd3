"""The documents panel's actions: upload to a record, download, remove (with a confirmation)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crm import access
from crm.documents.forms import DocumentForm
from crm.documents.models import documents_storage
from crm.documents.registry import attachable
from crm.documents.selectors import document_for
from crm.documents.services import document_add, document_delete, may_delete, owner_of


def _page(model: type | None, pk: int) -> str:
    """The record's page at its documents section (home when the kind is unknown)."""
    spec = attachable(model) if model is not None else None
    return f"{spec.page(pk)}#dokumenty" if spec is not None else "/"


@login_required
@require_POST
def document_upload(request: HttpRequest, content_type: int, object_id: int) -> HttpResponse:
    content = get_object_or_404(ContentType, pk=content_type)
    model = content.model_class()
    if model is None or attachable(model) is None:
        raise Http404
    owner = access.scope(model._default_manager.filter(pk=object_id), request.user).first()
    if owner is None:
        raise Http404
    form = DocumentForm(request.POST, request.FILES)
    reasons: list[str] = [str(text) for errors in form.errors.values() for text in errors]
    if form.is_valid():
        try:
            document = document_add(
                actor=request.user,
                owner=owner,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            reasons = error.messages
        else:
            messages.success(request, _("Document “%(name)s” added.") % {"name": document.name})
    for reason in reasons:
        messages.error(request, _("The document was not added: %(reason)s") % {"reason": reason})
    return redirect(_page(model, object_id))


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = document_for(request.user, pk)
    if document is None:
        raise Http404
    try:
        # Through the alias, not the field: the store is chosen when used (settings may change).
        handle = documents_storage().open(document.file.name, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=document.name)
    response["Content-Type"] = document.media_type
    return response


@login_required
@require_http_methods(["GET", "POST"])
def document_remove(request: HttpRequest, pk: int) -> HttpResponse:
    document = document_for(request.user, pk)
    if document is None:
        raise Http404
    if not may_delete(request.user, document):
        raise PermissionDenied
    back = _page(document.content_type.model_class(), document.object_id)
    if request.method == "POST":
        document_delete(actor=request.user, document=document)
        messages.success(request, _("Document “%(name)s” removed.") % {"name": document.name})
        return redirect(back)
    return render(
        request,
        "crm/documents/remove.html",
        {"document": document, "owner": owner_of(document), "back_url": back},
    )
