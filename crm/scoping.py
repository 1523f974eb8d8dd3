"""Scoping that cannot be forgotten: strict managers and the one escape hatch.

A model that declares how access reaches it (``access_subregion_path`` or
``access_personal_data``) gets a default manager whose querysets refuse to run until they went
through ``crm.access.scope(queryset, user)``. A forgotten ``scope()`` then fails loudly in the
first test that touches it instead of leaking rows in production.

Only *evaluation* is guarded (fetching, counting, ``exists()``, aggregates, updates, deletes,
``raw()``): building a queryset is free, and a strict queryset used inside another query (a
subquery, ``Exists(...)``, ``pk__in=``) is never evaluated on its own, so it is allowed. An empty
queryset (``.none()``) reads nothing and is allowed too.

The escape hatch is ``unscoped("why")``: a context manager and a decorator, kept in a
``ContextVar`` so it is per thread and per asyncio task, and nests. It belongs where the code
must see every row by definition (services and their checks, Celery tasks, migrations, the
admin, management commands, the demo seeding); ``tests/crm/test_scoping.py`` lists every call
site and fails on one anywhere else. Every request runs ``strict()`` (``StrictScopeMiddleware``),
and so does every Celery task (``StrictTask``), so neither inherits an escape hatch from its
caller.

Forward relations (``membership.organisation``) go through Django's ``_base_manager``, a plain
manager: following a foreign key from a row one may see is never refused. Reverse relations
(``organisation.affiliations.all()``) are built from the default manager and are strict: a
viewer who reaches an organisation must not read its people through it.

Three more kinds of reads are not per-user rows and have their own names in ``crm.access``:
``scope_public`` (the public catalogue, for anonymous visitors) and ``scope_statistics``
(numbers and graph ties over every row, no personal data); uniqueness and constraint checks
run unscoped in ``crm.base.ScopedModel`` because they must see every row.

Field history (django-simple-history's ``Historical*`` models) stays on plain managers: it is
read by the admin, by the GDPR services and by the organisation timeline, which reaches it
through an organisation that passed ``scope()`` and scopes the history query as well. Django
migrations use plain managers for historical models too (this one has no
``use_in_migrations``), so data migrations are never refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ContextDecorator
from contextvars import ContextVar, Token
from typing import TYPE_CHECKING, Any, TypeVar

from celery.contrib.django.task import DjangoTask
from django.db import models

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

M = TypeVar("M", bound=models.Model)

# The reason of the innermost ``unscoped()`` in force, or None: strict (the default everywhere).
_unscoped_reason: ContextVar[str | None] = ContextVar("crm_unscoped_reason", default=None)


class ScopeError(Exception):
    """A query on a scoped model ran without ``crm.access.scope()`` or ``unscoped()``."""


class _Reason(ContextDecorator):
    """Puts ``reason`` (None: strict) in force for a ``with`` block or each decorated call."""

    def __init__(self, reason: str | None) -> None:
        self.reason = reason
        self._tokens: list[Token[str | None]] = []

    def _recreate_cm(self) -> _Reason:
        return type(self)(self.reason)  # a decorated function enters its own, per call

    def __enter__(self) -> None:
        self._tokens.append(_unscoped_reason.set(self.reason))

    def __exit__(self, *exc: object) -> None:
        _unscoped_reason.reset(self._tokens.pop())


def unscoped(reason: str) -> _Reason:
    """Let queries of scoped models run unscoped inside; the only escape hatch.

    Also a decorator (``@unscoped("why")``): each call enters it afresh. ``reason`` says why the
    code must see every row; it shows up in ``grep`` and in the call-site listing test.

    Raises: ValueError without a reason (when written, not when first entered).
    """
    if not reason.strip():
        raise ValueError("unscoped() needs a reason")
    return _Reason(reason)


def strict() -> _Reason:
    """Queries of scoped models must be scoped inside, whatever the caller's escape hatch."""
    return _Reason(None)


def unscoped_reason() -> str | None:
    """Why queries may run unscoped here (None: strict)."""
    return _unscoped_reason.get()


