"""What the admin's service calls share: the form's values, what changed, and refusals."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext

from crm.web.forms import apply_form_errors


class ServiceRefused(Exception):
    """A service said no. Raised inside the admin's transaction, so that it rolls back."""

    def __init__(self, error: ValidationError | PermissionDenied, where: str = "") -> None:
        super().__init__(str(error))
        self.error = error
        self.where = where  # an inline row or a listed object; empty for the form itself

    def lines(self) -> list[str]:
        """The reasons as sentences, each saying which row or object it is about."""
        if isinstance(self.error, PermissionDenied):
            texts = [gettext("You may not make this change.")]
        else:
            texts = list(self.error.messages)
        return [f"{self.where}: {text}" if self.where else text for text in texts]


@contextmanager
def refusals(where: str = "") -> Iterator[None]:
    """Turn what a service refuses into ``ServiceRefused``."""
    try:
        yield
    except (ValidationError, PermissionDenied) as error:
        raise ServiceRefused(error, where) from error


def only_changing(data: dict[str, Any], allowed: Iterable[str]) -> None:
    """Refuse changes of fields that no service changes once the row exists.

    Raises: ValidationError naming each such field.
    """
    others = sorted(set(data) - set(allowed))
    if others:
        raise ValidationError(
            {
                name: gettext(
                    "This cannot be changed once saved: delete the entry and add it again."
                )
                for name in others
            }
        )


def end_date(data: dict[str, Any], name: str) -> Any:
    """The end a service records (a membership left, a status lost, a consent withdrawn).

    Raises: ValidationError when it is missing: an end once recorded is not removed here.
    """
    if data.get(name) is None:
        raise ValidationError(
            {name: gettext("Give the date it ended; an end once recorded is not removed here.")}
        )
    return data[name]


def form_values(form: forms.BaseForm, model: type[models.Model]) -> dict[str, Any]:
    """The cleaned values of the form's model fields (not the primary key, not form extras)."""
    names = {
        f.name
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if not f.primary_key
    }
    return {name: value for name, value in form.cleaned_data.items() if name in names}


def changed_values(stored: models.Model, values: dict[str, Any]) -> dict[str, Any]:
    """The values that differ from the stored row (relations compared by primary key)."""
    changed = {}
    for name, value in values.items():
        field: Any = stored._meta.get_field(name)
        if field.many_to_many:
            old: Any = (
                set(getattr(stored, name).values_list("pk", flat=True)) if stored.pk else set()
            )
            new: Any = {item.pk for item in value or ()}
        elif field.is_relation:
            old, new = getattr(stored, field.attname), getattr(value, "pk", value)
        else:
            old, new = getattr(stored, field.attname), value
            if isinstance(old, datetime.datetime) and isinstance(new, datetime.datetime):
                # The admin's widgets show no microseconds: an unchanged time is not a change.
                old = old.replace(microsecond=0) if not new.microsecond else old
        if old != new:
            changed[name] = value
    return changed


def copy_row(source: models.Model, target: models.Model) -> None:
    """What the service saved, onto the admin's own object (its pk, its normalised values)."""
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    target._state.adding = False
    target._state.db = source._state.db


def stored_row(obj: models.Model) -> models.Model:
    # The admin's form has already copied its values onto ``obj``; the services compare
    # against what is stored, so they get a fresh row.
    return type(obj)._default_manager.get(pk=obj.pk)


class RefusedForm:
    """The form of a refused save: it shows the service's reasons and is never valid."""

    service_refusal: ServiceRefused

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        form: Any = self  # a ModelForm: this class is only ever mixed into one
        refused = self.service_refusal
        error = refused.error
        if refused.where or isinstance(error, PermissionDenied):
            form.add_error(None, refused.lines())  # an inline row's field is not this form's
        else:
            apply_form_errors(form, error)
        return cleaned
