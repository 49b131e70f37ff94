"""Every capability in accounts/roles.py is checked somewhere, and the dashboard offers a page
only to roles that page lets in."""

import ast
from pathlib import Path

from django.urls import resolve

import innspill
from innspill.accounts.dashboard import SECTIONS
from innspill.accounts.roles import ADMIN, CAPABILITIES, MINISTRY, RESEARCHER, SECRETARIAT

SRC = Path(innspill.__file__).parent
# Not a use: where capabilities are declared, and the dashboard that only shows links by them.
DECLARING = {SRC / "accounts" / "roles.py", SRC / "accounts" / "dashboard.py"}


def string_constants(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    }


def test_every_capability_is_checked_by_a_view_or_service():
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        if path not in DECLARING and "migrations" not in path.parts:
            used |= string_constants(path) & set(CAPABILITIES)
    assert set(CAPABILITIES) - used == set()


def test_least_privilege_for_survey_answers_and_other_peoples_tasks():
    assert CAPABILITIES["surveys.answers"] == {ADMIN, SECRETARIAT}
    assert CAPABILITIES["tasks.view_all"] == {ADMIN, SECRETARIAT}
    assert CAPABILITIES["archive.export_all"] == {ADMIN, SECRETARIAT, RESEARCHER}
    assert MINISTRY in CAPABILITIES["followup.respond"]


def test_a_dashboard_link_is_shown_only_to_roles_its_page_lets_in():
    checked = 0
    for section in SECTIONS:
        for link in section.links:
            view = resolve(link.url).func
            page_capability = getattr(view, "capability", None)
            if page_capability is not None:  # None: a public page
                assert CAPABILITIES[link.capability] <= CAPABILITIES[page_capability], link
                checked += 1
    assert checked >= 8
