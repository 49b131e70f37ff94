"""What a generated report says: its truth, made up from a seed.

The truth is what a perfect importer would read back: the cover's title and year, venue,
date, each session's number, title, leader and office, the participants' inputs (grouped
or not), the recommendations by topic, the ministers' summaries and each evaluation figure
as the report states it. Input texts are drawn from the project's labelled inputs (real
sentences from reports of the family); titles, names, places and figures come from the
hand-written lists below, so no variant copies a corpus report's layout.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from innspill.documents.model import Evaluation, Figure, ParsedReport

LABELLED = Path(__file__).resolve().parents[2] / "src/innspill/analysis/data/labelled_inputs.jsonl"

# Fiction: the years a made-up report may carry. Content, not a clock reading.
YEARS = (2012, 2040)

MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip

NAMES = (
    "Kari Nordmann", "Ola Hansen", "Amina Hassan", "Per Olav Lund", "Leyla Demir",
    "Jon Berg", "Ingrid Strand-Olsen", "Mohammed Ali", "Sofie Haugland", "Tor Erik Nilsen",
    "Fatima Yusuf", "Henrik Dahl", "Marte Kirkerud", "Ahmed Omar Farah", "Siri Lie-Jensen",
    "Nils Bakken", "Hanne Moe", "Dariusz Nowak", "Eva Lindqvist", "Arne Solheim",
)  # fmt: skip
OFFICES = (
    "kunnskaps- og integreringsminister",
    "arbeids- og inkluderingsminister",
    "kommunal- og distriktsminister",
    "barne- og familieminister",
    "kultur- og likestillingsminister",
    "helse- og omsorgsminister",
    "statssekretær i Arbeids- og inkluderingsdepartementet",
    "statssekretær i Kunnskapsdepartementet",
    "statssekretær i Justis- og beredskapsdepartementet",
    "statssekretær",
    "statsråd",
)
VENUES = (
    "Scandic Holmenkollen Park i Oslo",
    "Thon Hotel Opera i Oslo",
    "Radisson Blu Royal Hotel i Bergen",
    "Clarion Hotel The Edge i Tromsø",
    "Britannia Hotel i Trondheim",
    "Quality Hotel Expo i Bærum",
    "Kulturhuset Banken i Lillehammer",
    "Scandic Stavanger Forum i Stavanger",
    "Hotel Norge i Bergen",
    "Oslo Kongressenter i Oslo",
)
CONFERENCE_NAMES = (
    "Integreringskonferansen",
    "Den nasjonale integreringskonferansen",
    "Dialogkonferansen",
    "Inkluderingskonferansen",
)
SESSION_TITLES = (
    "Hvordan kan flere innvandrere komme i varig arbeid?",
    "Norskopplæring som virker",
    "Hvordan styrke samarbeidet mellom kommunen og frivillige organisasjoner?",
    "Bolig, nærmiljø og levekår",
    "Hvordan motvirke diskriminering i arbeidslivet?",
    "Barn og unge: skole, fritid og foreldresamarbeid",
    "Helse og tilgang til tjenester",
    "Kvalifisering og godkjenning av utdanning fra utlandet",
    "Hvordan kan innvandrerorganisasjoner bli hørt?",
    "Kvinner utenfor arbeidslivet",
    "Tillit, informasjon og dialog med myndighetene",
    "Hvordan skape gode møteplasser i lokalsamfunnet?",
    "Introduksjonsprogrammet etter ny lov",
    "Negativ sosial kontroll og æresrelatert vold",
    "Idrett og frivillighet som integreringsarena",
    "Ungdom med innvandrerbakgrunn og veien til utdanning",
)
GROUP_HEADINGS = (
    "Arbeid og kvalifisering",
    "Språk og opplæring",
    "Frivillig sektor",
    "Bolig og nærmiljø",
    "Holdninger og diskriminering",
    "Informasjon og dialog",
    "Barn og unge",
)
QUESTIONS = (
    "Hva hindrer deltakelse i dag?",
    "Hva kan kommunene gjøre bedre?",
    "Hvilke tiltak har virket der dere bor?",
    "Hva bør staten prioritere de neste årene?",
    "Hvordan kan organisasjonene bidra?",
    "Hvem bør ta ansvar for oppfølgingen?",
)
TIP_TOPICS = (
    "Arbeid", "Utdanning", "Frivillighet", "Bolig", "Holdninger", "Helse", "Informasjon",
)  # fmt: skip
LINK_NAMES = (
    ("Integrerings- og mangfoldsdirektoratet", "https://www.imdi.no"),
    ("Kompetanse Norge", "https://www.kompetansenorge.no"),
    ("Regjeringens integreringsstrategi", "https://www.regjeringen.no/integrering"),
    ("Frivillighet Norge", "https://www.frivillighetnorge.no"),
    ("Statistikk om innvandrere", "https://www.ssb.no/innvandring"),
    ("Husbanken: startlån", "https://www.husbanken.no/startlan"),
)
TALK_TITLES = (
    "Arbeid er nøkkelen til integrering",
    "Hva vet vi om innvandrere i arbeidslivet?",
    "Erfaringer fra en kommune som lyktes",
    "Tillit og deltakelse i lokalsamfunnet",
)


@dataclass
class InputGroup:
    """Inputs under one heading (a topic or a question), or under none."""

    heading: str | None
    inputs: list[str] = field(default_factory=list)


@dataclass
class SessionTruth:
    number: int
    title: str
    leader: str
    office: str
    intro: str
    groups: list[InputGroup] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)

    @property
    def inputs(self) -> list[str]:
        return [text for group in self.groups for text in group.inputs]


@dataclass
class Truth:
    """The content of one report, as a perfect importer would read it back."""

    seed: int
    name: str  # the conference's name, «Integreringskonferansen»
    year: int
    title: str  # the cover's title
    venue: str
    date: str  # «27. september 2023»
    participants: int
    first_year: int  # «arrangert hvert år siden 2014»
    intro: list[str]
    tips: list[InputGroup]
    talks: list[tuple[str, str, list[str]]]  # title, speaker line, paragraphs
    sessions: list[SessionTruth]
    summaries: list[tuple[int, list[str]]]  # session number, paragraphs
    figures: list[Figure]
    evaluation: list[str]  # the evaluation section's sentences, each stating figures
    kind: str = "conference_report"

    @property
    def inputs(self) -> list[str]:
        return [text for session in self.sessions for text in session.inputs]


@cache
def _sentences() -> tuple[str, ...]:
    """Labelled input texts that read as one complete sentence of 6–40 words."""
    found: list[str] = []
    for line in LABELLED.read_text("utf-8").splitlines():
        text = " ".join(json.loads(line)["text"].split())
        words = text.split()
        if not 6 <= len(words) <= 40 or not text[:1].isupper() or text[-1] not in ".!":
            continue
        if any(mark in text for mark in ("http", "www.", "•", "?", ":")) or text.count(".") > 2:
            continue
        found.append(text)
    return tuple(dict.fromkeys(found))


def make_content(seed: int) -> Truth:
    """The content of one made-up report of the conference family."""
    rng = random.Random(f"content-{seed}")
    pool = list(_sentences())
    rng.shuffle(pool)

    def take(count: int) -> list[str]:
        taken, pool[:count] = pool[:count], []
        return taken

    year = rng.randint(*YEARS)
    name = rng.choice(CONFERENCE_NAMES)
    title = rng.choice((f"{name} {year}", f"Rapport fra {name.lower()} {year}"))
    if title.startswith("Rapport fra den"):
        title = title.replace("Rapport fra den", "Rapport fra Den", 1)
    month = rng.randint(3, 11)
    day = rng.randint(1, 28)
    venue = rng.choice(VENUES)
    participants = rng.randint(90, 320)
    first_year = year - rng.randint(3, 9)

    session_count = rng.randint(4, 8)
    titles = rng.sample(SESSION_TITLES, session_count)
    people = rng.sample(NAMES, session_count)
    sessions: list[SessionTruth] = []
    for number, (session_title, leader) in enumerate(zip(titles, people, strict=True), 1):
        groups: list[InputGroup] = []
        headings = rng.choice((GROUP_HEADINGS, QUESTIONS))
        for heading in rng.sample(headings, rng.randint(2, 3)):
            groups.append(InputGroup(heading, take(rng.randint(2, 5))))
        links = rng.sample(LINK_NAMES, rng.randint(2, 3)) if rng.random() < 0.4 else []
        sessions.append(
            SessionTruth(
                number=number,
                title=session_title,
                leader=leader,
                office=rng.choice(OFFICES),
                intro=" ".join(take(2)),
                groups=groups,
                links=links,
            )
        )
    tips = [InputGroup(topic, take(rng.randint(2, 4))) for topic in rng.sample(TIP_TOPICS, 3)]
    speakers = [p for p in NAMES if p not in people]
    talks = [
        (
            talk_title,
            f"{rng.choice(speakers)}, {rng.choice(('forsker', 'rådgiver', 'daglig leder'))}",
            [" ".join(take(3)) for _ in range(2)],
        )
        for talk_title in rng.sample(TALK_TITLES, rng.randint(1, 2))
    ]
    summaries = [(s.number, [" ".join(take(2))]) for s in sessions] if rng.random() < 0.6 else []
    figures, evaluation = _evaluation(rng, session_count)
    return Truth(
        seed=seed,
        name=name,
        year=year,
        title=title,
        venue=venue,
        date=f"{day}. {MONTHS[month - 1]} {year}",
        participants=participants,
        first_year=first_year,
        intro=[" ".join(take(2))],
        tips=tips,
        talks=talks,
        sessions=sessions,
        summaries=summaries,
        figures=figures,
        evaluation=evaluation,
    )


def _satisfied(given: Evaluation | None, subjects: tuple[str, ...]) -> list[int]:
    """A report's own satisfaction figures about `subjects` (a range gives both its ends)."""
    values: list[int] = []
    for figure in given.figures if given else []:
        if figure.measure == "satisfied" and figure.subject in subjects:
            ends = [figure.value] if figure.value is not None else [figure.min, figure.max]
            values.extend(round(v) for v in ends if v is not None)
    return values


