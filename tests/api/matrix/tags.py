"""Matrix rows of the tag actions on each tagged record: who may change the record may tag it."""

from __future__ import annotations

from typing import Any

from crm.tags.models import Tag, tag_key
from tests.api.matrix.cases import WRITE, Case, v1
from tests.api.world import World

# (basename, URL prefix, the Side attribute of the record)
TAGGED = [
    ("organisation", "organisations", "organisation"),
    ("person", "people", "person"),
    ("interaction", "interactions", "interaction"),
    ("event", "events", "event"),
    ("partnership", "partnerships", "partnership"),
]


def _adding(prefix: str, attribute: str) -> Any:
    def build(world: World, side: str) -> tuple[str, dict[str, Any]]:
        record = getattr(world.side(side), attribute)
        return v1(f"{prefix}/{record.pk}/tags/"), {"name": "Dobra praktyka"}

    return build


def _removing(prefix: str, attribute: str) -> Any:
    def build(world: World, side: str) -> tuple[str, dict[str, Any]]:
        record = getattr(world.side(side), attribute)
        tag, _ = Tag.objects.get_or_create(
            key=tag_key("Do zdjęcia"), defaults={"name": "Do zdjęcia"}
        )
        record.tags.add(tag)
        return v1(f"{prefix}/{record.pk}/tags/remove/"), {"name": "do zdjecia"}

    return build


TAGS: dict[tuple[str, str], Case] = {}
for basename, prefix, attribute in TAGGED:
    TAGS[(f"{basename}-tags-add", "post")] = Case(WRITE, _adding(prefix, attribute))
    TAGS[(f"{basename}-tags-remove", "post")] = Case(WRITE, _removing(prefix, attribute), ok=200)
