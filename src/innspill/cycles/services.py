"""Writes to cycles: the one place a cycle is created or changed, its phases' dates set and its
evaluation figures stored."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import transaction

from innspill.accounts.roles import require
from innspill.common.models import audit
from innspill.cycles.models import Cycle, CyclePhase, EvaluationResult, PhaseKey, QuestionRound
from innspill.documents.figures import figures_clean, overall_values
from innspill.documents.model import Figure

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


def question_round_get_or_create(*, cycle: Cycle, title: str, by: Any = None) -> QuestionRound:
    """The cycle's question round called `title`, created without fixed questions if missing.

    An imported input report files its answers here; its chapters (the questions) stay the
    inputs' headings. Recorded by the import's own audit event, as cycles are.
    """
    question_round, _created = QuestionRound.objects.get_or_create(cycle=cycle, title=title[:300])
    return question_round


@transaction.atomic
def cycle_create(
    *, year: int, title: str, theme: str = "", description: str = "", by: Any
) -> Cycle:
    """Create a cycle from the staff pages (the title defaults to the conference's name); audited."""
    require(by, "cycles.manage")
    cycle = Cycle(
        year=year,
        title=(title or default_cycle_title(year))[:300],
        theme=theme[:300],
        description=description,
    )
    cycle.full_clean()
    cycle.save()
    audit(action="cycle.create", target=str(cycle.pk), details={"year": year}, by=by)
    return cycle


@transaction.atomic
def cycle_update(*, cycle: Cycle, by: Any, **fields: Any) -> Cycle:
    """Change a cycle's title, theme or description; audited with the fields that changed.

    The year stays: it names the cycle, and inputs and imports find their cycle by it.
    """
    require(by, "cycles.manage")
    if fields.get("year", cycle.year) != cycle.year:
        raise ValueError("a cycle's year is not changed")
    stored = Cycle.objects.filter(pk=cycle.pk).values(*fields).first() or {}
    changed = sorted(name for name, value in fields.items() if stored.get(name) != value)
    for name, value in fields.items():
        setattr(cycle, name, value)
    cycle.full_clean()
    cycle.save()
    audit(action="cycle.update", target=str(cycle.pk), details={"fields": changed}, by=by)
    return cycle


@transaction.atomic
def cycle_phases_set(
    *, cycle: Cycle, phases: Mapping[str, tuple[date, date] | None], by: Any
) -> list[str]:
    """Set (or with None remove) the dates of a cycle's phases; returns the keys that changed.

    Keys not named are left as they are. Audited with the changed keys and their new dates.
    """
    require(by, "cycles.manage")
    stored = {p.key: p for p in cycle.phases.all()}
    changed: dict[str, list[str] | None] = {}
    for key, dates in phases.items():
        if key not in PhaseKey.values:
            raise ValueError(key)
        current = stored.get(key)
        if dates is None:
            if current is not None:
                current.delete()
                changed[key] = None
            continue
        starts_on, ends_on = dates
        if current is None:
            CyclePhase.objects.create(cycle=cycle, key=key, starts_on=starts_on, ends_on=ends_on)
        elif (current.starts_on, current.ends_on) != (starts_on, ends_on):
            current.starts_on, current.ends_on = starts_on, ends_on
            current.save(update_fields=["starts_on", "ends_on"])
        else:
            continue
        changed[key] = [starts_on.isoformat(), ends_on.isoformat()]
    if changed:
        audit(action="cycle.phases", target=str(cycle.pk), details={"phases": changed}, by=by)
    return sorted(changed)


def evaluation_result_store(
    *,
    cycle: Cycle,
    source: str,
    figures: Iterable[Mapping[str, Any] | Figure],
    suggestions: Iterable[str] = (),
    invited: int | None = None,
    respondents: int | None = None,
    by: Any = None,
) -> EvaluationResult:
    """Store a source's evaluation figures for `cycle`, replacing what that source stored before.

    The one write path for `EvaluationResult`: the figures are checked (`FigureError` names a
    bad one) and the four overall percentages derived from them. The callers (the report
    import, the survey's result) check permissions and write the audit event for their work.
    """
    cleaned = figures_clean(figures)
    result, _created = EvaluationResult.objects.update_or_create(
        cycle=cycle,
        source=source,
        defaults={
            "figures": cleaned,
            **overall_values(cleaned),
            "invited": invited,
            "respondents": respondents,
            "suggestions": [str(text) for text in suggestions],
        },
    )
    return result
