"""Conference reports that sum up by topic.

Some conference reports sum up by topic: after the summary come sections of prose
(«Det ble etterlyst …», «Flere deltakere påpekte …») and long bullets, with no lists of the
participants' inputs. Their inputs are the sentences that report what participants said or
asked for; what ministers and the government said is context, not input.
"""

from __future__ import annotations

import re

from innspill.documents.layout import Block
from innspill.documents.model import Input, ParsedReport, Session, TipGroup
from innspill.documents.structure.common import _article_starts, _clean_heading, _words, is_heading
from innspill.documents.structure.conference import _INPUTS_RE, _SESSION_RE, _speaker_line

_APPENDIX_RE = re.compile(
    r"^(?:vedlegg|appendiks|bilag|program(?:met)?\b|referanser|litteratur|kilder)", re.I
)
_OFFICIAL = (
    r"(?:\w*minister\w*|statsråd\w*|statssekretær\w*|regjering\w*|\w+departement\w*"
    r"|direktorat\w*|politiet)"
)
_OFFICIAL_RE = re.compile(rf"\b{_OFFICIAL}\b", re.I)
# «fra regjeringens side», «ifølge ministeren»: the official is the one speaking
_OFFICIAL_AGENT_RE = re.compile(
    rf"\b(?:fra|av|ifølge|i\s+følge)\s+(?:[\w-]+\s+){{0,3}}?{_OFFICIAL}\b", re.I
)
_OFFICIAL_SAYS_RE = re.compile(
    rf"\b(?:sier|sa|avsluttet|fremhever|framhever|understreker|påpeker|mener|opplyser)\s+"
    rf"(?:[\w-]+\s+){{0,1}}{_OFFICIAL}\b",
    re.I,
)
_ADDRESSED_RE = re.compile(r"\s+(?:oppfordres|bes|inviteres|blir\s+(?:bedt|invitert))\b", re.I)
_PARTICIPANT_RE = re.compile(
    r"\b(?:\w*deltaker\w*|salen|\w*organisasjon\w*|representant\w*|foreninge\w*"
    r"|ledere\s+for|fra\s+flere\s+hold|flere\s+som|mange\s+i)\b",
    re.I,
)
# verbs and nouns by which a report says that something was asked for or pointed out
_REPORTED_RE = re.compile(
    r"\b(?:etterly\w*|foresl\w*|forslag\w*|påpek\w*|pek(?:t|te|er)\s+på|savn\w*|ønske\w*"
    r"|behov\w*|spilt\s+inn|etterspur\w*|ment[ea]|mener|oppfordr\w*|bekymr\w*|frustrer\w*"
    r"|kritis\w*|understrek\w*|framhev\w*|fremhev\w*|framhold\w*|vektlagt|trukket\s+fram"
    r"|fremmet|ble\s+(?:det\s+)?sagt|uttrykt\w*|anbefal\w*)\b",
    re.I,
)
# a demand or a barrier stated without a reporting verb
_NEED_RE = re.compile(
    r"\b(?:bør|burde|må|måtte|trenger|trengs|utfordring\w*|vanskelig\w*|problem(?:er|et|ene)?"
    r"|barriere\w*|hinder|hindrer|mangel\w*|manglende|mangler|krevende|misbruk\w*|sliter"
    r"|opplever|oppleves|ikke\s+nok|for\s+lite|for\s+dyrt|(?:ikke|uten\s+å)\s+få\w*"
    r"|får\s+ikke)\b",
    re.I,
)
_SAYS_RE = re.compile(
    r"\b(?:forteller|fortalte|opplever|opplevde|opplyser|informer\w*|sier|sa|nevner|nevnte)\b",
    re.I,
)
_PASSIVE_RE = re.compile(
    r"\bble\s+(?:det\s+)?(?:også\s+)?(?:\w+\s+){0,2}?(?:etterlyst|foreslått|påpekt|pekt"
    r"|understreket|framhevet|fremhevet|sagt|nevnt|trukket|fremmet|spilt|uttrykt|vektlagt"
    r"|fokusert)\b|\b(?:etterlyses|påpekes|foreslås|understrekes|fremheves|framheves)\b",
    re.I,
)
_ANAPHORIC_RE = re.compile(r"^(?:dette|disse|denne|det\s+synliggjør|her|de)\b", re.I)
_LED_SESSION_RE = re.compile(
    r"sesjon\w*\b.{0,160}?\b(?:ledet|ledes)\s+av\b|\bledet\s+sesjonen", re.I
)


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph; a full stop before a capital letter ends one."""
    parts = re.split(r"(?<=[.!?])\s+(?=[«\"A-ZÆØÅ])", re.sub(r"\s+", " ", text).strip())
    return [part.strip() for part in parts if part.strip()]


def _speaker(sentence: str) -> str | None:
    """«official» when a minister or the government speaks, «participant», or None."""
    official = _OFFICIAL_RE.search(sentence)
    participant = _PARTICIPANT_RE.search(sentence)
    if participant is not None and _ADDRESSED_RE.match(sentence, participant.end()):
        participant = None  # «Innvandrerorganisasjoner oppfordres til …» is spoken to
    if official is None:
        # the report's own passive («Det ble etterlyst …») speaks for the participants
        return "participant" if participant or _PASSIVE_RE.search(sentence) else None
    if participant is not None and participant.start() < official.start():
        return "participant"
    cue = _REPORTED_RE.search(sentence) or _SAYS_RE.search(sentence)
    if _OFFICIAL_AGENT_RE.search(sentence) or cue is None or official.start() < cue.start():
        return "official"
    if _OFFICIAL_SAYS_RE.search(sentence):
        return "official"  # «…, fremhever statssekretær i …», «sier statsråden»
    return "participant" if participant else None


def _is_reported_input(sentence: str, speaker: str | None, *, named: bool = False) -> bool:
    if len(_words(sentence)) < 6 or sentence.endswith(":") or speaker == "official":
        return False
    reported = _REPORTED_RE.search(sentence) is not None
    if _ANAPHORIC_RE.match(sentence):
        return reported  # «Dette er alle virkemidler …» leans on the sentence before
    if reported or _NEED_RE.search(sentence):
        return True
    if speaker != "participant":
        return False
    # what participants tell is theirs; what they find important only where they are named
    return _SAYS_RE.search(sentence) is not None or (named and "viktig" in sentence.lower())


def reported_inputs(text: str) -> list[str]:
    """The sentences of a paragraph that report what participants said, asked for or lack."""
    sentences = split_sentences(text)
    speakers = [_speaker(sentence) for sentence in sentences]
    # a paragraph closed by «…, avsluttet statssekretæren» is the official's; otherwise a sentence without its own speaker goes on
    # with the one before
    only_officials = (
        bool(sentences)
        and _OFFICIAL_SAYS_RE.search(sentences[-1]) is not None
        and "participant" not in speakers
    )
    found: list[str] = []
    state: str | None = None
    for sentence, speaker in zip(sentences, speakers, strict=True):
        state = "official" if only_officials else speaker or state
        if _is_reported_input(sentence, state, named=speaker == "participant"):
            found.append(sentence)
    return found


def _bullet_inputs(text: str) -> list[str]:
    sentences = split_sentences(text)
    if len(sentences) > 1:
        return reported_inputs(text)  # a long bullet is a paragraph
    if len(_words(text)) < 3 or _speaker(text) == "official":
        return []
    return [text]


def _topic_spans(body: list[Block], toc_titles: list[str]) -> list[tuple[int, int]]:
    """Sections from a contents title (or a heading over prose) to the next, before appendices."""
    starts = sorted(_article_starts(body, toc_titles)) if toc_titles else []
    if len(starts) < 3:
        starts = [
            i
            for i, block in enumerate(body[:-1])
            if is_heading(block)
            and not block.text.endswith(":")
            and _speaker_line(block.text) is None  # «Name, role» under a talk's title
            and not body[i + 1].is_bullet
            and not is_heading(body[i + 1])
            and len(_words(body[i + 1].text)) >= 12
        ]
    end = len(body)
    appendix = next((i for i in starts if _APPENDIX_RE.match(body[i].text)), None)
    if appendix is not None:
        end = appendix
    starts = [i for i in starts if i < end]
    return list(zip(starts, [*starts[1:], end], strict=True)) if starts else []


def is_topic_summary(body: list[Block], toc_titles: list[str]) -> bool:
    """A body of topic sections in prose, without lists of the participants' inputs."""
    if any(_INPUTS_RE.match(b.text) for b in body if not b.is_bullet):
        return False
    spans = _topic_spans(body, toc_titles)
    if len(spans) < 3:
        return False
    prose = bullets = 0
    for start, end in spans:
        for block in body[start + 1 : end]:
            if block.is_bullet:
                bullets += len(_words(block.text))
            elif not is_heading(block):
                prose += len(_words(block.text))
    return prose >= 60 and prose >= 1.5 * bullets


