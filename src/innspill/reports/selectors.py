"""Reads for the report builder: a cycle's data as the renderer's plain dataclasses, and reports."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils import formats

from innspill.analysis.recurrence import Item, recurring_clusters
from innspill.analysis.summarise import representative
from innspill.archive import recurrence
from innspill.conferences.models import Conference, SessionKind, Summary
from innspill.cycles.models import Cycle, EvaluationResult
from innspill.documents import render as r
from innspill.documents.figures import SCALARS, chart_bars, figure_sentences, figures_from_values
from innspill.documents.render.builders import EVALUATION_HEADING, SUGGESTIONS_LEAD
from innspill.documents.render.serialize import spans_to_markup
from innspill.followups.report import add_since_last
from innspill.inputs.models import Input, Section, SourceDocument, Status
from innspill.organisations.models import OrganisationType
from innspill.practices import selectors as practice_selectors
from innspill.reports.models import Report, ReportStatus, ReportType, ReportVersion
from innspill.rounds.selectors import (
    TYPE_PLURALS,
    answers_by_question,
    contacted_answered,
    cycle_recipients,
)

TIPS_PER_THEME = 5
RECURRING_MAX = 10
RECURRING_TOP = 3
OTHER_THEME = "Andre innspill"
# stored clusters looked through for this year's; they are ranked by all years' inputs
RECURRING_SCAN = 2000


def _source_structure(cycle: Cycle, kind: str) -> dict[str, Any]:
    """The parsed structure of the newest imported report of this kind for the year, or {}."""
    document = (
        SourceDocument.objects.filter(year=cycle.year, kind=kind).order_by("-imported_at").first()
    )
    return dict(document.structure) if document else {}


def _published(cycle: Cycle) -> QuerySet[Input]:
    return Input.objects.filter(cycle=cycle, status=Status.PUBLISHED)


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"\n\s*\n", text or "") if part.strip()]


def _conference(cycle: Cycle) -> Conference | None:
    return cycle.conferences.order_by("date", "id").first()


def conference_report_data(cycle: Cycle) -> r.ConferenceReportData:
    """Every section of the conference report, filled from the database (and the import)."""
    structure = _source_structure(cycle, "conference_report")
    facts = structure.get("facts") or {}
    conference = _conference(cycle)
    date = ""
    if conference and conference.date:
        date = formats.date_format(conference.date, "j. F Y")
    introduction = _paragraphs(cycle.description)
    data = r.ConferenceReportData(
        facts=r.ConferenceFacts(
            name=_conference_name(cycle, conference, structure),
            year=cycle.year,
            date=date or facts.get("date") or "",
            venue=(conference.venue if conference else "") or facts.get("venue") or "",
            participants=(conference.participants if conference else None)
            or facts.get("participants"),
            introduction=introduction,
        )
    )
    data.tips = _tips(cycle)
    data.talks = _talks(structure, conference)
    if conference is not None:
        data.sessions = _sessions(conference)
        data.summaries = _summaries(conference)
    data.evaluation = evaluation_for(cycle)
    return data


def _conference_name(cycle: Cycle, conference: Conference | None, structure: dict) -> str:
    title = (conference.title if conference else "") or structure.get("title") or cycle.title
    # the builder appends the year itself
    return re.sub(rf"\s*{cycle.year}\s*$", "", title).strip() or title


def _tips(cycle: Cycle) -> list[r.TipGroup]:
    """Imported tips when the report had them, otherwise the most representative inputs per theme."""
    imported = (
        _published(cycle)
        .filter(section=Section.TIPS)
        .order_by("position", "id")
        .values_list("group_heading", "text")
    )
    groups: dict[str, list[str]] = {}
    for heading, text in imported:
        groups.setdefault(heading or str(Section.TIPS.label), []).append(text)
    if groups:
        return [r.TipGroup(heading=h, items=items) for h, items in groups.items()]
    by_theme: dict[str, list[str]] = defaultdict(list)
    rows = (
        _published(cycle)
        .filter(theme__isnull=False)
        .order_by("theme__position", "theme__key", "position", "id")
        .values_list("theme__name", "text")
    )
    for theme, text in rows:
        by_theme[theme].append(text)
    tips = []
    for theme, texts in by_theme.items():
        picked = representative(texts, k=TIPS_PER_THEME)
        if picked:
            tips.append(r.TipGroup(heading=theme, items=[texts[i] for i in picked]))
    return tips


def _talks(structure: dict, conference: Conference | None) -> list[r.Talk]:
    imported = structure.get("talks") or []
    if imported:
        talks = []
        for talk in imported:
            speaker = ", ".join(p for p in (talk.get("speaker"), talk.get("role")) if p)
            talks.append(
                r.Talk(
                    title=talk.get("title") or speaker,
                    speaker=speaker,
                    summary=_paragraphs(talk.get("text") or ""),
                )
            )
        return talks
    if conference is None:
        return []
    return [
        r.Talk(title=session.title, speaker=", ".join(session.speaker_list))
        for session in conference.sessions.filter(kind=SessionKind.PLENARY).order_by(
            "starts_at", "number", "id"
        )
    ]


def _sessions(conference: Conference) -> list[r.Session]:
    """Each parallel session with ALL its published inputs, in source order."""
    inputs = Input.objects.filter(status=Status.PUBLISHED).order_by(
        "source_page", "source_line", "position", "id"
    )
    sessions = (
        conference.sessions.filter(kind=SessionKind.PARALLEL)
        .order_by("number", "starts_at", "id")
        .prefetch_related(Prefetch("inputs", queryset=inputs, to_attr="published_inputs"))
    )
    out = []
    for index, session in enumerate(sessions, start=1):
        role, leader = _leader_parts(session.leader_role, session.leader_name)
        out.append(
            r.Session(
                number=session.number or index,
                title=session.heading,
                leader=leader,
                leader_role=role,
                questions=[str(q) for q in session.questions or []],
                inputs=[
                    r.SessionInput(text=item.text, group=item.group_heading)
                    for item in session.published_inputs
                ],
            )
        )
    return out


def _leader_parts(role: str, leader: str) -> tuple[str, str]:
    """«statssekretær, Kunnskapsdepartementet» + name → «statssekretær» + «name, Kunnskapsdep.».

    The builder writes «Ved <role> <leader>»; the published reports (and so our importer)
    put the ministry after the name, so a role with a comma is split around the name.
    """
    title, comma, rest = role.partition(",")
    if comma and leader and rest.strip():
        return title.strip(), f"{leader}, {rest.strip()}"
    return role, leader


def _summaries(conference: Conference) -> list[r.SessionSummary]:
    summaries = Summary.objects.filter(conference=conference).select_related("session")
    out = []
    for index, summary in enumerate(summaries.order_by("position", "id"), start=1):
        paragraphs = [str(item) for item in summary.items or []] + _paragraphs(summary.text)
        number = summary.session.number if summary.session and summary.session.number else index
        out.append(
            r.SessionSummary(
                number=number,
                leader=summary.leader,
                leader_role=summary.leader_role,
                paragraphs=paragraphs,
            )
        )
    return out


def _survey_evaluation(cycle: Cycle) -> r.Evaluation | None:
    try:
        from innspill.surveys.selectors import survey_evaluation
    except ImportError:  # the survey app is optional for the builder
        return None
    return survey_evaluation(cycle)


def _stated_figures(result: EvaluationResult) -> list[dict[str, Any]]:
    """The row's figures as stated; a row typed with percentages only gives those."""
    if result.figures:
        return list(result.figures)
    return figures_from_values({field: getattr(result, field) for field in SCALARS.values()})


