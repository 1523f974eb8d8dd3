"""The table ``make bench`` prints, the JSON it writes and the comparison with the last run."""

from __future__ import annotations

import json
import math
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

HEADER = (
    f"{'case':46} {'HTTP':>4} {'queries':>7} {'median':>8} {'p95':>8} {'floor':>7} "
    f"{'×floor':>7} │ {'req/s':>6} {'floor':>6} {'×floor':>6}"
)


def _ms(value: float | None) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.0f}"


def _ratio(ours: float | None, floor: float | None) -> str:
    if not ours or not floor or math.isnan(ours) or math.isnan(floor):
        return "—"
    return f"{ours / floor:.1f}"


def row(result: dict[str, Any]) -> str:
    """One line: test-client median / p95 (ms), the floor's median and the ratio; then the
    requests per second through gunicorn with 8 clients, the floor's and the ratio."""
    floor = result.get("floor") or {}
    load = result.get("load") or {}
    floor_load = result.get("floor_load") or {}
    rps = load.get("per_second")
    floor_rps = floor_load.get("per_second")
    return (
        f"{result['name'][:46]:46} {result['status']:>4} {result['queries']:>7} "
        f"{_ms(result['median']):>8} {_ms(result['p95']):>8} {_ms(floor.get('median')):>7} "
        f"{_ratio(result['median'], floor.get('median')):>7} │ "
        f"{'—' if rps is None else f'{rps:.1f}':>6} "
        f"{'—' if floor_rps is None else f'{floor_rps:.1f}':>6} "
        f"{_ratio(floor_rps, rps):>6}"
    )


def markdown(results: list[dict[str, Any]]) -> str:
    """The same table for the README."""
    lines = [
        "| case | queries | median ms | p95 ms | floor ms | × floor "
        "| req/s | floor req/s | × floor |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        floor = result.get("floor") or {}
        load = result.get("load") or {}
        floor_load = result.get("floor_load") or {}
        rps, floor_rps = load.get("per_second"), floor_load.get("per_second")
        name = (
            result["name"]
            if result["status"] == 200
            else f"{result['name']} (HTTP {result['status']})"
        )
        lines.append(
            f"| {name} | {result['queries']} | {_ms(result['median'])} | {_ms(result['p95'])} | "
            f"{_ms(floor.get('median'))} | {_ratio(result['median'], floor.get('median'))} | "
            f"{'—' if rps is None else f'{rps:.1f}'} | "
            f"{'—' if floor_rps is None else f'{floor_rps:.1f}'} | {_ratio(floor_rps, rps)} |"
        )
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 2**20:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "host": platform.node(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "commit": commit,
    }


def write(directory: Path, stamp: str, document: dict[str, Any]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{stamp}.json"
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False, default=str))
    return path


def previous(directory: Path, current: Path) -> dict[str, Any] | None:
    earlier = sorted(p for p in directory.glob("*.json") if p.name < current.name)
    if not earlier:
        return None
    return json.loads(earlier[-1].read_text()) | {"file": earlier[-1].name}


def comparison(before: dict[str, Any], results: list[dict[str, Any]]) -> list[str]:
    """Median (test client) and req/s (gunicorn) of each case now against the previous run."""
    old = {r["name"]: r for r in before["results"]}
    lines = [
        f"Against {before['file']} (commit {before['meta']['machine'].get('commit', '?')}):",
        f"{'case':46} {'median before':>13} {'now':>7} {'change':>7} │ "
        f"{'req/s before':>12} {'now':>6}",
    ]
    for result in results:
        earlier = old.get(result["name"])
        if earlier is None:
            continue
        rps = (result.get("load") or {}).get("per_second")
        old_rps = (earlier.get("load") or {}).get("per_second")
        lines.append(
            f"{result['name'][:46]:46} {_ms(earlier['median']):>13} {_ms(result['median']):>7} "
            f"{_ratio(result['median'], earlier['median']):>7} │ "
            f"{'—' if old_rps is None else f'{old_rps:.1f}':>12} "
            f"{'—' if rps is None else f'{rps:.1f}':>6}"
        )
    return lines
