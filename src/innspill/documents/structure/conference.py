"""Conference reports: talks, parallel sessions with their leaders and inputs, tips, the
closing summaries and the evaluation figures."""

from __future__ import annotations

import re
from typing import Any

from innspill.documents.figures import figures_clean, overall_values
from innspill.documents.layout import Block
from innspill.documents.model import (
    Figure,
    Input,
    ParsedReport,
    Session,
    Summary,
    Talk,
    TipGroup,
)
from innspill.documents.structure.common import (
    _NAME,
    _NUMBERED_RE,
    _clean_heading,
    _next_is_bullet,
    _sentences,
    _similar,
    _words,
    is_heading,
)

_APPENDIX_HEAD_RE = re.compile(r"^(?:vedlegg|appendiks|bilag)\b", re.I)
_ROLE_WORD = re.compile(
    r"(minister|statsråd|statssekretær|ordfører|rådmann|direktør|leder|forsker|rådgiver"
    r"|lektor|konsulent|sjef|professor|konferansier|panel)",
    re.IGNORECASE,
)
_LEADER_ROLE = (
    r"(?i:(?:[\w,]+-,?\s+(?:og\s+)?)*\w*(?:minister|statsråd|statssekretær)\w*"
    r"(?:\s+i\s+[\w-]+(?:\s+og\s+[\w-]+)?departementet)?)"
)
_ROLE_NAME_RE = re.compile(rf"(?P<role>{_LEADER_ROLE})\s+(?P<name>{_NAME})")
_SESSION_RE = re.compile(
    r"^(?:parallell\s*-?\s*sesjon|parallelle\s+sesjon|sesjon|workshop|gruppesesjon)\s*"
    r"(?:nr\.?\s*)?(\d{1,2})\b\s*[:.–-]?\s*(.*)$",
    re.IGNORECASE,
)
_SESSION_UNNUMBERED_RE = re.compile(r"^(?:parallell\s*-?\s*sesjon|sesjon)\s*[:–-]\s*(\S.*)$", re.I)
_LEAD_IN_RE = re.compile(r"(følgende|blant annet|innspill|forslag|kom fram|deltakerne)", re.I)
_TOC_LINE_RE = re.compile(r"(?:\.{3,}|…)\s*\d{1,3}$|[^\d\s.,%]\s+\d{1,3}$")
_INPUTS_RE = re.compile(
    r"^(?:innspill\s+(?:fra|frå)\s+deltaker\w*|deltakernes\s+innspill|innspill)\s*:?$",
    re.IGNORECASE,
)
_TIPS_RE = re.compile(
    r"^(oppfordringer|anbefalinger|råd og tips|tips og råd|viktige innspill|hovedinnspill"
    r"|sentrale innspill)",
    re.IGNORECASE,
)
_SUMMARY_RE = re.compile(r"^(oppsummering\w*\s+fra|avsluttende\s+(kommentarer|oppsummering))", re.I)
_SUMMARY_ITEM_RE = re.compile(
    r"^(?:tema|sesjon|parallellsesjon)\s*(\d{1,2})\s*[:.–-]?\s*(.+)$", re.I
)
_EVAL_RE = re.compile(r"^(evaluering|evalueringen|tilbakemeldinger fra deltakerne)\b", re.I)
_LEADER_LINE_RE = re.compile(
    r"^(?:ved|ledet av|ledes av|leder|møteleder|sesjonsleder)\s*:?\s+", re.I
)
_LOOSE_INPUTS_RE = re.compile(r"(innspill|forslag|spilt inn|etterlys|anbefal)", re.I)
_PCT = r"(\d{1,3})\s*(?:%|prosent)"