def _evaluation(
    rng: random.Random, sessions: int, given: Evaluation | None = None
) -> tuple[list[Figure], list[str]]:
    """Evaluation figures and the sentences that state them, in one of several wordings;
    `given` (a report's own figures) replaces the drawn values."""
    figures: list[Figure] = []
    text: list[str] = []
    drawn = rng.randint(30, 75)
    rate = given.response_rate if given and given.response_rate else drawn
    figures.append(Figure("response_rate", value=rate))
    text.append(
        rng.choice(
            (
                f"{rate} % av deltakerne besvarte evalueringen.",
                f"Svarprosenten var {rate} prosent.",
                f"Av de inviterte svarte {rate} % på spørreskjemaet.",
            )
        )
    )
    drawn = rng.randint(70, 98)
    overall = given.satisfied_overall if given and given.satisfied_overall else drawn
    figures.append(Figure("satisfied", value=overall))
    text.append(
        rng.choice(
            (
                f"{overall} % var svært fornøyd eller fornøyd med konferansen samlet sett.",
                f"Hele {overall} prosent av de som svarte, var fornøyd med konferansen som helhet.",
            )
        )
    )
    low, high = sorted(rng.sample(range(50, 96), 2))
    as_range = rng.random() < 0.6
    plenary = _satisfied(given, ("plenary", "talk", "talks"))
    if plenary:
        low, high = min(plenary), max(plenary)
        as_range = low != high
    if as_range:
        figures.append(Figure("satisfied", subject="talks", min=low, max=high))
        text.append(
            rng.choice(
                (
                    f"Mellom {low} og {high} % var fornøyd med innleggene i plenum.",
                    f"Tilfredsheten med innleggene varierte mellom {low} og {high} prosent.",
                )
            )
        )
    else:
        figures.append(Figure("satisfied", subject="plenary", value=high))
        text.append(f"{high} % var fornøyd med plenumsdelen.")
    grouped = sessions >= 4 and rng.random() < 0.6
    in_sessions = _satisfied(given, ("session", "sessions"))
    if in_sessions:
        grouped = False
    if grouped:
        half = sessions // 2
        first, second = rng.randint(60, 95), rng.randint(60, 95)
        figures.append(
            Figure("satisfied", subject="sessions", value=first, sessions=list(range(1, half + 1)))
        )
        figures.append(
            Figure(
                "satisfied",
                subject="sessions",
                value=second,
                sessions=list(range(half + 1, sessions + 1)),
            )
        )
        text.append(
            f"For sesjon 1–{half} var {first} % fornøyd, og for sesjon "
            f"{half + 1}–{sessions} var {second} % fornøyd."
        )
    else:
        drawn = rng.randint(60, 95)
        value = in_sessions[0] if in_sessions else drawn
        figures.append(Figure("satisfied", subject="sessions", value=value))
        text.append(f"{value} % var fornøyd med parallellsesjonen de deltok i.")
    drawn = rng.randint(60, 95)
    attend = given.would_attend_next_year if given and given.would_attend_next_year else drawn
    figures.append(Figure("attend_next_year", value=attend))
    with_maybe = rng.random() < 0.5
    maybe = rng.randint(3, 100 - attend)
    if given:
        with_maybe, maybe = given.maybe_next_year is not None, given.maybe_next_year or 0
    if with_maybe:
        figures.append(Figure("maybe_next_year", value=maybe))
        text.append(
            f"{attend} % ønsker å delta på neste års konferanse, og {maybe} % svarte kanskje."
        )
    else:
        text.append(f"{attend} % vil gjerne delta neste år.")
    return figures, text


