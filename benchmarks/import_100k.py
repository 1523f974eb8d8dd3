"""Import a generated 100,000-row partner list on PostgreSQL and compare with the floor.

Prints, side by side: our pipeline's first import and unchanged re-import; PostgreSQL COPY of
the same rows into a bare table (the floor); a plain django-import-export
``ModelResource.import_data`` on the same rows (run on a subset and extrapolated linearly);
the ratios to COPY; and peak memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/siec_bench python -m benchmarks.import_100k

Without DATABASE_URL it uses (and creates) the throwaway database ``siec_bench`` on localhost.
It empties the organisation tables of that database: never point it at real data.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from typing import Any

from benchmarks import import_alone, import_floors

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/siec_bench"
COLUMNS = [
    "Lp.", "Nazwa podmiotu", "Forma prawna", "NIP", "REGON", "KRS", "Adres", "Kod pocztowy",
    "Miejscowość", "Gmina", "Powiat", "Telefon", "E-mail", "Status PS", "Rodzaj wsparcia",
    "Data wsparcia", "Uwagi",
]  # fmt: skip
FORMS = [
    ("Stowarzyszenie", "stow."), ("Fundacja", "Fundacja"), ("Spółdzielnia Socjalna", "SS"),
    ("Koło Gospodyń Wiejskich", "KGW"),
]  # fmt: skip


def _nip(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        check = sum(w * d for w, d in zip((6, 5, 7, 2, 3, 4, 5, 6, 7), digits, strict=True)) % 11
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def _regon(rng: random.Random) -> str:
    digits = [rng.randint(0, 9) for _ in range(8)]
    check = sum(w * d for w, d in zip((8, 9, 2, 3, 4, 5, 6, 7), digits, strict=True)) % 11 % 10
    return "".join(map(str, digits)) + str(check)


def generate(rows: int, seed: int = 2026) -> Iterator[list[str]]:
    """Distinct entities with valid, distinct identifiers, in the shape the OWES send."""
    from crm.territory.models import Gmina

    rng = random.Random(seed)
    gminas = list(
        Gmina.objects.filter(kind="rural")
        .select_related("powiat")
        .values_list("name", "powiat__name")
    )
    nips: set[str] = set()
    regons: set[str] = set()
    for n in range(1, rows + 1):
        nip = _nip(rng)
        while nip in nips:
            nip = _nip(rng)
        nips.add(nip)
        regon = _regon(rng)
        while regon in regons:
            regon = _regon(rng)
        regons.add(regon)
        prefix, form = FORMS[n % len(FORMS)]
        gmina, powiat = gminas[n % len(gminas)]
        yield (
            [
                str(n), f"{prefix} Podlasie {n}", form,
                f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}" if n % 3 else nip,
                regon, str(n) if n % 2 else "", f"ul. Lipowa {n % 200 + 1}",
                f"{15 + n % 5}-{n % 1000:03d}", gmina, gmina, powiat,
                f"{500 + n % 300} {n % 1000:03d} {n % 997:03d}", f"biuro{n}@podlasie{n % 50}.pl",
                "tak" if n % 7 == 0 else "nie", "doradztwo", f"{1 + n % 28:02d}.0{1 + n % 9}.2026",
                "",
            ]
        )  # fmt: skip


def to_csv(table: Iterable[list[str]]) -> bytes:
    import csv

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Wykaz PES – generowany do testu wydajności"])
    writer.writerow([])
    writer.writerow(COLUMNS)
    writer.writerows(table)
    return buffer.getvalue().encode("cp1250")


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[-1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def reset_tables() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE contacts_organisation, contacts_historicalorganisation, contacts_person, "
            "contacts_historicalperson, contacts_affiliation, contacts_historicalaffiliation, "
            "imports_importbatch, imports_importrow, imports_importedrecord, "
            "imports_importfingerprint, imports_unchangedrows, "
            "crm_actionlog RESTART IDENTITY CASCADE"
        )
        cursor.execute("VACUUM ANALYZE")


def timed(label: str, function: Any) -> tuple[float, Any]:
    """Wall time; the CPU time of this process alone is printed too (the machine may be busy)."""
    gc.collect()
    started, cpu = time.perf_counter(), time.process_time()
    result = function()
    elapsed = time.perf_counter() - started
    print(
        f"  {label}: {elapsed:.2f} s (Python CPU {time.process_time() - cpu:.2f} s, "
        f"load average {os.getloadavg()[0]:.1f})",
        flush=True,
    )
    return elapsed, result


def copy_floor(data: bytes) -> float:
    """COPY the same rows into a bare table: what PostgreSQL itself needs (the floor)."""
    from django.db import connection

    body = data.split(b"\r\n", 3)[3]  # the rows without title, blank and header lines
    columns = ", ".join(f"c{i} text" for i in range(len(COLUMNS)))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy")
        cursor.execute(f"CREATE TABLE bench_copy ({columns})")
    connection.commit() if not connection.get_autocommit() else None
    started = time.perf_counter()
    with (
        connection.cursor() as cursor,
        cursor.copy(
            "COPY bench_copy FROM STDIN WITH (FORMAT csv, DELIMITER ';', ENCODING 'WIN1250')"
        ) as copy,
    ):
        copy.write(body)
    elapsed = time.perf_counter() - started
    return elapsed


def dump_organisations(target: Any) -> None:
    """The organisation rows our import wrote, as COPY text: the indexed floor loads them back."""
    from django.db import connection

    with (
        connection.cursor() as cursor,
        cursor.copy("COPY contacts_organisation TO STDOUT") as copy,
    ):
        for chunk in copy:
            target.write(chunk)
    target.seek(0)


def indexed_floor(dump: Any) -> float:
    """COPY the organisation rows of our first import into an empty copy of the organisation
    table with every index, default and constraint (``LIKE … INCLUDING ALL``): what PostgreSQL
    itself needs to hold the same rows searchable. The first import is measured against it."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_indexed")
        cursor.execute("CREATE TABLE bench_indexed (LIKE contacts_organisation INCLUDING ALL)")
    dump.seek(0)
    started = time.perf_counter()
    with (
        connection.cursor() as cursor,
        cursor.copy("COPY bench_indexed FROM STDIN") as copy,
    ):
        while chunk := dump.read(1 << 20):
            copy.write(chunk)
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_indexed")
    return elapsed


