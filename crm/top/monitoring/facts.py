"""Numbers kept until the data behind them changes (PostgreSQL).

The indicators and the cooperation graph read the whole contact log, every membership and
partnership: seconds at ten years of data. They are kept in the cache under the *data version*
and read again from there until it moves. On PostgreSQL every statement that writes to a table
they read (INSERT, UPDATE, DELETE, TRUNCATE, COPY: statement-level triggers, so an import's
bulk writes too) advances the sequence ``monitoring_data_version``; the triggers are put on the
tables after every ``migrate`` (``install``), so a table added later is covered.

A number is read from the cache only by a transaction that has written nothing itself, and
kept only when no other transaction of this database holds an uncommitted write: such a writer
may have advanced the version already while its rows are not yet visible, and what we computed
without them would outlive its commit. On SQLite nothing is kept: every number is computed.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.apps import apps
from django.core.cache import cache
from django.db import connection, connections
from django.db.models import Min
from django.utils import timezone

from crm import access

logger = logging.getLogger(__name__)

T = TypeVar("T")

SEQUENCE = "monitoring_data_version"
FUNCTION = "monitoring_data_changed"
# The apps whose tables the numbers read, and the tables they do not read (or that are
# written by every page view or every digest: invalidating on them would keep nothing).
DATA_APPS = ("contacts", "interactions", "networks")
OTHER_TABLES = (
    "crm_subregion",
    "crm_powiat",
    "crm_gmina",
    "monitoring_recommendation",
    "monitoring_strategicdocument",
)
NOT_READ = ("contacts_savedview", "interactions_followup", "interactions_followupdigest")
# Even a number that cannot go stale is dropped after a week (old versions are not collected).
LONGEST = 7 * 24 * 3600

_WRITERS = """
    SELECT EXISTS (
        SELECT FROM pg_locks AS l JOIN pg_stat_activity AS a ON a.pid = l.pid
        WHERE l.locktype = 'transactionid' AND l.mode = 'ExclusiveLock' AND l.granted
          AND a.datname = current_database() AND l.pid <> pg_backend_pid()
    )
"""


def data_tables() -> list[str]:
    """The tables whose writes move the data version."""
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in DATA_APPS
    }
    tables.update(OTHER_TABLES)
    return sorted(t for t in tables if "_historical" not in t and t not in NOT_READ)


def install(using: str = "default", **_: Any) -> None:
    """The sequence, its trigger function and a statement-level trigger on every data table
    (idempotent; connected to ``post_migrate``)."""
    target = connections[using]
    if target.vendor != "postgresql":
        return
    existing = set(target.introspection.table_names())
    with target.cursor() as cursor:
        cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}")
        cursor.execute(
            f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN PERFORM nextval('{SEQUENCE}'); RETURN NULL; END $$"
        )
        for table in data_tables():
            if table not in existing:
                continue
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {FUNCTION} AFTER INSERT OR UPDATE OR DELETE OR "
                f'TRUNCATE ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()'
            )


@dataclass(frozen=True)
class Version:
    # The database's name too: two databases (a test run beside a development one) may share
    # the cache and count their versions from the same start.
    database: str
    value: int
    # Whether what is computed now may be kept (no other transaction holds a write).
    storable: bool


def current() -> Version | None:
    """The data version, or None when nothing may be read from the cache (SQLite, or this
    transaction has written: the cache does not hold what it sees)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        # The version first, then the writers: a writer that moved the version before we read
        # it is either finished (visible to every later query) or seen here.
        cursor.execute(
            "SELECT (SELECT coalesce(last_value, 0) FROM pg_sequences"
            "        WHERE schemaname = current_schema() AND sequencename = %s),"
            " txid_current_if_assigned() IS NULL",
            [SEQUENCE],
        )
        value, clean = cursor.fetchone()
        if value is None or not clean:
            return None
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(_WRITERS)
        busy = cursor.fetchone()[0]
    return Version(str(connection.settings_dict["NAME"]), value, storable=not busy)


def _key(version: Version, name: str, *, latest: bool = False) -> str:
    return f"monitoring:{version.database}:{'latest' if latest else f'v{version.value}'}:{name}"


def kept(name: str, version: Version | None, make: Callable[[], T], seconds: float) -> T:
    """``make()``, read from the cache under ``name`` at ``version`` when it is there, else
    computed and kept for at most ``seconds`` when the version allows."""
    if version is None:
        return make()
    found = cache.get(_key(version, name))
    if found is not None:
        return found[0]  # type: ignore[no-any-return]
    value = make()
    if version.storable and seconds > 0:
        cache.set(_key(version, name), (value,), min(seconds, LONGEST))
        cache.set(_key(version, name, latest=True), (value,), LONGEST)
    return value


def latest(name: str, version: Version | None) -> Any:
    """What ``kept`` last kept under ``name`` at any version (None: nothing), to be shown,
    said to be older, while it is counted again."""
    if version is None:
        return None
    found = cache.get(_key(version, name, latest=True))
    return None if found is None else found[0]


def is_current(name: str, version: Version | None) -> bool:
    """Whether ``name`` is kept at ``version`` (reading it costs nothing)."""
    return version is not None and _key(version, name) in cache


# A task counting a number again is taken to be on its way for at most this long: a second
# page asking meanwhile is shown the older number and sends none.
QUEUED_SECONDS = 10 * 60


def shown(
    name: str,
    version: Version | None,
    make: Callable[[], T],
    seconds: float,
    queue: Callable[[], None],
) -> tuple[T, bool]:
    """What a page shows of ``name``, and whether it is older than the data. Kept at
    ``version``: that. Else, when an older one is kept (``latest``): that at once, while
    ``queue`` sends one task that makes the new one (``kept`` again, then ``counted``); only a
    number never kept before is made while the browser waits."""
    if not is_current(name, version):
        older = latest(name, version)
        if older is not None:
            queue_once(name, queue)
            # Without a worker (tasks run in this process) the task has made it already.
            if not is_current(name, version):
                return older, True
    return kept(name, version, make, seconds), False


def _queued(name: str) -> str:
    return f"monitoring:queued:{connection.settings_dict['NAME']}:{name}"


def queue_once(name: str, queue: Callable[[], None]) -> None:
    """``queue()`` (send the task that makes ``name`` again) unless one is on its way."""
    if not cache.add(_queued(name), True, QUEUED_SECONDS):
        return  # already on its way
    try:
        queue()
    except Exception:  # the broker is down: the older number stays, the next page asks again
        cache.delete(_queued(name))
        logger.warning("A monitoring number could not be queued to be counted.", exc_info=True)


def counted(name: str) -> None:
    """The task sent for ``name`` has ended (made it or not): the next page may send another."""
    cache.delete(_queued(name))


def seconds_valid(last_day: datetime.date) -> float:
    """How long a number over days up to ``last_day`` stays right without a write: the
    numbers count only what has taken place (a contact logged for later today counts once its
    time has passed, an event on the day it begins), so one that reaches today lasts until
    midnight or the next contact's time, whichever comes first."""
    today = timezone.localdate()
    if last_day < today:
        return LONGEST
    from interactions.models import Interaction

    now = timezone.now()
    midnight = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time())
    )
    upcoming = (
        access.scope_statistics(Interaction.objects.all())
        .filter(occurred_at__gt=now, occurred_at__lt=midnight)
        .aggregate(first=Min("occurred_at"))["first"]
    )
    return max(0.0, ((upcoming or midnight) - now).total_seconds())
