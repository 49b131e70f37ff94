"""Report builders: plain data in, a `ReportDocument` with the published reports' structure out.

The headings follow the published conference reports (see the 2017 report) so that our own
importer reads a generated PDF back: «Parallellsesjon N <title>», «Ved <role> <leader>»,
«Innspill fra deltakerne», group headings and «•» bullets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from innspill.documents.render.charts import (
    SATISFACTION_LEVELS,
    intent_chart,
    per_year_chart,
    satisfaction_chart,
    themes_per_year_chart,
)
from innspill.documents.render.model import (
    Block,
    BulletList,
    Paragraph,
    Quote,
    ReportDocument,
    Section,
    Span,
    Table,
    bullets,
    format_number,
    paragraph,
)

TIPS_HEADING = "Oppfordringer og tips fra innledere og deltakere"
TALKS_HEADING = "Referatsamling"
SESSIONS_HEADING = "Parallellsesjoner"
INPUTS_HEADING = "Innspill fra deltakerne"
QUESTIONS_LEAD = "Spørsmål til diskusjon:"
SUMMARIES_HEADING = "Oppsummering fra sesjonene"
EVALUATION_HEADING = "Evaluering av konferansen"
SUGGESTIONS_LEAD = (
    "I kommentarfeltet kom det blant annet frem følgende forslag for fremtidig konferanse:"
)
POSITIVE_LEVELS = ("Svært fornøyd", "Fornøyd")


@dataclass
class ConferenceFacts:
    """What the introduction says about the conference."""

    name: str
    year: int
    date: str = ""
    venue: str = ""
    participants: int | None = None
    introduction: list[str] = field(default_factory=list)  # paragraphs, safe markup


@dataclass
class TipGroup:
    heading: str
    items: list[str]


@dataclass
class Talk:
    title: str
    speaker: str = ""
    summary: list[str] = field(default_factory=list)  # paragraphs, safe markup
    quotes: list[str] = field(default_factory=list)


@dataclass
class SessionInput:
    text: str
    group: str = ""


@dataclass
class Session:
    number: int
    title: str
    leader: str = ""
    leader_role: str = ""
    introduction: list[str] = field(default_factory=list)  # paragraphs, safe markup
    questions: list[str] = field(default_factory=list)
    inputs: list[SessionInput] = field(default_factory=list)


@dataclass
class SessionSummary:
    number: int
    leader: str = ""
    leader_role: str = ""
    paragraphs: list[str] = field(default_factory=list)  # safe markup


@dataclass
class Evaluation:
    """Survey figures: counts per answer, so shares are computed in one place."""

    respondents: int = 0
    invited: int = 0
    satisfaction: dict[str, dict[str, int]] = field(default_factory=dict)
    intent: dict[str, int] = field(default_factory=dict)  # ja / kanskje / nei
    suggestions: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)  # staff's own text, safe markup
    # which `satisfaction` questions are about talks and which about sessions; the first
    # question is read as the overall one
    talk_questions: list[str] = field(default_factory=list)
    session_questions: list[str] = field(default_factory=list)
    # earlier years' key figures (year → measure → percent), e.g. from imported reports;
    # measures are the keys `evaluation_figures` returns
    history: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass
class ConferenceReportData:
    facts: ConferenceFacts
    tips: list[TipGroup] = field(default_factory=list)
    talks: list[Talk] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    summaries: list[SessionSummary] = field(default_factory=list)
    evaluation: Evaluation | None = None


@dataclass
class SelectionRow:
    """One kind of actor in the input report's selection table."""

    kind: str
    contacted: int
    answered: int
    names: list[str] = field(default_factory=list)
    singular: str = ""  # «kommune» for «1 kommune»; the plural `kind` when not known


@dataclass
class RecurringInput:
    text: str
    count: int


@dataclass
class QuestionInputs:
    question: str
    inputs: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)  # paragraphs, safe markup
    # answers grouped by theme (theme → answers), after the ungrouped `inputs`
    groups: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class GoodExample:
    title: str
    text: str