def insert_into_real_table() -> float:
    """The same rows from the bare table into contacts_organisation, in one INSERT ... SELECT:
    what the organisation table's own indexes (trigram ones included) cost PostgreSQL."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO contacts_organisation (created_at, updated_at, name, short_name, "
            "search_name, kind, legal_form, nip, regon, street, postal_code, town, email, "
            "phones, website, offer, is_public, notes) SELECT now(), now(), c1, '', lower(c1), "
            "'association', '', replace(c3, '-', ''), c4, c6, c7, c8, c12, '[]', '', '', false, '' "
            "FROM bench_copy"
        )
        elapsed = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_copy")
    reset_tables()
    return elapsed


def import_export_baseline(table: list[list[str]]) -> tuple[float, float]:
    """A plain ModelResource.import_data (what most Django projects do), insert then re-import."""
    import tablib
    from import_export import resources

    from contacts.models import Organisation
    from crm.access import unscoped

    class PlainOrganisationResource(resources.ModelResource):
        class Meta:
            model = Organisation
            fields = ("name", "kind", "nip", "regon", "street", "postal_code", "town", "email")
            import_id_fields = ("nip",)
            skip_unchanged = True

    dataset = tablib.Dataset(
        headers=["name", "kind", "nip", "regon", "street", "postal_code", "town", "email"]
    )
    for row in table:
        dataset.append(
            [
                row[1],
                "association",
                row[3].replace("-", ""),
                row[4],
                row[6],
                row[7],
                row[8],
                row[12],
            ]
        )
    # A plain resource reads the organisation table with no user to scope it by: like our own
    # import service, it must see every row to match on NIP.
    with unscoped("benchmark baseline: django-import-export matches on every organisation"):
        insert, _r = timed(
            f"django-import-export, {len(table):,} new rows",
            lambda: PlainOrganisationResource().import_data(dataset, raise_errors=True),
        )
        again, _r = timed(
            f"django-import-export, {len(table):,} unchanged rows",
            lambda: PlainOrganisationResource().import_data(dataset, raise_errors=True),
        )
    return insert, again


def _say(label: str, run: dict[str, Any]) -> None:
    print(
        f"  {label}: {run['seconds']:.2f} s (Python CPU {run['python_cpu']:.2f} s, PostgreSQL "
        f"backend CPU {run['postgres_cpu']:.2f} s, peak {run['peak_mib']:.0f} MiB, "
        f"load average {run['load']:.1f})",
        flush=True,
    )


def _backend_pid() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--baseline-rows", type=int, default=10_000)
    args = parser.parse_args()

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://.../siec_bench")
    ensure_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("MEDIA_ROOT", os.path.join(tempfile.gettempdir(), "siec_bench_media"))
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log growing with every statement
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from crm.top.imports.services import import_batch_run
    from crm.users import Role, User

    actor, _c = User.objects.get_or_create(
        username="bench", defaults={"role": Role.MANAGER, "is_active": True}
    )
    reset_tables()
    print(f"Generating {args.rows:,} rows...", flush=True)
    data = to_csv(generate(args.rows))
    print(f"  {len(data) / 2**20:.1f} MiB of CSV (Windows-1250, ';')")

    # Every measured import runs in a fresh process that reads the file from disk
    # (benchmarks/import_alone.py): its peak memory is the import's own, not the generator's.
    generator_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.NamedTemporaryFile(suffix=".csv") as on_disk:
        on_disk.write(data)
        on_disk.flush()
        print("Our pipeline (check, read, normalise, match, plan, apply with history):")
        before = import_floors.snapshot()
        (first_run,) = import_alone.run(on_disk.name, runs=1)
        _say("first import", first_run)
        assert first_run["counts"]["create"] == args.rows, first_run["counts"]
        written = import_floors.dump_written(before, import_floors.snapshot())
        # Best of three, as the floor is: each run is a new batch that finds every row unchanged.
        again_runs = import_alone.run(on_disk.name, runs=3)
        for n, run in enumerate(again_runs, 1):
            _say(f"unchanged re-import, run {n}", run)
            assert run["counts"]["unchanged"] == args.rows, run["counts"]
        again_run = min(again_runs, key=lambda run: run["seconds"])
    first, again = first_run["seconds"], again_run["seconds"]
    # One street changed somewhere in the middle: that row goes the full way, the rest do not.
    changed = to_csv(
        [*row[:6], "ul. Zmieniona 1", *row[7:]] if int(row[0]) == args.rows // 2 else row
        for row in generate(args.rows)
    )
    one, batch3 = timed(
        "re-import, one row changed",
        lambda: import_batch_run(actor=actor, source="Benchmark", name="bench.csv", data=changed),
    )
    assert batch3.counts["update"] == 1, batch3.counts

    print("PostgreSQL COPY into a bare table (the floor):")
    with tempfile.TemporaryFile() as dump:
        dump_organisations(dump)
        reset_tables()
        floor = min(copy_floor(data) for _ in range(3))
        print(f"  COPY (best of 3): {floor:.2f} s")
        # Best of 3 as the bare floor is, so a noisy neighbour cannot flatter our ratio.
        backend = _backend_pid()
        indexed_runs = []
        for _n in range(3):
            pg = import_alone.backend_cpu(backend)
            seconds = indexed_floor(dump)
            indexed_runs.append((seconds, import_alone.backend_cpu(backend) - pg))
        indexed_copy, indexed_cpu = min(indexed_runs)
    print(f"  every row the first import wrote: {import_floors.describe(written)}")
    all_runs = []
    for _n in range(3):
        pg = import_alone.backend_cpu(backend)
        seconds = import_floors.copy_everything(written)
        all_runs.append((seconds, import_alone.backend_cpu(backend) - pg))
    all_copy, all_copy_cpu = min(all_runs)
    for _rows, written_dump in written.values():
        written_dump.close()
    print(
        f"  COPY of every row the first import wrote into LIKE … INCLUDING ALL copies "
        f"(best of 3): {all_copy:.2f} s (PostgreSQL CPU {all_copy_cpu:.2f} s)"
    )
    print(
        f"  COPY of our organisation rows into LIKE contacts_organisation INCLUDING ALL: "
        f"{indexed_copy:.2f} s (PostgreSQL CPU {indexed_cpu:.2f} s)"
    )
    indexed = insert_into_real_table()
    print(f"  the same rows INSERT ... SELECT into contacts_organisation: {indexed:.2f} s")

    reset_tables()
    subset = list(generate(args.baseline_rows))
    print(f"Plain django-import-export ModelResource.import_data on {len(subset):,} rows:")
    ie_insert, ie_again = import_export_baseline(subset)
    scale = args.rows / len(subset)
    ie_insert, ie_again = ie_insert * scale, ie_again * scale
    reset_tables()

    print()
    print(f"{'':38} {'seconds':>9} {'× COPY':>8}")
    print(f"{'PostgreSQL COPY (floor)':38} {floor:9.2f} {1:8.1f}")
    label = "COPY into the indexed table (best of 3)"
    print(f"{label:38} {indexed_copy:9.2f} {indexed_copy / floor:8.1f}")
    print(f"{'INSERT into the indexed table':38} {indexed:9.2f} {indexed / floor:8.1f}")
    label = "COPY of every row written, indexed"
    print(f"{label:38} {all_copy:9.2f} {all_copy / floor:8.1f}")
    print(
        f"{'ours: first import':38} {first:9.2f} {first / floor:8.1f}   "
        f"{first / indexed_copy:.1f}× the indexed COPY (target ≤ 2), "
        f"{first / all_copy:.1f}× the COPY of every row written"
    )
    cpu = first_run["python_cpu"] + first_run["postgres_cpu"]
    print(
        f"{'':38} Python CPU {first_run['python_cpu']:.1f} s + PostgreSQL backend CPU "
        f"{first_run['postgres_cpu']:.1f} s = {cpu / indexed_cpu:.1f}× the indexed COPY's CPU, "
        f"{cpu / all_copy_cpu:.1f}× the CPU of the COPY of every row written"
    )
    label = "ours: unchanged re-import (best of 3)"
    print(f"{label:38} {again:9.2f} {again / floor:8.1f}   target ≤ 4")
    print(f"{'ours: re-import, one row changed':38} {one:9.2f} {one / floor:8.1f}")
    note = f"(×{scale:g} of {len(subset):,} rows)" if scale != 1 else ""
    print(f"{'django-import-export: insert ' + note:38} {ie_insert:9.2f} {ie_insert / floor:8.1f}")
    print(f"{'django-import-export: re-import ' + note:38} {ie_again:9.2f} {ie_again / floor:8.1f}")
    print(
        f"peak memory of the import alone (max RSS of a fresh process): first import "
        f"{first_run['peak_mib']:.0f} MiB, unchanged re-imports {again_run['peak_mib']:.0f} MiB"
        f"  target ≤ 256; the benchmark process after generating the file: "
        f"{generator_peak:.0f} MiB"
    )


if __name__ == "__main__":
    main()