def _led_session(span: list[Block], sessions: list[Session]) -> Session | None:
    """The session a topic section reports, when its first paragraph says who led it."""
    first = next((b for b in span[1:] if not b.is_bullet and not is_heading(b)), None)
    if first is None:
        return None
    opening = split_sentences(first.text)[0] if first.text else ""
    if not _LED_SESSION_RE.search(opening):
        return None
    return next((s for s in sessions if s.leader and s.leader in opening), None)


def parse(body: list[Block], toc_titles: list[str], report: ParsedReport) -> None:
    """Participants' inputs of a topic-summary report, sentence by sentence, per topic."""
    placed = {(item.page, item.line) for item in report.inputs}
    # a talk's summary is the speaker's, not the participants': skip it to the section's end
    talk_titles = {talk.title for talk in report.talks}
    tip_of = {item: group for group in report.tips for item in group.items}
    refilled: set[int] = set()
    groups: list[TipGroup] = []
    found = 0
    for start, end in _topic_spans(body, toc_titles):
        title = _clean_heading(body[start].text)
        session = _led_session(body[start:end], report.sessions)
        topic_group = TipGroup(title)
        in_talk = title in talk_titles
        for block in body[start + 1 : end]:
            numbered = _SESSION_RE.match(block.text) if not block.is_bullet else None
            if numbered:
                number = int(numbered.group(1))
                session = next((s for s in report.sessions if s.number == number), None)
                continue
            if is_heading(block):
                in_talk = in_talk or _clean_heading(block.text) in talk_titles
                continue
            if in_talk or (block.page, block.line) in placed:
                continue
            if block.is_bullet:
                sentences = _bullet_inputs(block.text)
            else:
                sentences = reported_inputs(block.text)
            target = tip_of.get(block.text) if block.is_bullet else None
            if target is not None and id(target) not in refilled:
                refilled.add(id(target))
                target.items = []
            found += len(sentences)
            if target is None and session is not None:
                session.inputs += [Input(s, title, block.page, block.line) for s in sentences]
                continue
            group = target or topic_group
            group.items += [s for s in sentences if s not in group.items]
            if group.items and group not in groups:
                groups.append(group)
    kept = [g for g in report.tips if not any(g is other for other in groups)]
    report.tips = kept + groups
    if not found:
        report.warnings.append("Fant ingen innspill fra deltakerne i temadelene")