@dataclass
class InputReportData:
    title: str
    year: int
    summary: list[str] = field(default_factory=list)
    background: list[str] = field(default_factory=list)
    selection: list[SelectionRow] = field(default_factory=list)
    recurring: list[RecurringInput] = field(default_factory=list)
    per_question: list[QuestionInputs] = field(default_factory=list)
    good_examples: list[GoodExample] = field(default_factory=list)
    theme_counts: dict[str, dict[str, int]] = field(default_factory=dict)  # theme → year → n


def _paragraphs(texts: Iterable[str]) -> list[Block]:
    return [paragraph(text) for text in texts if text.strip()]


def _percent(part: int, whole: int) -> str:
    return format_number(round(100 * part / whole), "%") if whole else "–"


def session_heading(session: Session) -> str:
    """«Parallellsesjon N <title>», the heading the importer looks for."""
    return f"Parallellsesjon {session.number} {session.title}".strip()


def session_leader_line(leader_role: str, leader: str) -> str:
    """«Ved <role> <leader>», the line under a session heading in the published reports.

    A role with an organisation («Statssekretær, Kunnskapsdepartementet») is written the way
    the reports write it, after the name: «Ved Statssekretær Ola Nordmann, Kunnskapsdepartementet».
    """
    title, comma, organisation = leader_role.partition(",")
    if comma and leader.strip() and organisation.strip():
        return f"Ved {title.strip()} {leader.strip()}, {organisation.strip()}"
    return " ".join(part for part in ("Ved", leader_role.strip(), leader.strip()) if part)


def grouped_inputs(inputs: Sequence[SessionInput]) -> list[BulletList]:
    """Inputs as bullet lists under their group headings, groups in first-seen order."""
    groups: dict[str, list[str]] = {}
    for item in inputs:
        groups.setdefault(item.group.strip(), []).append(item.text)
    # inputs without a group come first so they are not read as part of a titled group
    ordered = sorted(groups.items(), key=lambda pair: pair[0] != "")
    return [bullets(texts, heading=heading or None) for heading, texts in ordered]


def conference_report(data: ConferenceReportData) -> ReportDocument:
    """The conference report, in the order and with the headings of the published reports."""
    facts = data.facts
    sections: list[Section] = [_introduction(data)]
    if data.tips:
        sections.append(
            Section(
                heading=TIPS_HEADING,
                level=1,
                blocks=[bullets(group.items, heading=group.heading) for group in data.tips],
            )
        )
    if data.talks:
        sections.append(Section(heading=TALKS_HEADING, level=1, page_break_before=True))
        for talk in data.talks:
            blocks: list[Block] = []
            if talk.speaker:
                blocks.append(Paragraph.plain(talk.speaker))
            blocks.extend(Quote(text=quote) for quote in talk.quotes)
            blocks.extend(_paragraphs(talk.summary))
            sections.append(Section(heading=talk.title, level=2, blocks=blocks))
    if data.sessions:
        sections.append(Section(heading=SESSIONS_HEADING, level=1, page_break_before=True))
        for session in data.sessions:
            blocks = []
            if session.leader or session.leader_role:
                leader = session_leader_line(session.leader_role, session.leader)
                blocks.append(Paragraph.plain(leader))
            blocks.extend(_paragraphs(session.introduction))
            if session.questions:
                # paragraphs, not bullets: as in the published reports, a bullet in a session
                # is an input, and importers find the questions by their question marks
                blocks.append(Paragraph.plain(QUESTIONS_LEAD))
                blocks.extend(Paragraph.plain(question) for question in session.questions)
            sections.append(Section(heading=session_heading(session), level=2, blocks=blocks))
            if session.inputs:
                inputs: list[Block] = list(grouped_inputs(session.inputs))
                sections.append(Section(heading=INPUTS_HEADING, level=3, blocks=inputs))
    if data.summaries:
        sections.append(Section(heading=SUMMARIES_HEADING, level=1, page_break_before=True))
        for summary in data.summaries:
            heading = f"Tema {summary.number} {summary.leader_role} {summary.leader}"
            sections.append(
                Section(
                    heading=" ".join(heading.split()),
                    level=2,
                    blocks=_paragraphs(summary.paragraphs),
                )
            )
    if data.evaluation is not None:
        sections.append(_evaluation(data.evaluation, year=data.facts.year))
    return ReportDocument(
        title=f"{facts.name} {facts.year}".strip(),
        subtitle="Rapport",
        sections=sections,
        metadata={
            "description": f"Rapport fra {facts.name} {facts.year}",
            "keywords": "integreringskonferansen, innspill, rapport",
            "generator": "innspill",
        },
    )