def evaluation_for(cycle: Cycle) -> r.Evaluation | None:
    """Our own survey's counts, or else the stored figures in words, each as stated."""
    evaluation = _survey_evaluation(cycle)
    if evaluation is not None:
        return evaluation
    result = (
        EvaluationResult.objects.filter(cycle=cycle).order_by("source").first()
    )  # one source is enough: imports of the same report agree
    if result is None:
        return None
    return r.Evaluation(
        paragraphs=figure_sentences(_stated_figures(result)),
        suggestions=[str(s) for s in result.suggestions or []],
    )


def evaluation_chart(cycle: Cycle) -> r.Chart | None:
    """The stored «svært fornøyd eller fornøyd» shares that are one value each, named as stated
    (ranges and figures the source did not name stay in the text; our own survey's counts get
    the renderer's charts)."""
    result = EvaluationResult.objects.filter(cycle=cycle).order_by("source").first()
    if result is None:
        return None
    bars = chart_bars(_stated_figures(result))
    if not bars:
        return None
    return r.Chart(
        kind="bar",
        title="Andel svært fornøyd eller fornøyd",
        data=r.ChartData(
            categories=[label for label, _share in bars],
            series=[
                r.ChartSeries(
                    name="Svært fornøyd eller fornøyd", values=[share for _label, share in bars]
                )
            ],
            unit="%",
        ),
    )


