"""The floors of the project hold: imports point downwards, also when they go by name.

    top      crm/top/          may read every app (dashboard, imports, monitoring, demo)
    apps     networks/         stands on interactions, contacts and the ground
             interactions/     stands on contacts and the ground
             contacts/         stands on the ground
    ground   crm/ (not top/)   territory, access, audit, users and the shared toolkits

``config/`` wires every floor and stands above them all. An import counts wherever it is
written (inside a function too), and so does naming an app's model: ``apps.get_model("networks",
"Network")``, ``"networks.Membership"`` in a relation or a label comparison. A new upward
reference fails here with the file, the line and the rule it breaks.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
PACKAGES = ("config", "crm", "contacts", "interactions", "networks")

# What each floor may import besides itself (and Django, the libraries, the standard library).
MAY_IMPORT: dict[str, frozenset[str]] = {
    "ground": frozenset({"ground"}),
    "contacts": frozenset({"ground", "contacts"}),
    "interactions": frozenset({"ground", "contacts", "interactions"}),
    "networks": frozenset({"ground", "contacts", "interactions", "networks"}),
    "top": frozenset({"ground", "contacts", "interactions", "networks", "top"}),
    "config": frozenset({"ground", "contacts", "interactions", "networks", "top", "config"}),
}
RULES = {
    "ground": "the ground floor (crm/ outside crm/top/) imports no app and not crm.top",
    "contacts": "contacts imports neither networks, interactions nor the top floor (crm.top)",
    "interactions": "interactions imports neither networks nor the top floor (crm.top)",
    "networks": "networks does not import the top floor (crm.top)",
    "top": "the top floor does not import config",
    "config": "",
}


def floor_of_module(name: str) -> str | None:
    """The floor of a dotted module name, or None for Django, libraries and the stdlib."""
    first = name.split(".")[0]
    if first == "crm":
        return "top" if name == "crm.top" or name.startswith("crm.top.") else "ground"
    if first in ("contacts", "interactions", "networks", "config"):
        return first
    return None


def floor_of_app_label(label: str) -> str | None:
    try:
        config = apps.get_app_config(label)
    except LookupError:
        return None
    return floor_of_module(config.name)


def _model_label_floor(text: str) -> str | None:
    """``"networks.Membership"`` or ``"networks.membership"`` → the floor of that model's app;
    None for any other text (capabilities like ``"imports.run"`` name no model)."""
    label, dot, model = text.partition(".")
    if not dot or "." in model or not model.isidentifier():
        return None
    floor = floor_of_app_label(label)
    if floor is None:
        return None
    try:
        apps.get_model(label, model)
    except LookupError:
        return None
    return floor


@dataclass(frozen=True)
class Reference:
    path: Path
    line: int
    target: str  # what is referred to, as written
    floor: str


def _resolve_relative(path: Path, module: str | None, level: int) -> str:
    # ``a/b/c.py`` and ``a/b/__init__.py`` both import relative to the package ``a.b``.
    package = list(path.relative_to(BASE_DIR).with_suffix("").parts)[:-1]
    base = package[: len(package) - (level - 1)] if level > 1 else package
    return ".".join([*base, *([module] if module else [])])


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings (they may mention anything)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.add(id(value))
    return found


def references(path: Path) -> list[Reference]:
    """Every import of a project module and every model named by its app label in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    in_migration = "migrations" in path.parts
    skip = _docstrings(tree)
    found: list[Reference] = []

    def add(node: ast.AST, target: str, floor: str | None) -> None:
        if floor is not None:
            found.append(Reference(path, getattr(node, "lineno", 0), target, floor))

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(node, alias.name, floor_of_module(alias.name))
        elif isinstance(node, ast.ImportFrom):
            module = _resolve_relative(path, node.module, node.level) if node.level else node.module
            if module:
                add(node, module, floor_of_module(module))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get_model"
        ):
            texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if texts and isinstance(texts[0], str):
                label = texts[0].split(".")[0]
                add(node, f"get_model({', '.join(map(repr, texts))})", floor_of_app_label(label))
        elif (
            not in_migration
            and isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skip
        ):
            add(node, repr(node.value), _model_label_floor(node.value))
    return found


def project_files() -> list[Path]:
    files: list[Path] = []
    for package in PACKAGES:
        files.extend(p for p in (BASE_DIR / package).rglob("*.py") if "__pycache__" not in p.parts)
    return sorted(files)


def floor_of_file(path: Path) -> str:
    module = ".".join(path.relative_to(BASE_DIR).with_suffix("").parts)
    floor = floor_of_module(module)
    assert floor is not None, path
    return floor


def violations(paths: list[Path]) -> list[str]:
    problems = []
    for path in paths:
        floor = floor_of_file(path)
        for ref in references(path):
            if ref.floor not in MAY_IMPORT[floor]:
                problems.append(
                    f"{path.relative_to(BASE_DIR)}:{ref.line}: {ref.target} reaches up to "
                    f"{ref.floor} — {RULES[floor]}"
                )
    return problems


def test_every_import_and_model_name_points_down_a_floor() -> None:
    problems = violations(project_files())
    assert not problems, "Upward references:\n" + "\n".join(problems)


def test_the_check_sees_imports_inside_functions_get_model_and_model_labels(
    tmp_path: Path,
) -> None:
    """The checker itself: each way of reaching up is caught, and a capability is not."""
    sample = BASE_DIR / "contacts" / "_layering_sample.py"
    sample.write_text(
        '"""Mentions networks.Membership in a docstring: fine."""\n'
        "from django.apps import apps\n"
        "CAPABILITY = 'imports.run'\n"
        "def f():\n"
        "    from networks.models import Network\n"
        "    apps.get_model('interactions', 'Interaction')\n"
        "    return 'networks.Membership'\n",
        encoding="utf-8",
    )
    try:
        problems = violations([sample])
    finally:
        sample.unlink()
    assert [p.split(": ")[0] for p in problems] == [
        "contacts/_layering_sample.py:5",
        "contacts/_layering_sample.py:6",
        "contacts/_layering_sample.py:7",
    ]
    assert all(RULES["contacts"] in p for p in problems)


def test_the_floors_match_the_folders() -> None:
    assert floor_of_module("crm.access") == "ground"
    assert floor_of_module("crm.top.imports.services") == "top"
    assert floor_of_app_label("imports") == "top"
    assert floor_of_app_label("monitoring") == "top"
    assert floor_of_app_label("crm") == "ground"
    assert floor_of_module("django.db") is None
