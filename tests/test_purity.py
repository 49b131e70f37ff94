"""The pure packages never import Django: they must run and be benchmarked alone."""

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
