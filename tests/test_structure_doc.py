"""docs/structure.md stays true: every app is described and the apps import in the order drawn."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "innspill"
DOC = ROOT / "docs" / "structure.md"

# The diagram in docs/structure.md, bottom to top; apps on one line are peers.
LAYERS = [
    {"common"},
    {"limits"},
    {"accounts"},
    {"cycles", "organisations"},
    {"conferences"},
    {"archive", "inputs"},
    {"followups"},
    {"practices"},
    {"api"},
    {"registrations"},
    {"capture"},
    {"meetings"},
    {"surveys"},
    {"rounds"},
    {"reports"},
    {"demo"},
]
PURE = {"analysis", "documents"}
# the exceptions the document names
UPWARD = {
    ("archive", "inputs"),
    ("inputs", "archive"),
    ("accounts", "inputs"),
    ("archive", "followups"),  # input pages and «Går igjen» show each demand's follow-up
    ("inputs", "followups"),  # `recurring --json` prints each cluster's follow-up key
    ("followups", "registrations"),  # participants' digest of their session's follow-up
    ("archive", "practices"),  # an input's page shows «Slik gjør andre det»
}


def _apps() -> set[str]:
    return {p.parent.name for p in SRC.glob("*/__init__.py")}


def _app_imports(app: str) -> set[str]:
    found = set()
    for path in (SRC / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            found |= {n.split(".")[1] for n in names if n.startswith("innspill.") and "." in n}
    return found - {app}


def test_every_app_is_described():
    text = DOC.read_text(encoding="utf-8")
    described = set(re.findall(r"^\| `(\w+)` \|", text, flags=re.M))
    assert _apps() - described == set()


def test_the_layers_list_every_django_app():
    assert set().union(*LAYERS) == _apps() - PURE


def test_apps_import_only_the_layers_below():
    rank = {app: level for level, apps in enumerate(LAYERS) for app in apps}
    upward = sorted(
        (app, target)
        for app in rank
        for target in _app_imports(app) - PURE
        if target in rank and rank[target] >= rank[app] and (app, target) not in UPWARD
    )
    assert upward == []
