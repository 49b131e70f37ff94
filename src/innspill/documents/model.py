"""Plain dataclasses for a parsed report; `to_dict()` gives the `import_report --json` shape.

Choices the JSON consumer should know:
- percentages are ints (33, not "33 %"); `immigrant_share` is a float (22.85);
- every input carries `page` (1-based, None for text without pages) and `line` (1-based line
  in the page, or in the whole file for text) of its first line in the source;
- `kind` is one of `KINDS`; `kind_confidence`, `year_confidence`, the values of `confidence`
  (per fact: title, venue, date, participants) and each session's `confidence` lie in 0..1,
  where 1 means the reader found one unambiguous statement and values under `UNSURE` are
  marked for review in the preview;
- `year_candidates` lists every year the reader considered with where it came from
  (`cover`, `title`, `file_name`, `date`); when two sources disagree the preview asks;
- `evaluation.figures` states each figure as the report does: one `value`, or a range as
  `min`/`max`, for the subject it names (`overall`, `plenary`, `talk`, `talks`, `session`,
  `sessions`, `other`) and, for sessions, the `sessions` it covers (`[1, 2, 3, 4]` for a
  figure given for «sesjon 1–4», `[]` for the sessions together); `label` holds the words that
  name the subject («sesjon 1–4», «innlegget til Erna Solberg»), `qualifier` a word the report
  puts before the figure («nær» 90 %); nothing is split into figures the report did not give.
  `documents.figures` checks this shape (`figures_clean`). The evaluation's scalars
  (`response_rate`, `satisfied_overall`, `would_attend_next_year`, `maybe_next_year`) are the
  single overall figures among them, kept for the year-by-year table; the import derives them
  from `figures` again, so an edited figure is the one that counts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass
class Facts:
    venue: str | None = None
    date: str | None = None
    participants: int | None = None
    parallel_sessions: int | None = None
    social_gathering: bool | None = None
    focus: str | None = None


KINDS = ("conference_report", "input_report", "practices", "other")
UNSURE = 0.7  # below this a value is marked for review


@dataclass
class TipGroup:
    topic: str
    items: list[str] = field(default_factory=list)


@dataclass
class Talk:
    title: str
    speaker: str | None = None
    role: str | None = None
    text: str = ""


@dataclass
class Input:
    text: str
    group: str | None = None
    page: int | None = None
    line: int | None = None


@dataclass
class Session:
    number: int
    title: str
    leader: str | None = None
    leader_role: str | None = None
    questions: list[str] = field(default_factory=list)
    inputs: list[Input] = field(default_factory=list)
    confidence: float = 1.0
    page: int | None = None


@dataclass
class Summary:
    leader: str | None
    items: list[str] = field(default_factory=list)
    leader_role: str | None = None
    session: int | None = None


@dataclass
class Figure:
    """One evaluation figure as the report states it (a percentage, or a range of them)."""

    # satisfied (svært fornøyd eller fornøyd), very_satisfied, response_rate,
    # attend_next_year, maybe_next_year
    measure: str
    subject: str = "overall"  # overall, plenary, talk, talks, session, sessions, other
    value: int | None = None
    min: int | None = None
    max: int | None = None
    sessions: list[int] = field(default_factory=list)
    label: str = ""  # the words that name the subject as the report writes them («sesjon 1–4»)
    page: int | None = None
    qualifier: str = ""  # «nær», «over», «om lag» … as the report says it

    def to_dict(self) -> dict[str, Any]:
        """The plain dict stored and edited (`EvaluationResult.figures`, the import preview)."""
        return asdict(self)


@dataclass
class YearCandidate:
    year: int
    source: str  # cover, title, file_name, date
    text: str = ""


@dataclass
class Evaluation:
    response_rate: int | None = None
    satisfied_overall: int | None = None
    would_attend_next_year: int | None = None
    maybe_next_year: int | None = None
    suggestions: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


@dataclass
class MunicipalityFacts:
    inhabitants: int | None = None
    inhabitants_date: str | None = None  # as the source writes it, e.g. «1.1.2019»
    immigrants: int | None = None
    immigrant_share: float | None = None
    nationalities: int | None = None


@dataclass
class Practice:
    title: str
    municipality: str | None = None
    facts: MunicipalityFacts = field(default_factory=MunicipalityFacts)
    measures: list[str] = field(default_factory=list)
    text: str = ""
    page: int | None = None
    line: int | None = None


@dataclass
class Selection:
    organisation_type: str
    contacted: int | None = None
    answered: int | None = None


@dataclass
class ParsedReport:
    kind: str
    year: int | None = None
    title: str = ""
    source_name: str = ""
    facts: Facts = field(default_factory=Facts)
    tips: list[TipGroup] = field(default_factory=list)
    talks: list[Talk] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    summaries: list[Summary] = field(default_factory=list)
    evaluation: Evaluation = field(default_factory=Evaluation)
    practices: list[Practice] = field(default_factory=list)
    selection: list[Selection] = field(default_factory=list)
    recurring: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kind_confidence: float = 1.0
    year_confidence: float = 1.0
    year_candidates: list[YearCandidate] = field(default_factory=list)
    confidence: dict[str, float] = field(default_factory=dict)

    @property
    def inputs(self) -> list[Input]:
        """Every participant input of every session, in document order."""
        return [item for session in self.sessions for item in session.inputs]

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready structure `import_report --json` prints."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ParsedReport:
        """The report back from `to_dict()` output (stored, or edited in a preview); unknown keys are ignored."""
        return cls(**_known(cls, data, nested=_NESTED))


def _known(cls: type, data: dict[str, Any] | None, nested: dict[str, Any] | None = None) -> dict:
    """`data`'s keys that are fields of `cls`, with nested dataclasses and lists of them rebuilt."""
    names = {f.name for f in fields(cls)}
    if cls is TipGroup and data and "heading" in data and "topic" not in data:
        data = {**data, "topic": data["heading"]}  # drafts stored before the rename
    out: dict[str, Any] = {}
    for key, value in (data or {}).items():
        if key not in names:
            continue
        spec = (nested or {}).get(key)
        if spec is None or value is None:
            out[key] = value
        elif isinstance(spec, list):
            item_cls, item_nested = spec[0]
            out[key] = [
                item_cls(**_known(item_cls, item, item_nested)) if isinstance(item, dict) else item
                for item in value
            ]
        else:
            item_cls, item_nested = spec
            out[key] = item_cls(**_known(item_cls, value, item_nested))
    return out


# field name -> (dataclass, its nested spec); a list means a list of them
_NESTED: dict[str, Any] = {
    "facts": (Facts, None),
    "tips": [(TipGroup, None)],
    "year_candidates": [(YearCandidate, None)],
    "talks": [(Talk, None)],
    "sessions": [(Session, {"inputs": [(Input, None)]})],
    "summaries": [(Summary, None)],
    "evaluation": (Evaluation, {"figures": [(Figure, None)]}),
    "practices": [(Practice, {"facts": (MunicipalityFacts, None)})],
    "selection": [(Selection, None)],
}
