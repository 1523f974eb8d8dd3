"""``manage.py monitoring_timings [--year Y] [--generate N]``: how long the indicators, the
report and the cooperation graph take on the data in the database (the numbers the README
quotes). ``--generate N`` first fills an *empty* database with N synthetic organisations and
their ties (``crm.top.monitoring.benchmark``)."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts.models import Organisation
from crm.access import unscoped
from crm.top.monitoring.graph import GraphQuery
from crm.top.monitoring.graph.draw import draw_table
from crm.top.monitoring.graph.isolated import isolated_pes
from crm.top.monitoring.graph.metrics import table_metrics
from crm.top.monitoring.graph.table import read_table
from crm.top.monitoring.indicators import REGISTRY, Labels, Period, compute
from crm.top.monitoring.report import build_report, report_workbook
from crm.users import Role, User


class Command(BaseCommand):
    help = "Time the monitoring indicators, the yearly report and the cooperation graph."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=timezone.localdate().year - 1)
        parser.add_argument("--generate", type=int, default=0, metavar="N")

    def _time(self, label: str, work: Callable[[], Any]) -> Any:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = work()
            elapsed = time.perf_counter() - started
        self.stdout.write(f"{label:<48} {elapsed:8.2f} s  {len(queries):5d} queries")
        return result

    @unscoped("the timings fill and count every row")
    def handle(self, *args: object, **options: Any) -> None:
        year = int(options["year"])
        if options["generate"]:
            from crm.top.monitoring.benchmark import generate

            made = self._time("generate (bulk_create)", lambda: generate(options["generate"]))
            self.stdout.write("    " + ", ".join(f"{v} {k}" for k, v in made.items()))
        user = User(username="timings", role=Role.MANAGER, is_active=True)
        self.stdout.write(
            f"{connection.vendor}: {Organisation.objects.count()} organisations, year {year}"
        )
        labels = Labels()
        slowest: list[tuple[float, str]] = []

        def all_indicators() -> None:
            for key in REGISTRY:
                started = time.perf_counter()
                compute(key, Period(year), labels)
                slowest.append((time.perf_counter() - started, key))

        self._time(f"all {len(REGISTRY)} indicators for {year}", all_indicators)
        for seconds, key in sorted(slowest, reverse=True)[:5]:
            self.stdout.write(f"    {key:<44} {seconds:8.2f} s")
        report = self._time(
            "yearly report (with the previous year)", lambda: build_report(user=None, year=year)
        )
        self._time("report workbook (XLSX)", lambda: len(report_workbook(report)))
        end = datetime.date(year, 12, 31)
        query = GraphQuery(start=datetime.date(year, 1, 1), end=end)
        # What the graph page does (``graph.picture``); the API's exports add ``as_networkx``.
        table = self._time("graph edges and nodes (SQL + assembly)", lambda: read_table(query))
        self.stdout.write(f"    {table.nodes} nodes, {table.edges} edges, {table.ties_read} ties")
        metrics = self._time(
            "graph metrics (degree, betweenness, components)", lambda: table_metrics(table)
        )
        if metrics.betweenness_sampled_from:
            self.stdout.write(f"    betweenness sampled from {metrics.betweenness_sampled_from}")
        self._time("graph drawing (SVG, capped)", lambda: draw_table(table))
        self._time("isolated PES (count)", lambda: isolated_pes(user=user, on=end).count())
