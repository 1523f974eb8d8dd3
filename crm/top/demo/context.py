"""What every demo-data module receives: a seeded random generator, the size and the actor."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import Any


@dataclass
class DemoContext:
    rng: random.Random
    size: str  # "small" or "large"
    actor: Any  # the demo system user; services record it as the author
    today: datetime.date
    stdout: Any = None
    # Modules leave what later modules need here (e.g. "organisations": list of ids).
    shared: dict[str, Any] = field(default_factory=dict)

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)
