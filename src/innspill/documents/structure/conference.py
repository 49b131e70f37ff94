"""Conference reports: talks, parallel sessions with their leaders and inputs, tips, the
closing summaries and the evaluation figures."""

from __future__ import annotations

import re
from typing import Any

from innspill.documents.figures import figures_clean, overall_values
from innspill.documents.layout import Block, join_hyphenated
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
    _UPPER,
    _clean_heading,
    _next_is_bullet,
    _sentences,
    _similar,
    _words,
    heading_opens,
    is_heading,
)

_APPENDIX_HEAD_RE = re.compile(r"^(?:vedlegg|appendiks|bilag)\b", re.I)
_ROLE_WORD = re.compile(
    r"(minister|statsråd|statssekretær|ordfører|rådmann|direktør|leder|forsker|rådgiver"
    r"|lektor|konsulent|sjef|professor|konferansier|panel)",
    re.IGNORECASE,
)
# «Kunnskapsdepartementet Eva Lindqvist»: the office's department is no part of the name
_ORGANISATION_RE = re.compile(r"(departement|direktorat|kommune|etaten|tilsynet)\w*$", re.I)
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
# «Tema 2: …» heads a session in some reports and a minister's summary in others
_THEME_RE = re.compile(r"^tema\s+(\d{1,2})\s*[:.–-]\s*(.*)$", re.IGNORECASE)
# «Gruppe B: …»: sessions lettered instead of numbered
_LETTERED_RE = re.compile(
    r"^(?i:gruppe|gruppesesjon|sesjon|parallell\s*-?\s*sesjon|workshop)\s+([A-L])\s*[:.–-]\s*(.*)$"
)
_SESSION_UNNUMBERED_RE = re.compile(r"^(?:parallell\s*-?\s*sesjon|sesjon)\s*[:–-]\s*(\S.*)$", re.I)
_LEAD_IN_RE = re.compile(r"(følgende|blant annet|innspill|forslag|kom fram|deltakerne)", re.I)
_TOC_LINE_RE = re.compile(r"(?:\.{3,}|…)\s*\d{1,3}$|[^\d\s.,%]\s+\d{1,3}$")
_INPUTS_RE = re.compile(
    r"^(?:innspill\s+(?:fra|frå)\s+deltaker\w*|deltakernes\s+innspill|innspill)\s*:?$",
    re.IGNORECASE,
)
_SUMMARY_RE = re.compile(
    r"^(oppsummering\w*\s+(?:fra|ved|av)|avsluttende\s+(kommentarer|oppsummering)"
    r"|\w+(?:s|nes)\s+oppsummering\w*|oppsummering\w*\s+og\s+veien\s+videre)",
    re.I,
)
_SUMMARY_ITEM_RE = re.compile(
    r"^(?:tema|sesjon|parallellsesjon)\s*(\d{1,2})\s*[:.–-]?\s*(.+)$", re.I
)
_EVAL_RE = re.compile(r"^(evaluering|evalueringen|tilbakemeldinger fra deltakerne)\b", re.I)
# the label may stand alone at the end of its line, with the name on the next
_LEADER_LINE_RE = re.compile(
    r"^(?:ved|ledet av|ledes av|leder|møteleder|sesjonsleder)(?:\s*:?\s+|\s*:?\s*$)", re.I
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
        if (
            token[:1].isupper()
            and not _ROLE_WORD.search(token)
            and not _ORGANISATION_RE.search(token)
            and len(name_tokens) < 4
        ):
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


def parse(body: list[Block], report: ParsedReport) -> set[int]:
    """Fill `report` with a conference report's talks, sessions, tips, summaries and evaluation.

    Returns the numbers of the sessions whose heading was glued to other lines, for
    `rate_sessions` once every reader has placed its inputs.
    """
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
    glued: set[int] = set()  # numbers of sessions whose heading ran into other lines
    group_at = -1  # where the current input group's heading stands

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
        theme = _THEME_RE.match(text) if section not in ("summaries", "tips") else None
        again = _SESSION_RE.match(text)
        if again and section in ("summaries", "evaluation") and _numbered(report, again):
            again = None  # «Sesjon 2 – statsråd …» over that session's summary, or its figure
        if _evaluation_line(section, text):
            again = theme = None  # «Sesjon 1–4: 67 % var fornøyd» is a figure, not a session
        lettered = _LETTERED_RE.match(text) if not block.is_bullet else None
        if lettered and not _mentions_session(text) and not _evaluation_line(section, text):
            close_talk()
            number = ord(lettered.group(1)) - ord("A") + 1
            session = _new_session(number, lettered.group(2), report, block, glued)
            section, in_inputs, group = "session", False, None
            in_inputs = bool(session.inputs)
            continue
        if not block.is_bullet and (again or theme) and not _mentions_session(text):
            close_talk()
            match = _SESSION_RE.match(text) or theme
            assert match is not None
            title, used = _leader_continued(match.group(2), body, index)
            consumed.update(used)
            session = _new_session(int(match.group(1)), title, report, block, glued)
            section, in_inputs, group = "session", False, None
            in_inputs = bool(session.inputs)  # a glued heading may have carried its first inputs
            continue
        unnumbered = _SESSION_UNNUMBERED_RE.match(text) if heading else None
        if unnumbered:
            close_talk()
            session = _new_session(
                len(report.sessions) + 1, unnumbered.group(1), report, block, glued
            )
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
        if not block.is_bullet and _is_tips_heading(text, heading):
            close_talk()
            section = "tips"
            tips_group = None
            if _next_is_bullet(body, index):
                tips_group = TipGroup(_clean_heading(text))
                report.tips.append(tips_group)
            continue
        compact = re.sub(r"[\s-]", "", text.lower())
        if heading and compact.startswith("paralle") and re.search(r"sjon(?:er|ene)$", compact):
            close_talk()
            section, session, in_session_list = "sessions", None, True
            continue

        # inside a section -----------------------------------------------------------
        if section == "tips":
            if _is_item(body, index):
                if tips_group is None:
                    tips_group = TipGroup("")
                    report.tips.append(tips_group)
                tips_group.items.append(_item_text(block))
                continue
            if _bullets_follow(body, index):
                if _is_topic_line(text, heading):
                    tips_group = TipGroup(_topic(text))
                    report.tips.append(tips_group)
                continue  # a topic, or a sentence that leads in to the next bullets
            section = "talks"  # the tips end where ordinary text starts

        if in_session_list and section in ("sessions", "other"):
            numbered = _NUMBERED_RE.match(text)
            if numbered and _opens_session(numbered, heading, block, report):
                session = _new_session(
                    int(numbered.group(1)), numbered.group(2), report, block, glued
                )
                section, in_inputs, group = "session", False, None
                continue

        if section == "session" and session is not None:
            if index in consumed:
                continue
            numbered = _NUMBERED_RE.match(text)
            if (
                in_session_list
                and numbered
                and _opens_session(numbered, heading, block, report)
                and not text.endswith(".")
            ):
                session = _new_session(
                    int(numbered.group(1)), numbered.group(2), report, block, glued
                )
                in_inputs, group = False, None
                continue
            if _is_link(body, index) or (
                heading and index + 1 < len(body) and _is_link(body, index + 1)
            ):
                continue  # names followed by addresses (and their heading): no inputs
            if session.leader is None and not in_inputs and not block.is_bullet:
                leader = _leader_line(body, index)
                if leader is not None:
                    (session.leader, session.leader_role), used = leader
                    consumed.update(used)
                    continue
            if _INPUTS_RE.match(text):
                in_inputs, group = True, None
                continue
            if not session.title and not in_inputs and not _is_item(body, index):
                _session_title(session, body, index, consumed)
                continue
            if block.is_bullet or (_is_item(body, index) and (in_inputs or _sentence_like(text))):
                in_inputs = True
                session.inputs.append(Input(_item_text(block), group, block.page, block.line))
                continue
            if heading and _next_is_item(body, index) and not text.endswith((":", "?")):
                group = _clean_heading(text)
                in_inputs = True
                continue
            if text.endswith((":", "?")) and _next_is_item(body, index):
                # a question or a short label groups the bullets; a lead-in sentence does not,
                # except that it keeps the topic heading right above it
                label = len(_words(text)) <= 12 and not _LEAD_IN_RE.search(text)
                if text.endswith("?") or label:
                    group = _clean_heading(text)
                elif group_at != index - 1:
                    group = None
                in_inputs = True
                continue
            if in_inputs:
                if heading and _bullets_follow(body, index):
                    group, group_at = _clean_heading(text), index  # a topic over a lead-in
                elif heading:
                    session = None
                    section = "other"
                    topic = text
                continue
            _session_intro(session, text, body[index - 1] if index else None)
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
    _finish_sessions(report, glued)
    if appendix_from is not None:
        in_appendix = {id(block) for block in body[appendix_from:]}
        unplaced = [block for block in unplaced if id(block) not in in_appendix]
    if unplaced:
        sample = "; ".join(b.text[:50] for b in unplaced[:3])
        report.warnings.append(f"{len(unplaced)} kulepunkt ble ikke plassert: {sample}")
    return glued


_GLUE_RE = re.compile(
    r"\s(?:innspill\s+(?:fra|frå)\s+deltaker\w*|deltakernes\s+innspill)\b|\s[•▪●◦]\s", re.I
)
# a heading ending in a dash and at most two capitalised words: a leader's name cut by the line
_DASH_TAIL_RE = re.compile(r"\s[–-]((?:\s+[A-ZÆØÅ][\w'-]*){0,2})\s*$")
_LEADER_SPLIT_RE = re.compile(
    r"(?:\s*[,(]\s*|\s+)(?=(?:ved|ledet\s+av|ledes\s+av|sesjonsleder|møteleder|ordstyrer)\b)",
    re.I,
)
# offices that lead a session when a line names them without «Ledet av»
_LEADING_OFFICE_RE = re.compile(
    r"(minister|statsråd|statssekretær|politisk\s+rådgiver|sesjonsleder|møteleder|ordstyrer)",
    re.I,
)
_RUNS_ON_RE = re.compile(rf"^(?:[{_UPPER}][\w'’-]*\s+){{1,2}}led(?:et|er|es)\b")
_URL_ANY_RE = re.compile(r"(?:https?://|www\.)\S+", re.I)
_NUMBERED_ITEM_RE = re.compile(r"^\d{1,2}[.)]\s+\S")
_TIPS_PHRASES = (
    "oppfordringer", "oppfordring", "anbefalinger", "råd og tips", "tips og råd",
    "viktige innspill", "hovedinnspill", "sentrale innspill", "gode råd",
)  # fmt: skip
_LEAD_IN_START_RE = re.compile(r"^(?:her|nedenfor|under|følgende|noen|dette|disse|de)\b", re.I)


def _new_session(
    number: int, title: str, report: ParsedReport, block: Block, glued_ids: set[int]
) -> Session:
    """A session from its heading; a heading glued to what follows it is cut and marked."""
    title = title.strip()
    glued = False
    carried: list[Input] = []
    cut = _GLUE_RE.search(title)
    if cut:
        # OCR ran the heading, the leader and the first inputs into one line
        rest = title[cut.start() :]
        title, glued = title[: cut.start()], True
        items = re.split(r"\s[•▪●◦]\s", " " + rest + " ")
        carried = [
            Input(item.strip(), None, block.page, block.line)
            for item in items[1:]
            if len(_words(item)) >= 2
        ]
    title, leader_text = _title_and_leader(title)
    if len(_words(title)) > 30:
        first = re.match(r"^(.+?[?.!])\s+\S", title)
        if first:
            title, glued = first.group(1), True
    session = Session(number=number, title=_clean_heading(title), page=block.page)
    if leader_text:
        session.leader, session.leader_role = parse_person(leader_text.strip(" ()"))
    session.inputs = carried
    if glued:
        glued_ids.add(session.number)
    report.sessions.append(session)
    return session


def _title_and_leader(title: str) -> tuple[str, str | None]:
    """A session title and the leader it names («… Ved statsråd X», «… – X, statssekretær»)."""
    split = _LEADER_SPLIT_RE.split(title, maxsplit=1)
    if len(split) == 2:
        return split[0], split[1]
    return _office_split(title)


def _session_title(session: Session, body: list[Block], index: int, consumed: set[int]) -> None:
    """The title line under a heading that gave only the session's number («Parallellsesjon
    2» / «Tillit og dialog Ved Ahmed Omar Farah»), with the leader it names."""
    title, used = _leader_continued(body[index].text, body, index)
    consumed.update(used)
    title, leader_text = _title_and_leader(title)
    session.title = _clean_heading(title)
    if leader_text and session.leader is None:
        session.leader, session.leader_role = parse_person(leader_text.strip(" ()"))


def _opens_session(
    numbered: re.Match[str], heading: bool, block: Block, report: ParsedReport
) -> bool:
    """A numbered line in the session list that starts a session: a heading, or the next
    session's number on a line that ends no sentence however long it is («2. Hvordan …? –
    Navn, statssekretær i …» runs past a heading's length with its question and leader)."""
    if heading:
        return True
    follows = int(numbered.group(1)) == len(report.sessions) + 1
    return follows and not block.is_bullet and not block.text.rstrip().endswith((".", ",", ";"))


def _numbered(report: ParsedReport, match: re.Match[str]) -> bool:
    return any(session.number == int(match.group(1)) for session in report.sessions)


def _leader_continued(title: str, body: list[Block], index: int) -> tuple[str, set[int]]:
    """A heading whose leader's name wrapped onto the next lines («… Ved statssekretær Kari» /
    «Nordmann»), with those lines joined, and the indices used."""
    used: set[int] = set()
    dashed = _dash_name_continued(title, body, index)
    if dashed is not None:
        return dashed
    if not _LEADER_SPLIT_RE.search(title) or title.endswith((".", "?", ")")):
        return title, used
    for nxt_index in range(index + 1, min(index + 3, len(body))):
        nxt = body[nxt_index]
        leader = _LEADER_SPLIT_RE.split(title, maxsplit=1)[-1]
        name, _role = parse_person(leader)
        words = _words(nxt.text)
        name_like = (
            len(words) <= 2
            and all(w[:1].isupper() for w in words)
            and not nxt.text.endswith((".", ":", "?"))
            and not _next_is_item(body, nxt_index)
        )
        if nxt.is_bullet or not (name is None and len(words) <= 6 or name_like):
            break
        title = join_hyphenated(title, nxt.text) if title.endswith("-") else f"{title} {nxt.text}"
        used.add(nxt_index)
        if parse_person(_LEADER_SPLIT_RE.split(title, maxsplit=1)[-1])[0] and not name_like:
            break
    return title, used


def _dash_name_continued(title: str, body: list[Block], index: int) -> tuple[str, set[int]] | None:
    """«Sesjon 1: Arbeid – Per Olav» / «Lund»: a name after the dash that wrapped (or the dash
    ending the line with the name under it), joined with the next line when that line is the
    rest of a name, with or without its office after a comma."""
    tail = _DASH_TAIL_RE.search(title)
    if tail is None or index + 1 >= len(body):
        return None
    nxt = body[index + 1]
    head = nxt.text.split(",")[0]
    words = _words(head)
    if (
        nxt.is_bullet
        or not 1 <= len(words) <= 3
        or not all(w[:1].isupper() for w in words)
        or len(_words(nxt.text)) > 12
        or nxt.text.rstrip().endswith((".", ":", "?", "!"))
    ):
        return None
    if len(_words(tail.group(1))) >= 2 and _next_is_item(body, index + 1):
        return None  # a whole name already, and a group's heading over its inputs under it
    joined = join_hyphenated(title, nxt.text) if title.endswith("-") else f"{title} {nxt.text}"
    name, _role = parse_person(joined[tail.start() :].lstrip(" –-"))
    return (joined, {index + 1}) if name else None


def _office_split(title: str) -> tuple[str, str | None]:
    """«Arbeid og språk – statsråd Kari Nordmann» or «Statsråd Kari Nordmann: Arbeid og språk»."""
    for separator in (" – ", " - ", ": "):
        head, sep, tail = title.rpartition(separator)
        tail = tail.strip(" ()")
        if sep and _ROLE_NAME_RE.fullmatch(tail):
            return head, tail
        name, role = parse_person(tail) if sep else (None, None)
        if name and tail.startswith(name) and (role is None or _LEADING_OFFICE_RE.search(role)):
            return head, tail  # «… – Kari Hansen, statssekretær i …», «… – Amina Hassan»
        head, sep, tail = title.partition(separator)
        if sep and _ROLE_NAME_RE.fullmatch(head.strip()):
            return tail, head
    return title, None


def _leader_line(
    body: list[Block], index: int
) -> tuple[tuple[str | None, str | None], set[int]] | None:
    """The session leader a line names, and the next line when the name runs onto it.

    «Ledet av kunnskaps- og integreringsminister Jan Tore Sanner», «Sesjonsleder: Ola
    Nordmann, statssekretær i …», «Statssekretær Kari Hansen, Kunnskapsdepartementet»; the
    office may be hyphenated and the name on the next line.
    """
    text = body[index].text
    if len(_words(text)) > 25:
        return None
    if _LEADER_LINE_RE.match(text):
        name, role = parse_person(text)
        nxt = body[index + 1] if index + 1 < len(body) else None
        if name is not None and role is None and nxt is not None and not nxt.is_bullet:
            # «Sesjonsleder: Ahmed Omar» / «Farah, statssekretær i …»: the surname ran on
            surname, comma, office = nxt.text.partition(",")
            one_word = len(_words(surname)) == 1 and surname[:1].isupper()
            if comma and one_word and _LEADING_OFFICE_RE.search(office):
                return parse_person(f"{text} {nxt.text}"), {index + 1}
        if name is not None:
            return (name, role), set()
        if nxt is not None and not nxt.is_bullet and len(_words(nxt.text)) <= 12:
            joined = join_hyphenated(text, nxt.text) if text.endswith("-") else f"{text} {nxt.text}"
            name, role = parse_person(joined)
            if name is not None:
                return (name, role), {index + 1}
        return None
    if text.endswith((".", "?", ":")) or len(_words(text)) > 16:
        return None
    nxt = body[index + 1] if index + 1 < len(body) else None
    if nxt is not None and _RUNS_ON_RE.match(nxt.text):
        # the name ends on the next line («… Ahmed Omar» / «Farah ledet …»), which stays for
        # the session's introduction
        name, role = _leader_in_prose(f"{text} {nxt.text}")
        return ((name, role), set()) if name is not None else None
    words = _words(text)
    if nxt is not None and len(words) <= 2 and all(w[:1].isupper() for w in words):
        # a first name alone, the rest of the name and the office on the next line
        name, role = parse_person(f"{text} {nxt.text}")
        if name is not None and role is not None and _LEADING_OFFICE_RE.search(role):
            return (name, role), {index + 1}
    name, role = parse_person(text)
    if name is None or role is None or not _LEADING_OFFICE_RE.search(role):
        return None
    return (name, role), set()


def _is_link(body: list[Block], index: int) -> bool:
    """A name or title followed by a web address (or an address on the next line)."""
    text = body[index].text
    found = _URL_ANY_RE.search(text)
    if found:
        before = text[: found.start()].strip(" :–-,(")
        after = _URL_ANY_RE.sub("", text[found.start() :]).strip(" .,;:)")
        return len(_words(before)) <= 10 and len(_words(after)) <= 2
    nxt = body[index + 1] if index + 1 < len(body) else None
    return (
        nxt is not None
        and len(_words(text)) <= 10
        and _URL_ANY_RE.fullmatch(nxt.text.strip(" .,;:()")) is not None
    )


def _mentions_session(text: str) -> bool:
    """A long paragraph that opens with «Sesjon 2 …» talks about a session; it is no heading
    unless it shows the marks of a heading OCR glued to its inputs."""
    return len(text) >= 260 and _GLUE_RE.search(text) is None


def _is_item(body: list[Block], index: int) -> bool:
    """A bullet, or a numbered line that is not the topic over bullets."""
    block = body[index]
    if block.is_bullet:
        return True
    if not _NUMBERED_ITEM_RE.match(block.text):
        return False
    return _sentence_like(block.text) or not _bullets_follow(body, index)


def _item_text(block: Block) -> str:
    return block.text if block.is_bullet else re.sub(r"^\d{1,2}[.)]\s+", "", block.text)


def _sentence_like(text: str) -> bool:
    return text.endswith((".", "!", "?")) or len(_words(text)) > 8


def _next_is_item(body: list[Block], index: int) -> bool:
    """The next block is a bullet or a numbered sentence («1. Flere lærlingplasser.»)."""
    if index + 1 >= len(body):
        return False
    nxt = body[index + 1]
    return nxt.is_bullet or (bool(_NUMBERED_ITEM_RE.match(nxt.text)) and _sentence_like(nxt.text))


def _bullets_follow(body: list[Block], index: int) -> bool:
    """Bullets come within the next three blocks, with no paragraph of text or session between."""
    for offset, block in enumerate(body[index + 1 : index + 4]):
        if block.is_bullet or _next_is_item(body, index + offset):
            return True
        if len(_words(block.text)) > 25 or _SESSION_RE.match(block.text):
            return False
    return False


def _is_tips_heading(text: str, heading: bool) -> bool:
    if not (heading or text.endswith(":")) or len(_words(text)) > 12:
        return False
    return heading_opens(text, _TIPS_PHRASES) is not None


def _is_topic_line(text: str, heading: bool) -> bool:
    if _LEAD_IN_START_RE.match(text) or _LEAD_IN_RE.search(text) and len(_words(text)) > 4:
        return False
    return heading and len(_words(text)) <= 10


def _topic(text: str) -> str:
    return _clean_heading(re.sub(r"^\d{1,2}[.)]\s+", "", text))


def _session_intro(session: Session, text: str, before: Block | None = None) -> None:
    for sentence in _sentences(text):
        for question in re.findall(r"[^.!?«»]*\?", sentence):
            question = question.strip(' «»"')
            if len(_words(question)) >= 3 and _similar(question, session.title) < 0.8:
                session.questions.append(question)
    if session.leader is None:
        # «Statssekretær i … Ahmed Omar» / «Farah ledet sesjonen …»: a line that ends
        # without a stop runs on into this paragraph
        open_line = before is not None and not before.is_bullet and before.text[-1:] not in ".!?:"
        if open_line and before is not None and len(_words(before.text)) <= 16:
            session.leader, session.leader_role = _leader_in_prose(f"{before.text} {text}")
        if session.leader is None:
            session.leader, session.leader_role = _leader_in_prose(text)


def _leader_in_prose(text: str) -> tuple[str | None, str | None]:
    """«Sesjonen ble ledet av statsråd X», «X (statssekretær, KD) ledet sesjonen», «statsråd X»."""
    led = re.search(r"\bled(?:et|es|er)\s+av\s+([^.;]+)", text)
    if led:
        name, role = parse_person(led.group(1))
        if name:
            return name, role
    office_first = re.search(
        rf"{_ROLE_NAME_RE.pattern}\s+led(?:et|er)\s+(?:sesjonen|samtalen|diskusjonen)", text
    )
    if office_first:
        return office_first.group("name"), office_first.group("role").strip()
    leading = re.search(
        rf"({_NAME})\s*(?:\(([^)]*)\)|,\s*([^,]+),)?\s+led(?:et|er)\s+(?:sesjonen|samtalen|diskusjonen)",
        text,
    )
    if leading:
        # «Kulturminister Thorhild Widvey leder sesjonen»: the capitals take in the office
        name, office = parse_person(leading.group(1))
        role = leading.group(2) or leading.group(3) or office
        return (name or leading.group(1)), role
    found = _ROLE_NAME_RE.search(text)
    if found:
        return found.group("name"), found.group("role").strip()
    return None, None


def _talk_start(body: list[Block], index: int) -> tuple[Talk, bool] | None:
    block = body[index]
    if not is_heading(block) or re.match(r"(?:se|les)\s+(?:hele|mer)\b", block.text, re.I):
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


def _finish_sessions(report: ParsedReport, glued: set[int]) -> None:
    if not report.sessions:
        report.warnings.append("Fant ingen parallellsesjoner")
    for session in report.sessions:
        session.questions = list(dict.fromkeys(session.questions))
        if session.leader is None:
            report.warnings.append(f"Sesjon {session.number}: fant ingen leder")


def rate_sessions(report: ParsedReport, glued: set[int]) -> None:
    """Each session's confidence, once every reader has placed its inputs.

    A session without inputs is a doubt only where the report lists inputs by session (at least
    half of its sessions have some); a report that sums up by topic leaves them empty by design.
    """
    by_session = 2 * sum(1 for s in report.sessions if s.inputs) >= len(report.sessions)
    for session in report.sessions:
        session.confidence = _session_confidence(
            session, glued=session.number in glued, inputs_expected=by_session
        )


def _session_confidence(session: Session, *, glued: bool, inputs_expected: bool) -> float:
    """1 for a session read whole; each thing missing or guessed takes its share off."""
    confidence = 1.0
    if not session.inputs and inputs_expected:
        confidence -= 0.5  # inputs lost, or a heading that is no session
    if session.leader is None:
        confidence -= 0.3
    if glued:
        confidence -= 0.35  # the heading ran into other lines; its title is a guess
    if not session.title:
        confidence -= 0.3
    return round(max(0.0, confidence), 2)


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
