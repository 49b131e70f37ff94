"""Writes to cycles: the one place a cycle is created."""

from __future__ import annotations

from typing import Any

from innspill.cycles.models import Cycle

# The conference's own name, stored as data in the language it is held in (like the titles
# read from its reports), so a cycle created under another interface language is the same row.
DEFAULT_TITLE = "Den nasjonale integreringskonferansen {year}"


def default_cycle_title(year: int) -> str:
    return DEFAULT_TITLE.format(year=year)


def cycle_get_or_create(*, year: int, title: str = "", theme: str = "", by: Any = None) -> Cycle:
    """The cycle of `year`, created with `title` (or the conference's name) and `theme` if missing.

    An existing cycle is returned unchanged. `by` is accepted for the service signature; creation
    is recorded by the cycle's own history.
    """
    cycle, _created = Cycle.objects.get_or_create(
        year=year,
        defaults={"title": (title or default_cycle_title(year))[:300], "theme": theme[:300]},
    )
    return cycle
