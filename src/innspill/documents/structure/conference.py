"""Conference reports: talks, parallel sessions with their leaders and inputs, tips, the
closing summaries and the evaluation figures."""

from __future__ import annotations

import re

from innspill.documents.layout import Block
from innspill.documents.model import (
    Evaluation,
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
        if not block.is_bullet and _SESSION_RE.match(text) and len(text) < 260:
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
            if block.is_bullet:
                report.evaluation.suggestions.append(text)
            else:
                _evaluation_text(report.evaluation, text)
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


def _evaluation_text(evaluation: Evaluation, text: str) -> None:
    for sentence in _sentences(text):
        lower = sentence.lower()
        pcts = [int(p) for p in re.findall(_PCT, sentence)]
        if not pcts:
            continue
        span = re.search(r"mellom\s+(\d{1,3})\s*(?:%|prosent)?\s*og\s+(\d{1,3})", lower)
        values = [int(span.group(1)), int(span.group(2))] if span else pcts
        if evaluation.response_rate is None and re.search(
            r"(besvarte|svarte|svarprosent|har svart|responsrate)", lower
        ):
            evaluation.response_rate = pcts[0]
        elif "kanskje" in lower and evaluation.maybe_next_year is None:
            evaluation.maybe_next_year = pcts[-1]
            if "neste år" in lower and evaluation.would_attend_next_year is None and len(pcts) > 1:
                evaluation.would_attend_next_year = pcts[0]
        elif "neste år" in lower and re.search(r"(delta|komme|være med)", lower):
            if evaluation.would_attend_next_year is None:
                evaluation.would_attend_next_year = pcts[0]
        elif "fornøyd" in lower and re.search(r"(innlegg|innledning|foredrag|plenum)", lower):
            evaluation.satisfied_plenary = values
        elif "fornøyd" in lower and re.search(r"(sesjon|gruppe)", lower):
            evaluation.satisfied_sessions = values
        elif "fornøyd" in lower and evaluation.satisfied_overall is None:
            evaluation.satisfied_overall = pcts[0]
