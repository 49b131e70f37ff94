"""pyproject.toml and requirements.lock pin the same versions (`make` installs the lock)."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.split(r"[\[=<>~ ]", requirement, maxsplit=1)[0]).lower()


def _pins(lines: list[str]) -> dict[str, str]:
    pins = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            requirement, version = line.split("==")
            pins[_name(requirement)] = version
    return pins


def test_every_direct_dependency_is_pinned_alike_in_the_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    direct = _pins(project["dependencies"] + project["optional-dependencies"]["dev"])
    locked = _pins((ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines())
    assert {name: locked.get(name) for name in direct} == direct


def test_dropped_dependencies_stay_out():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    locked = _pins((ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines())
    product = _pins(project["dependencies"])
    assert {"snowballstemmer", "factory-boy", "faker"} & locked.keys() == set()
    assert "psutil" not in product  # benchmarks only: the dev extra
    assert "psutil" in locked  # ... which the lock `make bench` uses still holds