def input_report_data(cycle: Cycle) -> r.InputReportData:
    """Background, selection, recurring inputs, inputs per question and good examples."""
    structure = _source_structure(cycle, "input_report")
    focus = (structure.get("facts") or {}).get("focus") or cycle.theme
    background = _paragraphs(cycle.description)
    if focus:
        background.append(f"Årets tema: {focus}.")
    selection = _live_selection(cycle) or [
        _imported_selection_row(row) for row in structure.get("selection") or []
    ]
    return r.InputReportData(
        title=structure.get("title") or f"Innspillsrapport {cycle.year}",
        year=cycle.year,
        background=background,
        selection=selection,
        recurring=_recurring(cycle),
        per_question=_per_question(cycle),
        good_examples=practices_for_cycle(cycle)
        or [
            r.GoodExample(title=str(p.get("title") or ""), text=str(p.get("text") or ""))
            for p in structure.get("practices") or []
            if p.get("text")
        ],
        theme_counts=_theme_counts(cycle),
    )


def _imported_selection_row(row: dict[str, Any]) -> r.SelectionRow:
    """A row of an imported report's table; the singular when the group is a registry type."""
    kind = str(row.get("organisation_type") or row.get("kind") or "Andre").capitalize()
    singular = next(
        (
            str(OrganisationType(key).label)
            for key, plural in TYPE_PLURALS.items()
            if str(plural).lower() == kind.lower()
        ),
        "",
    )
    return r.SelectionRow(
        kind=kind,
        contacted=int(row.get("contacted") or 0),
        answered=int(row.get("answered") or 0),
        names=[str(n) for n in row.get("names") or []],
        singular=singular,
    )


def _live_selection(cycle: Cycle) -> list[r.SelectionRow]:
    """The contacted/answered table of the cycle's question rounds, empty if none was sent."""
    return [
        r.SelectionRow(
            kind=row.label,
            contacted=row.contacted,
            answered=row.answered,
            names=row.answered_names,
            singular=str(OrganisationType(row.type).label),
        )
        for row in contacted_answered(cycle_recipients(cycle))
    ]


def practices_for_cycle(cycle: Cycle) -> list[r.GoodExample]:
    """The cycle's good local practices for «Gode eksempler» (the good-practice library)."""
    return [
        r.GoodExample(title=str(p.title), text=str(p.description))
        for p in practice_selectors.practices_for_cycle(cycle)
        if p.description
    ]


def _recurring(cycle: Cycle) -> list[r.RecurringInput]:
    """«De tre innspillene som går mest igjen»: the stored analysis' clusters with most of this year's
    inputs; without a stored run, this year's inputs are clustered here (and imported ones kept)."""
    run = recurrence.stored()
    if not run.missing:
        clusters = recurrence.recurring_clusters(run, min_years=1, limit=RECURRING_SCAN)
        this_year = [
            (len(c.by_year.get(cycle.year, ())), index, c) for index, c in enumerate(clusters)
        ]
        top = sorted((t for t in this_year if t[0] >= 2), key=lambda t: (-t[0], t[1]))
        if top:
            return [r.RecurringInput(text=c.label, count=n) for n, _i, c in top[:RECURRING_TOP]]
    rows = list(_published(cycle).order_by("position", "id").values_list("pk", "text"))
    items = [Item(id=pk, year=cycle.year, text=text) for pk, text in rows]
    clusters = [c for c in recurring_clusters(items, min_years=1) if c.count >= 2]
    if clusters:
        return [r.RecurringInput(text=c.label, count=c.count) for c in clusters[:RECURRING_MAX]]
    imported = _published(cycle).filter(section=Section.RECURRING)
    return [
        r.RecurringInput(text=text, count=1) for text in imported.values_list("text", flat=True)
    ]


