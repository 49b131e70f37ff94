"""«Hva har skjedd siden sist»: the report chapter drafted from the follow-up of earlier cycles."""

from __future__ import annotations

import re
from typing import Any

from innspill.cycles.models import Cycle
from innspill.documents import render as r
from innspill.followups.clusters import cluster_of
from innspill.followups.models import FollowUp
from innspill.inputs.models import Status

HEADING = "Hva har skjedd siden sist"
SHOWN = 30  # per list; the public follow-up page has the rest


def _short(text: str, words: int = 30) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _demand(f: FollowUp) -> tuple[int, str]:
    return (f.owner_id, f.cluster_key or f"input:{f.input_id}")


def _distinct(followups: list[FollowUp], *, skip: set[tuple[int, str]]) -> list[FollowUp]:
    """One entry per demand and owner: a cluster assigned as a whole is answered once."""
    seen = set(skip)
    out = []
    for f in followups:
        if _demand(f) not in seen:
            seen.add(_demand(f))
            out.append(f)
    return out


def since_last_section(cycle: Cycle, *, numbered_from: int | None = None) -> r.Section | None:
    """The chapter for `cycle` from earlier years' follow-up; None when nothing was followed up."""
    followups = list(
        FollowUp.objects.filter(input__year__lt=cycle.year, input__status=Status.PUBLISHED)
        .select_related("input", "owner")
        .order_by("-answered_on", "input__year", "input_id", "owner__short_name")
    )
    if not followups:
        return None
    answered = _distinct([f for f in followups if f.is_answered], skip=set())
    # A cluster answered through any of its inputs is not also listed as open.
    still_open = _distinct(
        [f for f in followups if not f.is_answered], skip={_demand(f) for f in answered}
    )
    again = [f for f in still_open if _raised_in(f.input_id, cycle.year)]
    years = sorted({f.input.year for f in followups})
    span = f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}"
    blocks: list[Any] = [
        r.Paragraph.plain(
            f"Innspill fra {span} er sendt til departementer og etater for oppfølging. "
            f"{len(answered)} krav er besvart, {len(still_open)} er fortsatt åpne."
        )
    ]
    if answered:
        blocks.append(
            r.bullets(
                [
                    f"{f.owner.short_name} {f.answered_on.year if f.answered_on else ''}: "
                    f"{f.get_status_display().lower()} – {f.answer} "
                    f"(innspill fra {f.input.year}: «{_short(f.input.text)}»)"
                    for f in answered[:SHOWN]
                ],
                heading="Besvart",
            )
        )
    if still_open:
        blocks.append(
            r.bullets(
                [
                    f"«{_short(f.input.text)}» ({f.input.year}) – hos {f.owner.short_name}, "
                    f"{f.get_status_display().lower()}"
                    for f in still_open[:SHOWN]
                ],
                heading="Fortsatt åpent",
            )
        )
    if again:
        blocks.append(
            r.bullets(
                [
                    f"«{_short(f.input.text)}» ({f.input.year}, hos {f.owner.short_name})"
                    for f in again[:SHOWN]
                ],
                heading=f"Åpne krav som ble tatt opp igjen i {cycle.year}",
            )
        )
    heading = HEADING if numbered_from is None else f"{numbered_from}. {HEADING}"
    return r.Section(heading=heading, level=1, blocks=blocks)


def _raised_in(input_id: int, year: int) -> bool:
    cluster = cluster_of(input_id)
    return cluster is not None and year in cluster.by_year


def add_since_last(document: r.ReportDocument, cycle: Cycle) -> None:
    """Append the chapter to a drafted report, numbered like the report's own chapters."""
    numbers = [
        int(m.group(1))
        for s in document.sections
        if s.level == 1 and (m := re.match(r"^(\d+)\. ", s.heading))
    ]
    section = since_last_section(cycle, numbered_from=max(numbers) + 1 if numbers else None)
    if section is not None:
        document.sections.append(section)
