"""The plan of demo organisations: what to create, with extras keyed by NIP or name."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from contacts.models import Organisation


@dataclass
class Plan:
    organisations: list[Organisation] = field(default_factory=list)
    extras: dict[str, dict[str, Any]] = field(default_factory=dict)  # by NIP or name key


def add(plan: Plan, org: Organisation, **extras: Any) -> None:
    org.search_name = ""
    plan.organisations.append(org)
    plan.extras[org.nip or org.name] = extras