def parse_person(text: str) -> tuple[str | None, str | None]:
    """Split «statssekretær Vidar Brein-Karlsen, Justis- og beredskapsdepartementet»."""
    text = _LEADER_LINE_RE.sub("", text.strip()).strip().rstrip(".")
    main, _, rest = text.partition(",")
    rest = rest.strip()
    tokens = main.split()
    name_tokens: list[str] = []
    for token in reversed(tokens):
        if token[:1].isupper() and not _ROLE_WORD.search(token) and len(name_tokens) < 4:
            name_tokens.insert(0, token)
        else:
            break
    if len(name_tokens) >= 2 and len(name_tokens) < len(tokens):
        role = " ".join(tokens[: len(tokens) - len(name_tokens)])
        if rest:
            role = f"{role}, {rest}"
        return " ".join(name_tokens), role or None
    if re.fullmatch(_NAME, main.strip()) and rest:
        return main.strip(), rest  # «Erna Solberg, statsminister»
    if len(name_tokens) >= 2:
        return " ".join(name_tokens), rest or None
    return None, None


def _speaker_line(text: str) -> tuple[str, str | None] | None:
    """«Name, role» or «Panelsamtale: A, role; B, role» under a talk title."""
    if len(_words(text)) > 22 or len(text) > 220:
        return None
    panel = re.match(r"^(panel\w*|samtale)\s*:\s*(.+)$", text, re.I)
    if panel:
        names = [part.split(",")[0].strip() for part in panel.group(2).split(";")]
        return "; ".join(n for n in names if n), panel.group(1).lower()
    match = re.match(rf"^({_NAME}(?:\s*(?:,|og|&)\s*{_NAME})*)\s*[,:–-]\s*(.+)$", text)
    if not match:
        return None
    role = match.group(2).strip().rstrip(".")
    if not any(w[:1].islower() and w not in {"og", "i"} for w in role.split()):
        return None  # a photo caption listing names, not a speaker and role
    if re.search(r"[.!?]\s+[A-ZÆØÅ]", role):
        return None
    return match.group(1).strip(), role


def _role_name_heading(text: str) -> tuple[str, str, str] | None:
    """«Åpningstalen ved statsminister Erna Solberg» → (title, name, role)."""
    match = re.match(r"^(?:(?P<title>.+?)\s+ved\s+)?(?P<rest>.*)$", text)
    if not match:
        return None
    found = _ROLE_NAME_RE.fullmatch(match.group("rest").strip())
    if not found:
        return None
    return text, found.group("name"), found.group("role")


