"""The import layers: pure packages never import Django, common imports no app, no import loops."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "innspill"


@pytest.mark.parametrize("package", ["analysis", "documents"])
def test_pure_package_has_no_django_import(package):
    offenders = []
    for path in (SRC / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.relative_to(SRC)}: {n}" for n in names if n.split(".")[0] == "django"
            ]
            offenders += [
                f"{path.relative_to(SRC)}: {n}"
                for n in names
                if n.startswith("innspill.") and n.split(".")[1] not in {"analysis", "documents"}
            ]
    assert offenders == []


def test_pure_packages_import_without_django_loaded():
    code = (
        "import sys, pkgutil, importlib, innspill.analysis, innspill.documents\n"
        "for pkg in (innspill.analysis, innspill.documents):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "print('django' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, at any depth (a function-local import is still a dependency)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import loop in `graph` (as a path that returns to its start), or []."""
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    path: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[module] = 2
        return []

    for module in sorted(graph):
        if module not in state and (found := visit(module)):
            return found
    return []


def test_no_import_loops():
    modules = {
        _module_name(path): path for path in SRC.rglob("*.py") if "migrations" not in path.parts
    }
    # a task module is the one allowed way back: services enqueue tasks, tasks run services
    graph = {
        name: set() if name.endswith(".tasks") else (_imports(path) & modules.keys()) - {name}
        for name, path in modules.items()
    }
    assert _cycle(graph) == []


def test_the_loop_finder_finds_a_loop():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycle(graph) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


# common is the bottom layer of the Django apps: base templates, the clock, mail, audit events.
# The task views and the warm-up still reach up into accounts and archive until the task queue
# and the stored recurrence results replace them (issue 12, items 2 and 3).
COMMON_NOT_YET: set[str] = set()


def test_common_imports_no_app():
    common = SRC / "common"
    offenders = []
    for path in sorted(common.rglob("*.py")):
        if path.name in COMMON_NOT_YET or "migrations" in path.parts:
            continue
        for name in _imports(path):
            if name.startswith("innspill.") and not name.startswith("innspill.common"):
                offenders.append(f"{path.relative_to(SRC)}: {name}")
    assert offenders == []
