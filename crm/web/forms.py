"""What every page that edits through a service does with its form: one rule for both halves.

- ``edit_form``: the form that edits a stored row never touches that row. A ``ModelForm`` sets
  the posted values on its instance while it validates, so it gets a copy; a plain form gets the
  row's values as ``initial``. Either way the service receives the row as stored and compares
  the posted values against it, so "what changed" (history, action log) is right.
- ``apply_form_errors``: a service's ``ValidationError`` is shown next to the fields it names,
  and above the form when it names none (or a field the form does not have).
"""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models

F = TypeVar("F", bound=forms.BaseForm)


def edit_form(form_class: type[F], data: Any, *, instance: models.Model | None, **kwargs: Any) -> F:
    """``form_class`` bound to ``data`` (None: unbound), editing ``instance`` (None: a new row)."""
    if issubclass(form_class, forms.BaseModelForm):
        return form_class(data, instance=copy.copy(instance), **kwargs)
    if instance is not None and issubclass(form_class, forms.Form):
        kwargs["initial"] = {**_values(instance, form_class), **kwargs.get("initial", {})}
    return form_class(data, **kwargs)


def _values(instance: models.Model, form_class: type[forms.Form]) -> dict[str, Any]:
    """The row's value for every form field the model has (a foreign key as its id)."""
    values = {}
    for name in form_class.base_fields:
        try:
            field = instance._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(field, models.Field) and field.concrete and not field.many_to_many:
            values[name] = getattr(instance, field.attname)
    return values


def apply_form_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's ValidationError shown next to the fields it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