def parse(body: list[Block], report: ParsedReport) -> None:
    """Fill `report` with a conference report's talks, sessions, tips, summaries and evaluation."""
    section = "intro"
    tips_group: TipGroup | None = None
    talk: Talk | None = None
    session: Session | None = None
    in_inputs = False
    group: str | None = None
    summary: Summary | None = None
    topic: str | None = None
    loose: list[tuple[str | None, Block]] = []
    unplaced: list[Block] = []
    appendix_from: int | None = None  # lists in appendices (program, who came) are no inputs
    in_session_list = False
    pending_loose = False
    consumed: set[int] = set()  # speaker lines already read with their talk title

    def close_talk() -> None:
        nonlocal talk
        if talk is not None:
            talk.text = talk.text.strip()
            report.talks.append(talk)
        talk = None

    for index, block in enumerate(body):
        text = block.text
        heading = is_heading(block)
        if appendix_from is None and heading and _APPENDIX_HEAD_RE.match(text):
            appendix_from = index

        # section starts -------------------------------------------------------------
        toc_like = heading or _SESSION_RE.match(text) or _SUMMARY_ITEM_RE.match(text)
        if toc_like and not block.is_bullet and _TOC_LINE_RE.search(text) and len(_words(text)) > 2:
            continue  # a contents entry («… Ved statsråd Kari Nordmann 19») outside the contents
        if (
            not block.is_bullet
            and _SESSION_RE.match(text)
            and len(text) < 260
            and not _evaluation_line(section, text)
        ):
            close_talk()
            match = _SESSION_RE.match(text)
            assert match is not None
            session = _new_session(int(match.group(1)), match.group(2), report)
            section, in_inputs, group = "session", False, None
            continue
        unnumbered = _SESSION_UNNUMBERED_RE.match(text) if heading else None
        if unnumbered:
            close_talk()
            session = _new_session(len(report.sessions) + 1, unnumbered.group(1), report)
            section, in_inputs, group = "session", False, None
            continue
        if heading and _EVAL_RE.match(text):
            close_talk()
            section, session = "evaluation", None
            continue
        if heading and _SUMMARY_RE.match(text):
            close_talk()
            section, session, summary = "summaries", None, None
            continue
        if (
            heading
            and _TIPS_RE.match(text)
            or (not block.is_bullet and _TIPS_RE.match(text) and text.endswith(":"))
        ):
            close_talk()
            section = "tips"
            tips_group = None
            if _next_is_bullet(body, index):
                tips_group = TipGroup(_clean_heading(text))
                report.tips.append(tips_group)
            continue
        compact = re.sub(r"[\s-]", "", text.lower())
        if heading and compact.startswith("paralle") and compact.endswith("sjoner"):
            close_talk()
            section, session, in_session_list = "sessions", None, True
            continue

        # inside a section -----------------------------------------------------------
        if section == "tips":
            if block.is_bullet:
                if tips_group is None:
                    tips_group = TipGroup("")
                    report.tips.append(tips_group)
                tips_group.items.append(text)
                continue
            if heading and _next_is_bullet(body, index):
                tips_group = TipGroup(_clean_heading(text))
                report.tips.append(tips_group)
                continue
            section = "talks"  # the tips end where ordinary text starts

        if section == "sessions" and in_session_list:
            numbered = _NUMBERED_RE.match(text)
            if numbered and heading:
                session = _new_session(int(numbered.group(1)), numbered.group(2), report)
                section, in_inputs, group = "session", False, None
                continue

        if section == "session" and session is not None:
            numbered = _NUMBERED_RE.match(text)
            if in_session_list and numbered and heading:
                session = _new_session(int(numbered.group(1)), numbered.group(2), report)
                in_inputs, group = False, None
                continue
            if _LEADER_LINE_RE.match(text) and session.leader is None and not in_inputs:
                session.leader, session.leader_role = parse_person(text)
                continue
            if _INPUTS_RE.match(text):
                in_inputs, group = True, None
                continue
            if block.is_bullet:
                in_inputs = True
                session.inputs.append(Input(text, group, block.page, block.line))
                continue
            if heading and _next_is_bullet(body, index) and not text.endswith((":", "?")):
                group = _clean_heading(text)
                in_inputs = True
                continue
            if text.endswith((":", "?")) and _next_is_bullet(body, index):
                # a question or a short label groups the bullets; a lead-in sentence does not
                label = len(_words(text)) <= 12 and not _LEAD_IN_RE.search(text)
                group = _clean_heading(text) if text.endswith("?") or label else None
                in_inputs = True
                continue
            if in_inputs:
                if heading:
                    session = None
                    section = "other"
                    topic = text
                continue
            _session_intro(session, text)
            continue

        if section == "summaries":
            item = _SUMMARY_ITEM_RE.match(text)
            person = _role_name_heading(text) if heading else None
            if heading and (item or person):
                rest = item.group(2) if item else text
                name, role = parse_person(rest)
                if person and not name:
                    _, name, role = person
                summary = Summary(name, [], role, int(item.group(1)) if item else None)
                report.summaries.append(summary)
                continue
            if summary is not None and not heading:
                if not block.is_bullet and len(_words(text)) < 8 and text.endswith("."):
                    continue  # a photo caption between summaries
                summary.items.append(text)
            continue

        if section == "evaluation":
            _evaluation_block(report, body, index)
            continue

        if section in ("talks", "intro", "other"):
            starts = _talk_start(body, index) if section in ("talks", "intro") else None
            if starts is not None:
                close_talk()
                section = "talks"
                talk, speaker_line = starts
                if speaker_line:
                    consumed.add(index + 1)
                continue
            if index in consumed:
                continue
            if text.endswith(":") and _LOOSE_INPUTS_RE.search(text) and not block.is_bullet:
                pending_loose = True
                continue
            if heading and not block.is_bullet:
                topic = _clean_heading(text)
                pending_loose = False
                if talk is not None and section == "talks":
                    talk.text += "\n\n" + text
                continue
            if block.is_bullet:
                if pending_loose:
                    loose.append((topic, block))
                else:
                    unplaced.append(block)
                continue
            pending_loose = text.endswith(":") and bool(_LOOSE_INPUTS_RE.search(text))
            if talk is not None:
                talk.text += "\n\n" + text
            continue

        if block.is_bullet:
            unplaced.append(block)
    close_talk()

    _place_loose_inputs(loose, report)
    _finish_sessions(report)
    if appendix_from is not None:
        in_appendix = {id(block) for block in body[appendix_from:]}
        unplaced = [block for block in unplaced if id(block) not in in_appendix]
    if unplaced:
        sample = "; ".join(b.text[:50] for b in unplaced[:3])
        report.warnings.append(f"{len(unplaced)} kulepunkt ble ikke plassert: {sample}")


