"""What the apps above contacts add to erasing a person (anonymisation, art. 17 GDPR).

contacts never imports the apps above it. An upper app registers from its app config's
``ready``:

- a **hold** (``register_hold``): ``check(person)`` gives the reasons, in the user's language,
  why the person may not be erased yet (a record the programme's audit trail needs, a role
  someone else must take over first); anonymisation refuses while any is given;
- an **eraser** (``register_eraser``): ``erase(person, identity)`` removes the copies it keeps
  outside the database's text (the imports: the partner's stored file), before
  ``crm.erasure`` sweeps every table and stored file; it returns the files it deleted;
- a **link** (``register_mention_link``): where a manager edits a row of its model that may
  still mention the person in free text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from crm.erasure import Identity

HOLDS: dict[str, Callable[[Any], list[str]]] = {}
ERASERS: dict[str, Callable[[Any, Identity], list[str]]] = {}
MENTION_LINKS: dict[str, Callable[[Any], str | None]] = {}


def register_hold(name: str, check: Callable[[Any], list[str]]) -> None:
    HOLDS[name] = check


def register_eraser(name: str, erase: Callable[[Any, Identity], list[str]]) -> None:
    ERASERS[name] = erase


def register_mention_link(model_label: str, link: Callable[[Any], str | None]) -> None:
    """``model_label`` as ``app_label.modelname`` (lower case); ``link(pk)`` gives a URL."""
    MENTION_LINKS[model_label] = link


def holds_on(person: Any) -> list[str]:
    """Every reason why ``person`` may not be erased yet (empty when nothing holds)."""
    return [reason for check in HOLDS.values() for reason in check(person)]
