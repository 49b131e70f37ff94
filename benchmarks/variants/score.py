"""Score one parsed variant against its truth: input F1 and field accuracy.

Inputs are matched one to one by normalised text: lower case, and only letters and digits
kept (so whitespace, line breaks, hyphens from word division — «integrerings-minister» and
«integreringsminister» — quotes and bullets do not count). Equal normalised texts match
first; the rest pair off greedily when difflib's ratio on the normalised texts is at least
0.9, which forgives a few OCR-misread letters in a long input but not a truncated or merged
one (an input cut in half scores 0.67).

Fields are right when equal after the same normalisation: year, title (the cover's title;
the subtitle «Rapport» after it may be read with it), venue, date, kind, each session's
leader (the name, taken from the first session found with that number; the office is
counted apart, as information, and so is whether the sessions found are exactly the
report's, by number and order), and each evaluation figure
(measure, subject, value or min/max, and the sessions a group figure covers, all equal to
one figure of `ParsedReport.evaluation.figures`). The generator states figures so:

* «58 % av deltakerne besvarte evalueringen», «Svarprosenten var 58 prosent»:
  `response_rate`, subject `overall`;
* «92 % var fornøyd med konferansen samlet sett / som helhet»: `satisfied`, `overall`;
* «Mellom 55 og 90 % var fornøyd med innleggene», «… varierte mellom 55 og 90 prosent»:
  `satisfied`, `talks`, min 55, max 90; «81 % var fornøyd med plenumsdelen»: `plenary`;
* «For sesjon 1–4 var 78 % fornøyd, og for sesjon 5–8 var 81 % fornøyd»: two figures,
  `satisfied`, `sessions`, sessions [1, 2, 3, 4] and [5, 6, 7, 8];
  «76 % var fornøyd med parallellsesjonen de deltok i»: `sessions` for every session
  (sessions [] or all of them both count);
* «88 % ønsker å delta på neste års konferanse, og 7 % svarte kanskje»: `attend_next_year`
  and `maybe_next_year`, subject `overall`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from benchmarks.variants.content import Truth
from innspill.documents.model import Figure, ParsedReport, Session

FUZZY = 0.9


def norm(text: str | None) -> str:
    return re.sub(r"[\W_]+", "", (text or "").casefold())


def match_count(truth: list[str], found: list[str]) -> int:
    """How many truth texts find a partner among the found ones (one to one)."""
    left = [norm(t) for t in truth]
    right = [norm(f) for f in found]
    pool: dict[str, int] = {}
    for text in right:
        pool[text] = pool.get(text, 0) + 1
    matched = 0
    rest: list[str] = []
    for text in left:
        if pool.get(text):
            pool[text] -= 1
            matched += 1
        else:
            rest.append(text)
    remaining = [text for text, count in pool.items() for _ in range(count)]
    for text in rest:
        best, best_ratio = None, FUZZY
        for index, other in enumerate(remaining):
            matcher = difflib.SequenceMatcher(None, text, other)
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio >= best_ratio:
                best, best_ratio = index, ratio
        if best is not None:
            remaining.pop(best)
            matched += 1
    return matched


def f1(truth: list[str], found: list[str]) -> tuple[float, float, float]:
    """Precision, recall and F1 of `found` against `truth`."""
    hits = match_count(truth, found)
    precision = hits / len(found) if found else (1.0 if not truth else 0.0)
    recall = hits / len(truth) if truth else 1.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, score


def _figure_key(figure: Figure) -> tuple:
    return (
        figure.measure,
        figure.subject,
        figure.value,
        figure.min,
        figure.max,
        tuple(sorted(figure.sessions)),
    )


@dataclass
class Score:
    precision: float
    recall: float
    f1: float
    inputs: int
    found: int
    fields: dict[str, bool] = field(default_factory=dict)
    offices_right: int = 0
    offices: int = 0
    tips_recall: float = 0.0
    sessions_right: bool = False  # the sessions found are the report's, no more, no fewer

    @property
    def fields_right(self) -> int:
        return sum(self.fields.values())

    @property
    def wrong(self) -> list[str]:
        return [name for name, right in self.fields.items() if not right]


def score(truth: Truth, parsed: ParsedReport, *, offices: bool = True) -> Score:
    """Input F1 and every field of `parsed` against `truth`; `offices`: the layout names them."""
    found = [item.text for item in parsed.inputs]
    precision, recall, value = f1(truth.inputs, found)
    result = Score(precision, recall, value, len(truth.inputs), len(found))
    title = norm(parsed.title)
    result.fields["year"] = parsed.year == truth.year
    result.fields["title"] = title in {norm(truth.title), norm(truth.title + " rapport")}
    result.fields["venue"] = norm(parsed.facts.venue) == norm(truth.venue)
    result.fields["date"] = norm(parsed.facts.date) == norm(truth.date)
    result.fields["kind"] = parsed.kind == truth.kind
    by_number: dict[int, Session] = {}
    for session in parsed.sessions:
        by_number.setdefault(session.number, session)  # a later namesake is a phantom
    result.sessions_right = [s.number for s in parsed.sessions] == [
        s.number for s in truth.sessions
    ]
    for session in truth.sessions:
        got = by_number.get(session.number)
        result.fields[f"leader {session.number}"] = got is not None and norm(got.leader) == norm(
            session.leader
        )
        if offices:
            result.offices += 1
            result.offices_right += got is not None and norm(got.leader_role) == norm(
                session.office
            )
    figures = [_figure_key(figure) for figure in parsed.evaluation.figures]
    every = tuple(range(1, len(truth.sessions) + 1))
    for figure in truth.figures:
        keys = [_figure_key(figure)]
        if figure.subject == "sessions" and not figure.sessions:
            keys.append((*keys[0][:-1], every))  # «the session they were in»: all of them
        label = f"figure {figure.measure}/{figure.subject}"
        if figure.sessions:
            label += f" {figure.sessions[0]}–{figure.sessions[-1]}"
        hit = next((key for key in keys if key in figures), None)
        result.fields[label] = hit is not None
        if hit is not None:
            figures.remove(hit)
    tips = [item for group in parsed.tips for item in group.items]
    truth_tips = [item for group in truth.tips for item in group.inputs]
    result.tips_recall = match_count(truth_tips, tips) / len(truth_tips)
    return result