def _introduction(data: ConferenceReportData) -> Section:
    facts = data.facts
    where = f" på {facts.venue}" if facts.venue else ""
    when = f" den {facts.date}" if facts.date else ""
    who = f" med {facts.participants} deltakere" if facts.participants else ""
    # the published reports open with this sentence; importers read the facts from it
    blocks: list[Block] = [
        Paragraph.plain(f"Regjeringen avholdt {facts.name} {facts.year}{where}{when}{who}.")
    ]
    blocks.extend(_paragraphs(facts.introduction))
    rows = [["År", str(facts.year)]]
    if facts.date:
        rows.append(["Dato", facts.date])
    if facts.venue:
        rows.append(["Sted", facts.venue])
    if facts.participants:
        rows.append(["Deltakere", str(facts.participants)])
    if data.sessions:
        rows.append(["Parallellsesjoner", str(len(data.sessions))])
        rows.append(["Innspill fra deltakerne", str(sum(len(s.inputs) for s in data.sessions))])
    blocks.append(Table(caption="Konferansen i tall", header=["Opplysning", "Verdi"], rows=rows))
    return Section(heading="Innledning", level=1, blocks=blocks)


def _evaluation(evaluation: Evaluation, *, year: int) -> Section:
    blocks: list[Block] = []
    if evaluation.invited:
        rate = _percent(evaluation.respondents, evaluation.invited)
        blocks.append(
            Paragraph.plain(
                f"Etter konferansen ble det sendt ut spørreskjema til alle deltakerne. "
                f"{evaluation.respondents} av {evaluation.invited} ({rate}) besvarte undersøkelsen."
            )
        )
    blocks.extend(Paragraph.plain(sentence) for sentence in evaluation_sentences(evaluation))
    blocks.extend(_paragraphs(evaluation.paragraphs))
    if evaluation.satisfaction:
        blocks.append(
            satisfaction_chart(
                title="Hvor fornøyd var deltakerne?", questions=evaluation.satisfaction
            )
        )
        rows = []
        for number, (question, counts) in enumerate(evaluation.satisfaction.items(), start=1):
            total = sum(counts.values())
            positive = sum(counts.get(level, 0) for level in POSITIVE_LEVELS)
            rows.append(
                [str(number), question, _percent(positive, total)]
                + [_percent(counts.get(level, 0), total) for level in SATISFACTION_LEVELS]
                + [str(total)]
            )
        # the number comes first so that a question named «Parallellsesjon 2» never starts
        # a line of the PDF text, where an importer would take it for a session heading
        blocks.append(
            Table(
                caption="Andel svært fornøyd eller fornøyd, med fordelingen",
                header=[
                    "Nr.",
                    "Spørsmål",
                    "Svært fornøyd eller fornøyd",
                    *SATISFACTION_LEVELS,
                    "Svar",
                ],
                rows=rows,
                row_header=1,
            )
        )
    if evaluation.intent:
        blocks.append(
            intent_chart(title="Vil du delta neste år?", answers={"Alle svar": evaluation.intent})
        )
    if evaluation.history:
        years = {**evaluation.history, str(year): evaluation_figures(evaluation)}
        measures = list(dict.fromkeys(m for figures in years.values() for m in figures))
        values = {
            measure: {y: float(f[measure]) for y, f in years.items() if measure in f}
            for measure in measures
        }
        blocks.append(per_year_chart(title="Evalueringen år for år", values=values, unit="%"))
    if evaluation.suggestions:
        blocks.append(Paragraph.plain(SUGGESTIONS_LEAD))
        blocks.append(bullets(evaluation.suggestions))
    return Section(heading=EVALUATION_HEADING, level=1, blocks=blocks, page_break_before=True)


def positive_share(counts: Mapping[str, int]) -> int:
    """Whole-percent share of «svært fornøyd» or «fornøyd» answers."""
    total = sum(counts.values())
    positive = sum(counts.get(level, 0) for level in POSITIVE_LEVELS)
    return round(100 * positive / total) if total else 0