def _per_question(cycle: Cycle) -> list[r.QuestionInputs]:
    out: list[r.QuestionInputs] = _round_answers(cycle)
    # rounds without fixed questions (imported or typed in by hand) keep their inputs' headings
    for question_round in cycle.question_rounds.filter(
        fixed_questions__isnull=True
    ).prefetch_related(Prefetch("inputs", queryset=Input.objects.filter(status=Status.PUBLISHED))):
        by_group: dict[str, list[str]] = {}
        for item in sorted(question_round.inputs.all(), key=lambda i: (i.position, i.pk)):
            by_group.setdefault(item.group_heading or question_round.title, []).append(item.text)
        out.extend(r.QuestionInputs(question=q, inputs=texts) for q, texts in by_group.items())
    for meeting in cycle.meetings.prefetch_related(
        Prefetch("inputs", queryset=Input.objects.filter(status=Status.PUBLISHED))
    ):
        texts = [i.text for i in sorted(meeting.inputs.all(), key=lambda i: (i.position, i.pk))]
        if texts:
            out.append(r.QuestionInputs(question=f"Innspillsmøtet i {meeting.place}", inputs=texts))
    # an imported input report keeps its questions as sessions
    for session in r_sessions_of(cycle):
        if session.inputs:
            out.append(
                r.QuestionInputs(
                    question=session.title,
                    inputs=[item.text for item in session.inputs],
                )
            )
    return out


def _round_answers(cycle: Cycle) -> list[r.QuestionInputs]:
    """A chapter per question of the cycle's rounds: its submitted answers grouped by theme.

    An answer stands under the theme of its first input; one whose inputs were all hidden in
    moderation is left out, and one not yet classified stands under «Andre innspill».
    """
    out = []
    for question, answers in answers_by_question(cycle):
        groups: dict[str, list[str]] = {}
        for answer in answers:
            inputs = sorted(answer.inputs.all(), key=lambda i: (i.position, i.pk))
            published = [i for i in inputs if i.status == Status.PUBLISHED]
            if inputs and not published:
                continue
            theme = next((i.theme.name for i in published if i.theme is not None), "")
            groups.setdefault(theme or OTHER_THEME, []).append(" ".join(_paragraphs(answer.text)))
        if groups:
            ordered = sorted(groups.items(), key=lambda g: (g[0] == OTHER_THEME, -len(g[1]), g[0]))
            out.append(r.QuestionInputs(question=question.text, groups=dict(ordered)))
    return out


def r_sessions_of(cycle: Cycle) -> list[r.Session]:
    sessions: list[r.Session] = []
    for conference in cycle.conferences.order_by("id"):
        sessions.extend(_sessions(conference))
    return sessions


def _theme_counts(cycle: Cycle) -> dict[str, dict[str, int]]:
    rows = (
        Input.objects.filter(status=Status.PUBLISHED, theme__isnull=False, year__lte=cycle.year)
        .values("theme__name", "year")
        .annotate(n=Count("id"))
        .order_by("theme__name", "year")
    )
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["theme__name"], {})[str(row["year"])] = row["n"]
    return counts


def report_data(cycle: Cycle, report_type: str) -> r.ReportDocument:
    """The freshly drafted document for a cycle (nothing is saved)."""
    if report_type == ReportType.CONFERENCE:
        document = r.conference_report(conference_report_data(cycle))
        if _survey_evaluation(cycle) is None:
            chart = evaluation_chart(cycle)
            for section in document.sections:
                if chart is not None and section.heading == EVALUATION_HEADING:
                    _insert_before_suggestions(section, chart)
                    break
        add_since_last(document, cycle)
        return document
    if report_type == ReportType.INPUT:
        document = r.input_report(input_report_data(cycle))
        add_since_last(document, cycle)
        return document
    raise ValueError(f"unknown report type: {report_type!r}")


