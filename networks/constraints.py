"""Database pieces that exist only on PostgreSQL, written so the same migrations run on SQLite.

SQLite has no exclusion constraints; there the services' overlap check is the only guard.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.operations.base import Operation
from django.db.models import Func


class DateRange(Func):
    """``daterange(start, end, '[)')``: ``end`` is the first day outside, NULL means open."""

    function = "DATERANGE"
    template = "%(function)s(%(expressions)s, '[)')"
    output_field = DateRangeField()


class PostgresExclusionConstraint(ExclusionConstraint):
    """An exclusion constraint that is created on PostgreSQL and silently absent elsewhere."""

    @staticmethod
    def _on_postgres(schema_editor: Any) -> bool:
        return bool(schema_editor.connection.vendor == "postgresql")

    def constraint_sql(self, model: Any, schema_editor: Any) -> Any:
        if not self._on_postgres(schema_editor):
            return None
        return super().constraint_sql(model, schema_editor)

    def create_sql(self, model: Any, schema_editor: Any) -> Any:
        if not self._on_postgres(schema_editor):
            return None
        return super().create_sql(model, schema_editor)

    def remove_sql(self, model: Any, schema_editor: Any) -> Any:
        if not self._on_postgres(schema_editor):
            return None
        return super().remove_sql(model, schema_editor)

    def validate(
        self,
        model: Any,
        instance: Any,
        exclude: Any = None,
        using: str = DEFAULT_DB_ALIAS,
    ) -> None:
        if connections[using].vendor != "postgresql":
            return
        super().validate(model, instance, exclude=exclude, using=using)


class BtreeGistOnPostgres(Operation):
    """``CREATE EXTENSION btree_gist`` on PostgreSQL (for ``=`` on ids in a GiST index); no-op
    elsewhere. Unlike ``BtreeGistExtension`` it does not fail on SQLite."""

    reversible = True
    reduces_to_sql = False

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        # Other apps may use the extension too; leaving it installed is harmless.
        pass

    def describe(self) -> str:
        return "Create the btree_gist extension on PostgreSQL"