RESPONSE_RATE = "Svarprosent"
SATISFIED_OVERALL = "Svært fornøyd eller fornøyd samlet"
ATTEND_NEXT_YEAR = "Vil delta neste år"


def evaluation_figures(evaluation: Evaluation) -> dict[str, int]:
    """This year's key figures in percent, in the form `Evaluation.history` keeps them."""
    figures = {}
    if evaluation.invited:
        figures[RESPONSE_RATE] = round(100 * evaluation.respondents / evaluation.invited)
    if evaluation.satisfaction:
        figures[SATISFIED_OVERALL] = positive_share(next(iter(evaluation.satisfaction.values())))
    if sum(evaluation.intent.values()):
        total = sum(evaluation.intent.values())
        figures[ATTEND_NEXT_YEAR] = round(100 * evaluation.intent.get("Ja", 0) / total)
    return figures


def evaluation_sentences(evaluation: Evaluation) -> list[str]:
    """The key figures in words, phrased as the published reports phrase them."""
    sentences = []
    satisfaction = evaluation.satisfaction
    if satisfaction:
        overall = positive_share(next(iter(satisfaction.values())))
        sentences.append(
            f"{format_number(overall, '%')} av deltakerne var svært fornøyd eller fornøyd med "
            "konferansen samlet sett."
        )
    for questions, what in (
        (evaluation.talk_questions, "innleggene"),
        (evaluation.session_questions, "parallellsesjonene"),
    ):
        shares = sorted(positive_share(satisfaction[q]) for q in questions if q in satisfaction)
        if not shares:
            continue
        if shares[0] == shares[-1]:
            figure = format_number(shares[0], "%")
        else:
            figure = f"Mellom {shares[0]} og {format_number(shares[-1], '%')}"
        sentences.append(f"{figure} var svært fornøyd eller fornøyd med {what}.")
    total = sum(evaluation.intent.values())
    if total:
        yes = round(100 * evaluation.intent.get("Ja", 0) / total)
        maybe = round(100 * evaluation.intent.get("Kanskje", 0) / total)
        sentences.append(
            f"{format_number(yes, '%')} vil delta på neste års konferanse og "
            f"{format_number(maybe, '%')} kanskje."
        )
    return sentences


RECURRING_LEAD = "Blant tilbakemeldingene er det særlig disse innspillene som går igjen:"
# The 2020 report's opening: «Blant tilbakemeldingene vi har fått er det særlig tre innspill som
# går igjen». Three is what the draft takes from the analysis; fewer are named as they are.
RECURRING_TOP = 3
RECURRING_TOP_HEADING = "De tre innspillene som går mest igjen"
NUMBER_WORDS = {1: "ett", 2: "to", 3: "tre"}


def recurring_lead(count: int) -> str:
    if count == 1:
        return "Blant tilbakemeldingene er det særlig ett innspill som går igjen:"
    if count in NUMBER_WORDS:
        return (
            f"Blant tilbakemeldingene er det særlig {NUMBER_WORDS[count]} innspill som går igjen:"
        )
    return RECURRING_LEAD


EXAMPLES_SUBHEADING = "Eksempler som kommunene og frivilligheten trekker fram"


def selection_sentence(selection: Sequence[SelectionRow]) -> str:
    """Who was contacted and who answered, in words (the table has the same figures)."""

    def listing(counts: list[str]) -> str:
        return counts[0] if len(counts) == 1 else ", ".join(counts[:-1]) + " og " + counts[-1]

    def count(number: int, row: SelectionRow) -> str:
        name = row.singular if number == 1 and row.singular else row.kind
        return f"{number} {name.lower()}"

    contacted = listing([count(row.contacted, row) for row in selection])
    answered = listing([count(row.answered, row) for row in selection])
    return f"Vi kontaktet {contacted}. Av disse svarte {answered}."