def _insert_before_suggestions(section: r.Section, block: r.Chart) -> None:
    for index, existing in enumerate(section.blocks):
        if isinstance(existing, r.Paragraph) and existing.text == SUGGESTIONS_LEAD:
            section.blocks.insert(index, block)
            return
    section.blocks.append(block)


# --- stored reports ---------------------------------------------------------------------------


def visible_dict(draft: dict[str, Any]) -> dict[str, Any]:
    """The draft without hidden sections, blocks and items (what gets rendered)."""
    sections = []
    for section in draft.get("sections", []):
        if section.get("hidden"):
            continue
        blocks = [
            {key: value for key, value in block.items() if key != "hidden_items"}
            for block in section["blocks"]
            if not block.get("hidden")
        ]
        sections.append({**section, "blocks": blocks})
    return {**draft, "sections": sections}


def report_document(report: Report) -> r.ReportDocument:
    return r.document_from_dict(visible_dict(report.draft))


def report_get(pk: int) -> Report:
    return Report.objects.select_related("cycle").get(pk=pk)


def staff_cycles() -> list[Cycle]:
    """Cycles with their reports and the latest published version number, in two queries."""
    return list(
        Cycle.objects.order_by("-year").prefetch_related(
            Prefetch("reports", queryset=Report.objects.order_by("report_type"))
        )
    )


def published_cycles() -> list[tuple[Cycle, list[ReportVersion]]]:
    """Per cycle, the newest published version of each report (versions without the files)."""
    versions = (
        ReportVersion.objects.select_related("report", "report__cycle")
        .only(
            "version",
            "published_at",
            "pdf_pages",
            "report__report_type",
            "report__cycle__year",
            "report__cycle__title",
        )
        .order_by("-report__cycle__year", "report__report_type", "-version")
    )
    newest: dict[int, ReportVersion] = {}
    for version in versions:
        newest.setdefault(version.report_id, version)
    grouped: dict[int, tuple[Cycle, list[ReportVersion]]] = {}
    for version in newest.values():
        cycle = version.report.cycle
        grouped.setdefault(cycle.pk, (cycle, []))[1].append(version)
    return list(grouped.values())


def published_version(
    *, year: int, report_type: str, version: int | None = None, output_format: str = "html"
) -> ReportVersion:
    """A published version with only the file of `output_format` loaded."""
    others = [name for name in ("html", "pdf", "docx") if name != output_format]
    versions = (
        ReportVersion.objects.select_related("report", "report__cycle")
        .defer("document", *others)
        .filter(report__cycle__year=year, report__report_type=report_type)
    )
    if version is not None:
        return versions.get(version=version)
    found = versions.order_by("-version").first()
    if found is None:
        raise ReportVersion.DoesNotExist
    return found


def is_published(report: Report) -> bool:
    return report.status == ReportStatus.PUBLISHED


def _plain(spans: list[dict[str, Any]]) -> str:
    return "".join(span["text"] for span in spans)


def editor_sections(draft: dict[str, Any]) -> list[dict[str, Any]]:
    """The draft as the editor shows it: indices, texts and the markup staff edit."""
    sections = []
    for s_index, section in enumerate(draft.get("sections", [])):
        blocks = []
        for b_index, block in enumerate(section["blocks"]):
            kind = block["type"]
            entry: dict[str, Any] = {
                "index": b_index,
                "type": kind,
                "hidden": bool(block.get("hidden")),
            }
            if kind == "paragraph":
                entry["text"] = _plain(block["spans"])
                entry["markup"] = spans_to_markup(block["spans"])
            elif kind == "bullets":
                entry["heading"] = block.get("heading") or ""
                entry["items"] = [_plain(item) for item in block["items"]]
                entry["hidden_count"] = len(block.get("hidden_items", []))
            elif kind == "table":
                entry["text"] = f"{block['caption']} ({len(block['rows'])} rader)"
            elif kind == "chart":
                entry["text"] = block["alt_text"] or block["title"]
            elif kind == "quote":
                entry["text"] = block["text"]
            blocks.append(entry)
        sections.append(
            {
                "index": s_index,
                "heading": section["heading"],
                "level": section["level"],
                "hidden": bool(section.get("hidden")),
                "blocks": blocks,
            }
        )
    return sections