def _new_session(number: int, title: str, report: ParsedReport) -> Session:
    title = title.strip()
    leader_text = None
    split = re.split(r"\s+(?=(?:ved|ledet av|ledes av)\s)", title, maxsplit=1, flags=re.I)
    if len(split) == 2:
        title, leader_text = split
    session = Session(number=number, title=_clean_heading(title))
    if leader_text:
        session.leader, session.leader_role = parse_person(leader_text)
    report.sessions.append(session)
    return session


def _session_intro(session: Session, text: str) -> None:
    if not session.title:
        session.title = _clean_heading(text)
        return
    for sentence in _sentences(text):
        for question in re.findall(r"[^.!?«»]*\?", sentence):
            question = question.strip(' «»"')
            if len(_words(question)) >= 3 and _similar(question, session.title) < 0.8:
                session.questions.append(question)
    if session.leader is None:
        found = _ROLE_NAME_RE.search(text)
        if found:
            session.leader = found.group("name")
            session.leader_role = found.group("role").strip()


def _talk_start(body: list[Block], index: int) -> tuple[Talk, bool] | None:
    block = body[index]
    if not is_heading(block) or block.text.lower().startswith("se hele"):
        return None
    nxt = body[index + 1] if index + 1 < len(body) else None
    if nxt is not None and not nxt.is_bullet:
        speaker = _speaker_line(nxt.text)
        if speaker is not None:
            return Talk(_clean_heading(block.text), speaker[0], speaker[1]), True
    role_name = _role_name_heading(block.text)
    if role_name is not None:
        title, name, role = role_name
        return Talk(_clean_heading(title), name, role.strip()), False
    return None


def _place_loose_inputs(loose: list[tuple[str | None, Block]], report: ParsedReport) -> None:
    """Bullets of inputs under a topic heading go to the session whose title shares a stem."""
    unmatched = 0
    for topic, block in loose:
        session = _session_for_topic(topic, report.sessions) if topic else None
        if session is None:
            unmatched += 1
            continue
        session.inputs.append(Input(block.text, topic, block.page, block.line))
    if unmatched:
        report.warnings.append(f"{unmatched} innspill kunne ikke knyttes til en sesjon")


def _stems(text: str) -> set[str]:
    return {w[:6] for w in re.findall(r"\w+", text.lower()) if len(w) >= 5}


def _session_for_topic(topic: str, sessions: list[Session]) -> Session | None:
    wanted = _stems(topic)
    best = max(sessions, key=lambda s: len(wanted & _stems(s.title)), default=None)
    if best is None or not wanted & _stems(best.title):
        return None
    return best


def _finish_sessions(report: ParsedReport) -> None:
    if not report.sessions:
        report.warnings.append("Fant ingen parallellsesjoner")
    for session in report.sessions:
        session.questions = list(dict.fromkeys(session.questions))
        if session.leader is None:
            report.warnings.append(f"Sesjon {session.number}: fant ingen leder")