def input_report(data: InputReportData) -> ReportDocument:
    """The input report: background, selection table, recurring inputs, per question, examples."""
    sections: list[Section] = []
    if data.summary:
        sections.append(Section(heading="Sammendrag", level=1, blocks=_paragraphs(data.summary)))
    number = 0

    def numbered(heading: str) -> str:
        nonlocal number
        number += 1
        return f"{number}. {heading}"

    if data.background:
        sections.append(
            Section(heading=numbered("Bakgrunn"), level=1, blocks=_paragraphs(data.background))
        )
    if data.selection:
        rows = [
            [row.kind, str(row.contacted), str(row.answered), _percent(row.answered, row.contacted)]
            for row in data.selection
        ]
        contacted = sum(row.contacted for row in data.selection)
        answered = sum(row.answered for row in data.selection)
        rows.append(["Til sammen", str(contacted), str(answered), _percent(answered, contacted)])
        blocks: list[Block] = [
            Paragraph.plain(selection_sentence(data.selection)),
            Table(
                caption="Utvalg og svar",
                header=["Aktør", "Spurt", "Svar", "Svarprosent"],
                rows=rows,
            ),
        ]
        blocks.extend(
            bullets(row.names, heading=f"{row.kind} som svarte")
            for row in data.selection
            if row.names
        )
        sections.append(
            Section(heading=numbered("Avgrensing og utvelgelse"), level=1, blocks=blocks)
        )
    # Headings that start with «Innspill» are reserved for the per-question chapters, as in
    # the published reports («3. INNSPILL — SAMARBEID …»), which importers rely on.
    if data.recurring:
        items = [f"{item.text} ({item.count} innspill)" for item in data.recurring]
        blocks = [Paragraph.plain(recurring_lead(len(items))), bullets(items)]
        heading = (
            RECURRING_TOP_HEADING if len(data.recurring) == RECURRING_TOP else "Gjentatte innspill"
        )
        sections.append(Section(heading=numbered(heading), level=1, blocks=blocks))
    if data.theme_counts:
        chart = themes_per_year_chart(title="Innspill per tema og år", counts=data.theme_counts)
        sections.append(Section(heading=numbered("Tema i innspillene"), level=1, blocks=[chart]))
    for question in data.per_question:
        blocks = _paragraphs(question.summary)
        if question.inputs:
            blocks.append(bullets(question.inputs))
        blocks.extend(
            bullets(answers, heading=theme) for theme, answers in question.groups.items() if answers
        )
        sections.append(
            Section(heading=numbered(f"Innspill – {question.question}"), level=1, blocks=blocks)
        )
    if data.good_examples:
        # «Title: text» paragraphs under a subheading, the published reports' form
        examples: list[Block] = [
            Paragraph(spans=[Span(text=f"{e.title}:", bold=True), Span(text=f" {e.text}")])
            for e in data.good_examples
        ]
        sections.append(Section(heading=numbered("Gode eksempler"), level=1))
        sections.append(Section(heading=EXAMPLES_SUBHEADING, level=2, blocks=examples))
    return ReportDocument(
        title=data.title,
        subtitle=f"Innspillsrapport {data.year}",
        sections=sections,
        metadata={"description": data.title, "generator": "innspill"},
    )


def conference_data_from_dict(raw: Mapping[str, Any]) -> ConferenceReportData:
    """Build the conference data from plain dicts (the shape the brief and the Django side use)."""
    evaluation = raw.get("evaluation")
    return ConferenceReportData(
        facts=ConferenceFacts(**raw["facts"]),
        tips=[TipGroup(**tip) for tip in raw.get("tips", [])],
        talks=[Talk(**talk) for talk in raw.get("talks", [])],
        sessions=[
            Session(
                **{key: value for key, value in session.items() if key != "inputs"},
                inputs=[SessionInput(**item) for item in session.get("inputs", [])],
            )
            for session in raw.get("sessions", [])
        ],
        summaries=[SessionSummary(**summary) for summary in raw.get("summaries", [])],
        evaluation=Evaluation(**evaluation) if evaluation is not None else None,
    )


def input_data_from_dict(raw: Mapping[str, Any]) -> InputReportData:
    """Build the input report data from plain dicts."""
    return InputReportData(
        title=raw["title"],
        year=raw["year"],
        summary=list(raw.get("summary", [])),
        background=list(raw.get("background", [])),
        selection=[SelectionRow(**row) for row in raw.get("selection", [])],
        recurring=[RecurringInput(**item) for item in raw.get("recurring", [])],
        per_question=[QuestionInputs(**item) for item in raw.get("per_question", [])],
        good_examples=[GoodExample(**item) for item in raw.get("good_examples", [])],
        theme_counts=dict(raw.get("theme_counts", {})),
    )