def content_from_report(parsed: ParsedReport, seed: int) -> Truth:
    """The content of a report the current importer reads right (a corpus report), to lay
    out anew; `seed` draws what the report does not give (wordings, session introductions).

    Offices are written the way the layouts name them («statssekretær i
    Kunnskapsdepartementet»); evaluation figures keep the report's values.
    """
    rng = random.Random(f"content-{seed}")
    assert parsed.year is not None and parsed.facts.venue and parsed.facts.date
    sessions = []
    for session in parsed.sessions:
        groups: list[InputGroup] = []
        for item in session.inputs:
            if not groups or groups[-1].heading != item.group:
                groups.append(InputGroup(item.group))
            groups[-1].inputs.append(item.text)
        office = (session.leader_role or "").replace(", ", " i ")
        sessions.append(
            SessionTruth(
                number=session.number,
                title=session.title,
                leader=session.leader or "",
                office=office[:1].lower() + office[1:],
                intro="Sesjonen åpnet med en kort innledning, og deretter fikk salen ordet.",
                groups=groups,
            )
        )
    figures, evaluation = _evaluation(rng, len(sessions), parsed.evaluation)
    name = re.sub(rf"\s*{parsed.year}$", "", parsed.title)
    focus = f"Årets konferanse fokuserte på {parsed.facts.focus}." if parsed.facts.focus else ""
    return Truth(
        seed=seed,
        name=name,
        year=parsed.year,
        title=parsed.title,
        venue=parsed.facts.venue,
        date=parsed.facts.date,
        participants=parsed.facts.participants or 200,
        first_year=parsed.year - rng.randint(3, 9),
        intro=[focus] if focus else [],
        tips=[InputGroup(group.topic, list(group.items)) for group in parsed.tips],
        talks=[
            (talk.title, f"{talk.speaker}, {talk.role}", talk.text.split("\n\n")[:3])
            for talk in parsed.talks
            if talk.speaker and talk.role
        ],
        sessions=sessions,
        summaries=[(s.session, [" ".join(s.items)]) for s in parsed.summaries if s.session],
        figures=figures,
        evaluation=evaluation,
    )
