"""One random stream per part of the networks demo, so that what a second run skips does not
shift what it would make."""

from __future__ import annotations

from random import Random

from crm.top.demo.context import DemoContext


def start_streams(ctx: DemoContext) -> None:
    """Seeds every part's stream from one draw of ``ctx.rng``."""
    base = ctx.rng.getrandbits(64)
    ctx.shared["stream"] = lambda name: Random(f"{base}-{name}")


def stream(ctx: DemoContext, name: str) -> Random:
    """The random stream of one part of the demo (its own, so skipping another changes nothing)."""
    return ctx.shared["stream"](name)  # type: ignore[no-any-return]
