"""``ServiceAdmin`` and ``ServiceInline``: the admin's saves and deletes as service calls."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models, router, transaction
from django.forms.formsets import BaseFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from crm.access import has_capability
from crm.admin_services.extras import export_action, links_for
from crm.admin_services.rows import (
    RefusedForm,
    ServiceRefused,
    changed_values,
    copy_row,
    form_values,
    refusals,
    stored_row,
)

_REFUSAL = "_service_refusal"  # where a refused save waits on the request for the second pass


def _declares(admin_object: Any, base: type, name: str) -> bool:
    return getattr(type(admin_object), name) is not getattr(base, name)


def _nothing() -> None:
    """``form.save_m2m`` of a service-backed form: the services set the relations."""


class ServiceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A ModelAdmin that writes only through the services its subclass defines."""

    change_list_template = "admin/service_change_list.html"
    # Django 6's default for a bare "example.pl", as on the pages (crm.base.WebsiteField).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # Fields a service may change once the row exists; the others are read-only on its change
    # page. None: every field of the form (the update service takes them all).
    editable_on_change: Sequence[str] | None = None
    # A django-import-export resource: offers "export the selected" through crm.exports.
    export_resource: Any = None

    # --- what a subclass defines -------------------------------------------------------------

    def service_create(
        self,
        request: HttpRequest,
        data: dict[str, Any],
        form: forms.ModelForm,  # type: ignore[type-arg]
    ) -> models.Model:
        """Create the row from the form's ``data``; return what was saved."""
        raise NotImplementedError

    def service_create_with_inlines(
        self,
        request: HttpRequest,
        data: dict[str, Any],
        form: forms.ModelForm,  # type: ignore[type-arg]
        formsets: list[BaseFormSet],  # type: ignore[type-arg]
    ) -> models.Model:
        """For a service that needs the inline rows to create the row (a partnership and its
        parties): it marks the formsets it took with ``saved_by_service = True``."""
        return self.service_create(request, data, form)

    def service_update(
        self,
        request: HttpRequest,
        instance: models.Model,
        data: dict[str, Any],
        form: forms.ModelForm,  # type: ignore[type-arg]
    ) -> models.Model:
        """Change the stored ``instance``: ``data`` holds only the values that differ."""
        raise NotImplementedError

    def service_delete(self, request: HttpRequest, instance: models.Model) -> None:
        raise NotImplementedError

    # --- what the admin offers ---------------------------------------------------------------

    def has_add_permission(self, request: HttpRequest) -> bool:
        declared = _declares(self, ServiceAdmin, "service_create") or _declares(
            self, ServiceAdmin, "service_create_with_inlines"
        )
        return declared and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _declares(self, ServiceAdmin, "service_update") and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _declares(self, ServiceAdmin, "service_delete") and super().has_delete_permission(
            request, obj
        )

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Tags are written on the record's page through crm.tags' services (which log them),
        # never through a model's create or update service: the admin leaves them out.
        exclude = list(super().get_exclude(request, obj) or [])
        if any(field.name == "tags" for field in self.model._meta.many_to_many):
            exclude.append("tags")
        return exclude

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is None or self.editable_on_change is None:
            return fields
        kept = {*fields, *self.editable_on_change}
        for field in [*self.model._meta.concrete_fields, *self.model._meta.many_to_many]:
            if field.editable and not field.primary_key and field.name not in {*kept, "tags"}:
                fields.append(field.name)
        return fields

    # --- saving ------------------------------------------------------------------------------

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        form.save_m2m = _nothing
        if not change:
            return  # created in save_related, where the inline rows the service may need are
        stored = stored_row(obj)
        data = changed_values(stored, form_values(form, self.model))
        if not data:
            return
        with refusals():
            saved = self.service_update(request, stored, data, form)
        copy_row(saved, obj)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        if not change:
            with refusals():
                created = self.service_create_with_inlines(
                    request, form_values(form, self.model), form, list(formsets)
                )
            copy_row(created, form.instance)
        for formset in formsets:
            self.save_formset(request, form, formset, change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if getattr(formset, "saved_by_service", False):
            return  # the parent's create service took these rows
        inline = getattr(formset, "service_inline", None)
        if not isinstance(inline, ServiceInline):
            raise ImproperlyConfigured(f"{type(self).__name__}: every inline is a ServiceInline")
        deleted = formset.deleted_forms if formset.can_delete else []
        for row in formset.forms:
            where = f"{inline.verbose_name} „{row.instance}”" if row.instance.pk else ""
            where = where or str(inline.verbose_name)
            with refusals(where):
                if row in deleted:
                    if row.instance.pk is not None:
                        inline.service_delete(request, stored_row(row.instance))
                        formset.deleted_objects.append(row.instance)
                elif not row.has_changed():
                    continue
                elif row.instance.pk is None:
                    values = form_values(row, inline.model)
                    formset.new_objects.append(inline.service_create(request, values, row))
                else:
                    stored = stored_row(row.instance)
                    data = changed_values(stored, form_values(row, inline.model))
                    if data:
                        inline.service_update(request, stored, data, row)
                        formset.changed_objects.append((stored, list(data)))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with refusals():
            self.service_delete(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        """The "delete selected" action: one service call per row, all or none."""
        for obj in queryset:
            with refusals(f"„{obj}”"):
                self.service_delete(request, obj)

    # --- refusals, shown where the user can act on them ----------------------------------------

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form_class = super().get_form(request, obj, change=change, **kwargs)
        refused = getattr(request, _REFUSAL, None)
        if refused is None:
            return form_class
        # The form's own metaclass builds the subclass, as for any ModelForm subclass.
        metaclass: Any = type(form_class)
        return metaclass(
            form_class.__name__, (RefusedForm, form_class), {"service_refusal": refused}
        )

    def get_formsets_with_inlines(self, request: HttpRequest, obj: Any = None) -> Any:
        # Each formset remembers its inline, so that save_formset can ask it for its services.
        for formset_class, inline in super().get_formsets_with_inlines(request, obj):
            tagged = type(formset_class.__name__, (formset_class,), {"service_inline": inline})
            yield tagged, inline

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRefused as refused:
            # Nothing was written. The same submission is shown again, with the service's
            # reasons as form errors: the second pass's form is invalid, so it saves nothing.
            setattr(request, _REFUSAL, refused)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except ServiceRefused as refused:
            self._tell(request, refused)
            return HttpResponseRedirect(self._url("change", object_id))

    def response_action(self, request: HttpRequest, queryset: Any) -> HttpResponse | None:
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().response_action(request, queryset)
        except ServiceRefused as refused:
            self._tell(request, refused, nothing_done=True)
            return HttpResponseRedirect(request.get_full_path())

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {**(extra_context or {}), "service_links": links_for(self.model._meta.label)}
        try:
            return super().changelist_view(request, context)
        except ServiceRefused as refused:  # a list_editable save
            self._tell(request, refused, nothing_done=True)
            return HttpResponseRedirect(request.get_full_path())

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """django-simple-history's "revert" page: a revert is an update like any other."""
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().history_form_view(  # type: ignore[misc]
                    request, object_id, version_id, extra_context
                )
        except ServiceRefused as refused:
            self._tell(request, refused, nothing_done=True)
            return HttpResponseRedirect(request.get_full_path())

    def _tell(
        self, request: HttpRequest, refused: ServiceRefused, nothing_done: bool = False
    ) -> None:
        text = " ".join(refused.lines())
        if nothing_done:
            text = gettext("Nothing was saved. %(reasons)s") % {"reasons": text}
        self.message_user(request, text, messages.ERROR)

    def _url(self, view: str, object_id: str) -> str:
        opts = self.model._meta
        name = f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{view}"
        return reverse(name, args=(object_id,))

    # --- exports -------------------------------------------------------------------------------

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        if (
            self.export_resource is None
            or self.actions is None
            or IS_POPUP_VAR in request.GET
            or not has_capability(request.user, "exports.run")
        ):
            return actions
        for fmt, description in (
            ("xlsx", _("Export the selected to Excel")),
            ("csv", _("Export the selected to CSV")),
        ):
            actions[f"export_{fmt}"] = (export_action(fmt), f"export_{fmt}", str(description))
        return actions


class ServiceInline(admin.options.InlineModelAdmin):  # type: ignore[type-arg]
    """An inline whose rows are written by the services its subclass defines (see above)."""

    def service_create(
        self,
        request: HttpRequest,
        data: dict[str, Any],
        form: forms.ModelForm,  # type: ignore[type-arg]
    ) -> models.Model:
        """``data`` holds the parent under its foreign key's name."""
        raise NotImplementedError

    def service_update(
        self,
        request: HttpRequest,
        instance: models.Model,
        data: dict[str, Any],
        form: forms.ModelForm,  # type: ignore[type-arg]
    ) -> models.Model:
        raise NotImplementedError

    def service_delete(self, request: HttpRequest, instance: models.Model) -> None:
        raise NotImplementedError

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _declares(self, ServiceInline, "service_create") and super().has_add_permission(
            request, obj
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _declares(self, ServiceInline, "service_update") and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _declares(self, ServiceInline, "service_delete") and super().has_delete_permission(
            request, obj
        )


class ServiceTabularInline(ServiceInline, admin.TabularInline):  # type: ignore[type-arg]
    pass


def is_read_only(model_admin: admin.ModelAdmin, request: HttpRequest) -> bool:  # type: ignore[type-arg]
    """Whether the admin offers no write at all (for tests and checks)."""
    return not (
        model_admin.has_add_permission(request)
        or model_admin.has_change_permission(request)
        or model_admin.has_delete_permission(request)
    )