def is_strict(model: type[models.Model]) -> bool:
    """Whether the model declares how access reaches it, and so must be scoped."""
    return bool(
        getattr(model, "access_subregion_path", None)
        or getattr(model, "access_personal_data", False)
    )


class ScopedQuerySet(models.QuerySet[M]):
    """A queryset that runs only once ``crm.access.scope()`` marked it (or inside unscoped())."""

    # Set on the clone ``scope()`` returns; every chained clone inherits it (``_clone``).
    _access_scoped = False

    def _clone(self) -> ScopedQuerySet[M]:
        clone: ScopedQuerySet[M] = super()._clone()  # type: ignore[misc]
        clone._access_scoped = self._access_scoped
        return clone

    def _require_scope(self) -> None:
        if self._access_scoped or _unscoped_reason.get() is not None or self.query.is_empty():
            return
        raise ScopeError(
            f"{self.model._meta.label} was queried without scoping: use "
            "crm.access.scope(queryset, user) or crm.access.unscoped(reason)."
        )

    # Every way a queryset reaches the database. Chaining methods (filter, values, annotate,
    # select_related, ...) only build a clone and need no guard.
    def _fetch_all(self) -> None:  # iteration, len, bool, [i], get, first, last, in_bulk
        if self._result_cache is None:  # type: ignore[has-type]
            self._require_scope()
        super()._fetch_all()  # type: ignore[misc]

    def _iterator(self, use_chunked_fetch: bool, chunk_size: int | None) -> Iterator[Any]:
        self._require_scope()  # iterator()
        yield from super()._iterator(use_chunked_fetch, chunk_size)  # type: ignore[misc]

    def aiterator(self, chunk_size: int = 2000) -> Any:
        self._require_scope()
        return super().aiterator(chunk_size)

    def count(self) -> int:
        self._require_scope()
        return super().count()

    def exists(self) -> bool:
        self._require_scope()  # also contains(), which asks exists()
        return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._require_scope()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        self._require_scope()  # also bulk_update()
        return super().update(**kwargs)

    def _update(self, values: Any) -> Any:
        self._require_scope()
        return super()._update(values)  # type: ignore[misc]

    def delete(self) -> tuple[int, dict[str, int]]:
        self._require_scope()
        return super().delete()

    def _raw_delete(self, using: Any) -> int:
        self._require_scope()
        return super()._raw_delete(using)  # type: ignore[misc]

    def explain(self, *, format: str | None = None, **options: Any) -> str:
        self._require_scope()
        return super().explain(format=format, **options)

    def raw(
        self, raw_query: Any, params: Any = (), translations: Any = None, using: Any = None
    ) -> Any:  # type: ignore[override]
        self._require_scope()
        return super().raw(raw_query, params, translations, using)


class ScopedManager(models.Manager[M]):
    """The default manager of a scoped model: strict querysets (see the module docstring).

    Without ``use_in_migrations`` migrations keep Django's plain manager for historical models,
    so data migrations are never refused (and no migration records this manager).
    """

    def get_queryset(self) -> ScopedQuerySet[M]:
        return ScopedQuerySet(model=self.model, using=self._db, hints=self._hints)  # type: ignore[attr-defined]


def mark_scoped(queryset: models.QuerySet[M]) -> models.QuerySet[M]:
    """A clone of ``queryset`` that may run: only ``crm.access.scope()`` calls this."""
    clone = queryset.all()
    if isinstance(clone, ScopedQuerySet):
        clone._access_scoped = True
    return clone


class StrictScopeMiddleware:
    """Every request (pages, API, admin) starts strict: it never inherits an escape hatch.

    The admin enters ``unscoped("admin")`` itself (``crm.admin_site``); anything else a request
    reads goes through ``scope()``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with strict():
            return self.get_response(request)


class StrictTask(DjangoTask):  # type: ignore[misc]
    """Celery's Django task base (``delay_on_commit``): each run starts strict, also when run
    eagerly inside unscoped().

    A task that must see every row says so with ``unscoped("why")``.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with strict():
            return super().__call__(*args, **kwargs)