# --- evaluation ------------------------------------------------------------------------------
# Each figure is kept as the report states it: «mellom 55 og 90 %» is one range, «sesjon 1–4»
# one group of sessions, a figure for one talk stays with that talk. A sentence is cut into
# clauses at commas and conjunctions so each figure keeps the words beside it; the figures and
# the session numbers are taken out whole first, so their own «og» and «–» do not cut them.

_QUALIFIER = (
    r"(?:(?P<qualifier>nær|nesten|om lag|omtrent|rundt|cirka|ca\.|over|under|mer enn|"
    r"mindre enn|drøyt|knapt|i overkant av|i underkant av)\s+)?"
)
_UNIT = r"\s*(?:%|prosent\b)"
_FIGURE_RES = (  # ranges before single figures, so a range is never read as two
    re.compile(
        rf"\b(?:mellom|fra)\s+(?P<min>\d{{1,3}})(?:{_UNIT})?\s+(?:og|til)\s+(?P<max>\d{{1,3}}){_UNIT}",
        re.I,
    ),
    re.compile(rf"\b(?P<min>\d{{1,3}})\s*(?:[–-]|til)\s*(?P<max>\d{{1,3}}){_UNIT}", re.I),
    re.compile(rf"(?<![\w,.]){_QUALIFIER}(?P<value>\d{{1,3}}(?:,\d)?){_UNIT}", re.I),
)
_NUMBERS = r"\d{1,2}(?:\s*(?:[–-]|til)\s*\d{1,2})?(?:\s*(?:,|og|eller)\s*\d{1,2}(?:\s*(?:[–-]|til)\s*\d{1,2})?)*"
_SESSION_REF_RE = re.compile(
    rf"\b(?:parallell\s*-?\s*)?(?:sesjon|workshop)(?:en|er|ene)?\s+(?:nr\.?\s*)?(?P<numbers>{_NUMBERS})\b",
    re.I,
)
_TALK_REF_RE = re.compile(rf"\binnlegg(?:et)?\s+(?:nr\.?\s*)?(?P<numbers>{_NUMBERS})\b", re.I)
_NAMED_TALK_RE = re.compile(
    rf"(?i:\binnlegget\s+(?:til|av|fra|ved))\s+{_NAME}|{_NAME}s?\s+(?i:(?:sitt\s+)?innlegg\b(?!ene))"
)
_TOKEN_RE = re.compile(r"\x01([PST])(\d+)\x02")
_CLAUSE_SPLIT_RE = re.compile(r"\s*[,;]\s*|\s+(?:og|eller|mens|men|samt)\s+|\s+[–-]\s+", re.I)
_BOTH_FEELINGS_RE = re.compile(
    r"(?:(?:svært|veldig|meget)\s+)?fornøyd\w*\s*(?:/|\s(?:eller|og)\s)\s*"
    r"(?:(?:svært|veldig|meget)\s+)?fornøyd\w*",
    re.I,
)
_MEASURE_RES = (  # the first that matches names the measure
    (None, re.compile(r"misfornøyd|ikke\s+fornøyd|lite\s+fornøyd|misnøye|utilfreds")),
    ("maybe_next_year", re.compile(r"\bkanskje\b|\busikker\b|\busikre\b")),
    (
        "attend_next_year",
        re.compile(r"(?=.*(?:neste\s+år|igjen|en\s+gang\s+til))(?=.*(?:delta|komme|være\s+med))"),
    ),
    (
        "response_rate",
        re.compile(
            r"svarprosent|svarandel|svarfrekvens|responsrate|besvar|(?<!som\s)svarte|har\s+svart"
        ),
    ),
    ("very_satisfied", re.compile(r"\b(?:svært|veldig|meget)\s+(?:godt\s+)?fornøyd")),
    ("satisfied", re.compile(r"fornøyd|tilfreds|fornøgd")),
)
_SUBJECT_WORDS = (  # for the satisfaction measures, when no talk or session is numbered
    ("talks", re.compile(r"\binnlegg|\bforedrag|\binnledning|\binnleder|\bpresentasjon")),
    ("plenary", re.compile(r"\bplenum")),
    ("sessions", re.compile(r"sesjon|workshop|gruppearbeid|gruppediskusjon|\bgruppene\b")),
)
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])(?<![Cc]a\.)(?<![Nn]r\.)\s+(?=[«\"A-ZÆØÅ0-9])")
_RESPECTIVELY_RE = re.compile(r"\b(?:henholdsvis|hhv\.?)(?=\s)", re.I)
# percentages side by side are a table's row: «Sesjon 1 69 % 45 % 24 %» (PDF), «… | 69 % | 45 %»
_TABLE_ROW_RE = re.compile(r"\x01P\d+\x02[\s|]+\x01P\d+\x02")
_TABLE = "table"
# a number before a dash is a session's or a talk's («Sesjon 1 - 80 %»), not a range's start
_NUMBERED_BEFORE_RE = re.compile(r"(?:sesjon\w*|workshop\w*|innlegg\w*|nr\.?)\s*$", re.I)
# (kind S or T, numbers, words) of each session or talk reference, and its parts
Ref = tuple[str, list[int], str, list[tuple[list[int], str]]]


def _evaluation_line(section: str, text: str) -> bool:
    """«Sesjon 1–4: 67 % var fornøyd» in the evaluation is a figure, not a session's start."""
    return section == "evaluation" and bool(re.search(_PCT, text))


def _evaluation_block(report: ParsedReport, body: list[Block], index: int) -> None:
    """Read one block of the evaluation section: its figures, or a suggestion (a bullet)."""
    block = body[index]
    found, unread = _evaluation_figures(block.text, block.page, _lead_in_measure(body, index))
    if block.is_bullet and not found:
        report.evaluation.suggestions.append(block.text)
        return
    for figure in found:
        if figure not in report.evaluation.figures:
            report.evaluation.figures.append(figure)
    if not block.is_bullet:
        for sentence in unread:
            if sentence != _TABLE:
                report.warnings.append(f"Evaluering: fant ikke hva tallet gjelder i «{sentence}»")
                continue
            where = f" (s. {block.page})" if block.page else ""
            warning = (
                f"Evaluering: en tabell med prosenttall ble ikke lest{where}; sjekk mot kilden"
            )
            if warning not in report.warnings:
                report.warnings.append(warning)
    values = overall_values(figures_clean(report.evaluation.figures))
    for name, value in values.items():
        setattr(report.evaluation, name, value)


def _lead_in_measure(body: list[Block], index: int) -> str | None:
    """The measure named by the heading or lead-in («… per sesjon:») before bare figures."""
    for block in reversed(body[:index]):
        if block.is_bullet:
            continue
        if is_heading(block) or block.text.rstrip().endswith(":"):
            return _measure(block.text.lower())
        return None
    return None


def _measure(lower: str) -> str | None:
    lower = _BOTH_FEELINGS_RE.sub("fornøyd", lower)
    for measure, pattern in _MEASURE_RES:
        if pattern.search(lower):
            return measure
    return None


def _numbers(text: str) -> list[int]:
    out: list[int] = []
    for part in re.split(r"\s*(?:,|\bog\b|\beller\b)\s*", text):
        ends = [int(n) for n in re.findall(r"\d{1,2}", part)]
        if len(ends) == 2 and ends[0] < ends[1]:
            out.extend(range(ends[0], ends[1] + 1))
        else:
            out.extend(ends)
    return sorted(set(out))


def _evaluation_figures(
    text: str, page: int | None, context: str | None
) -> tuple[list[Figure], list[str]]:
    """The figures stated in `text` and the sentences with a percentage not understood.

    `context` is the satisfaction measure that clauses naming only a talk or a session
    take over («Sesjon 1–4: 67 %» under «Andel fornøyd per sesjon:»).
    """
    figures: list[Figure] = []
    unread: list[str] = []
    for sentence in _SENTENCE_SPLIT_RE.split(text):
        amounts: list[re.Match[str]] = []
        for pattern in _FIGURE_RES:
            for match in pattern.finditer(sentence):
                if not any(m.start() < match.end() and match.start() < m.end() for m in amounts):
                    if "min" in match.groupdict() and (
                        _NUMBERED_BEFORE_RE.search(sentence[: match.start()])
                        or int(match.group("min")) >= int(match.group("max"))
                    ):
                        continue
                    amounts.append(match)
        if not amounts:
            continue
        amounts.sort(key=lambda m: m.start())
        marked = sentence
        for number, match in reversed(list(enumerate(amounts))):
            marked = f"{marked[: match.start()]}\x01P{number}\x02{marked[match.end() :]}"
        if _TABLE_ROW_RE.search(marked):
            unread.append(_TABLE)  # a distribution's columns need their header to be read
            continue
        marked, refs = _mark_refs(marked)
        marked = _BOTH_FEELINGS_RE.sub("fornøyd", marked)
        read = _respectively(marked, amounts, refs, page, context)
        if read is None:
            read = []
            for segment in _segments(marked):
                figure, context = _segment_figure(segment, amounts, refs, page, context)
                if figure is None:
                    unread.append(sentence.strip())
                else:
                    read.append(figure)
        # beside «svært fornøyd», a plain «fornøyd» is the scale's next step, not the share of
        # both: staff say what it is
        very = {(f.subject, tuple(f.sessions)) for f in read if f.measure == "very_satisfied"}
        if any(f.measure == "satisfied" and (f.subject, tuple(f.sessions)) in very for f in read):
            read = [f for f in read if f.measure != "satisfied"]
            unread.append(sentence.strip())
        figures.extend(read)
    unread = list(dict.fromkeys(unread))
    return figures, unread


def _mark_refs(marked: str) -> tuple[str, dict[str, Ref]]:
    """Sessions and talks named by number replaced by tokens, and what each token stands for."""
    refs: dict[str, Ref] = {}

    def mark(match: re.Match[str], kind: str) -> str:
        key = f"{kind}{len(refs)}"
        numbers = match.group("numbers")
        word = match.group(0)[: match.start("numbers") - match.start()].strip()
        parts = [
            (_numbers(part), f"{word} {part.strip()}")
            for part in re.split(r"\s*(?:,|\bog\b|\beller\b)\s*", numbers)
        ]
        refs[key] = (kind, _numbers(numbers), match.group(0), parts)
        return f"\x01{key}\x02"

    marked = _SESSION_REF_RE.sub(lambda m: mark(m, "S"), marked)
    marked = _TALK_REF_RE.sub(lambda m: mark(m, "T"), marked)
    return marked, refs


def _segments(marked: str) -> list[str]:
    """`marked` cut into pieces with one figure each; the words between stay with a figure."""
    pieces = [p for p in _CLAUSE_SPLIT_RE.split(marked) if p and p.strip()]
    merged: list[str] = []
    carry = ""
    for number, piece in enumerate(pieces):
        tokens = _TOKEN_RE.findall(piece)
        if any(kind == "P" for kind, _ in tokens):
            merged.append(f"{carry} {piece}".strip())
            carry = ""
        elif tokens and number + 1 < len(pieces) or not merged:
            carry = f"{carry} {piece}".strip()  # «i sesjon 1–4 og 5–8 var 67 %»: subject first
        else:
            merged[-1] += f" {piece}"
    if carry and merged:
        merged[-1] += f" {carry}"
    segments: list[str] = []
    for piece in merged:
        start = 0
        cuts = [m.end() for m in _TOKEN_RE.finditer(piece) if m.group(1) == "P"]
        for cut in cuts[:-1]:
            segments.append(piece[start:cut])
            start = cut
        segments.append(piece[start:])
    return segments


def _subject(segment: str, refs: dict[str, Ref]) -> tuple[str, list[int], str]:
    """(subject, sessions, label) named in one clause."""
    found = [refs[f"{kind}{n}"] for kind, n in _TOKEN_RE.findall(segment) if kind != "P"]
    sessions = sorted({n for kind, numbers, _, _ in found if kind == "S" for n in numbers})
    if sessions:
        label = " og ".join(text for kind, _, text, _ in found if kind == "S")
        return ("session" if len(sessions) == 1 else "sessions"), sessions, label
    talks = [(numbers, text) for kind, numbers, text, _ in found if kind == "T"]
    if talks:
        count = len({n for numbers, _ in talks for n in numbers})
        return ("talk" if count == 1 else "talks"), [], " og ".join(text for _, text in talks)
    named = _NAMED_TALK_RE.search(_TOKEN_RE.sub(" ", segment))
    if named:
        return "talk", [], named.group(0).strip()
    lower = segment.lower()
    for subject, pattern in _SUBJECT_WORDS:
        word = pattern.search(lower)
        if word:
            return subject, [], ""
    return "overall", [], ""


def _amount(match: re.Match[str]) -> dict[str, Any]:
    groups = match.groupdict()
    if groups.get("value") is not None:
        value = float(groups["value"].replace(",", "."))
        qualifier = (groups.get("qualifier") or "").lower()
        return {"value": int(value) if value.is_integer() else value, "qualifier": qualifier}
    return {"min": int(groups["min"]), "max": int(groups["max"])}


def _segment_figure(
    segment: str,
    amounts: list[re.Match[str]],
    refs: dict[str, Ref],
    page: int | None,
    context: str | None,
) -> tuple[Figure | None, str | None]:
    """The figure one clause states, and the satisfaction measure the next clause may take."""
    (number,) = [int(n) for kind, n in _TOKEN_RE.findall(segment) if kind == "P"]
    lower = _TOKEN_RE.sub(" ", segment).lower()
    measure = _measure(lower)
    subject, sessions, label = _subject(segment, refs)
    if measure is None and subject != "overall":
        measure = context
    if measure is None:
        return None, context
    if measure not in ("satisfied", "very_satisfied"):
        subject, sessions, label = "overall", [], ""
    else:
        context = measure
    amount = _amount(amounts[number])
    return Figure(measure, subject, sessions=sessions, label=label, page=page, **amount), context


def _respectively(
    marked: str,
    amounts: list[re.Match[str]],
    refs: dict[str, Ref],
    page: int | None,
    context: str | None,
) -> list[Figure] | None:
    """«I sesjon 1–4 og 5–8 var henholdsvis 67 og 81 % fornøyd»: figures paired in order."""
    if not _RESPECTIVELY_RE.search(marked):
        return None
    measure = _measure(_TOKEN_RE.sub(" ", marked).lower()) or context
    if measure not in ("satisfied", "very_satisfied"):
        return None
    named = [refs[f"{k}{n}"] for k, n in _TOKEN_RE.findall(marked) if k != "P"]
    subjects = [(kind, part) for kind, _, _, parts in named for part in parts]
    values: list[dict] = [_amount(match) for match in amounts]
    listed = re.search(r"((?:(?<![\w\x01])\d{1,3}\s*(?:,|\bog\b)\s*)+)\x01P(\d+)\x02", marked)
    if listed:  # «67 og 81 %»: the unit is written once, after the last
        bare = [{"value": int(n), "qualifier": ""} for n in re.findall(r"\d{1,3}", listed[1])]
        at = int(listed[2])
        values = values[:at] + bare + values[at:]
    if len(values) < 2 or len(subjects) != len(values):
        return None
    figures = []
    for (kind, (numbers, text)), amount in zip(subjects, values, strict=True):
        if kind == "S":
            subject = "session" if len(numbers) == 1 else "sessions"
            figures.append(
                Figure(measure, subject, sessions=numbers, label=text, page=page, **amount)
            )
        else:
            subject = "talk" if len(numbers) == 1 else "talks"
            figures.append(Figure(measure, subject, label=text, page=page, **amount))
    return figures
