"""Synthetic report data at a realistic scale, for the benchmark, the tests and the demo.

Seeded, so every run makes the same text; the words are ordinary Norwegian integration
vocabulary, the sentences are nonsense.
"""

from __future__ import annotations

import random

from innspill.documents.render.builders import (
    ATTEND_NEXT_YEAR,
    RESPONSE_RATE,
    SATISFIED_OVERALL,
    ConferenceFacts,
    ConferenceReportData,
    Evaluation,
    GoodExample,
    InputReportData,
    QuestionInputs,
    RecurringInput,
    SelectionRow,
    Session,
    SessionInput,
    SessionSummary,
    Talk,
    TipGroup,
)
from innspill.documents.render.charts import INTENT_LEVELS, SATISFACTION_LEVELS

WORDS = [
    "arbeid",
    "kvalifisering",
    "norskopplæring",
    "frivillighet",
    "kommunen",
    "introduksjonsprogrammet",
    "arbeidsgivere",
    "innvandrere",
    "deltakelse",
    "inkludering",
    "bolig",
    "utdanning",
    "fagbrev",
    "praksisplass",
    "nettverk",
    "møteplasser",
    "diskriminering",
    "tillit",
    "samarbeid",
    "organisasjoner",
    "ungdom",
    "kvinner",
    "foreldre",
    "barnehage",
    "helse",
    "informasjon",
    "veiledning",
    "kompetanse",
    "godkjenning",
    "språk",
    "mentor",
    "lokalsamfunnet",
    "idrett",
    "tilskudd",
    "ordninger",
    "forutsigbar",
    "langsiktig",
    "tiltak",
    "oppfølging",
    "rettigheter",
    "plikter",
    "dialog",
    "holdninger",
    "rollemodeller",
    "familier",
    "skole",
    "lærlingplass",
    "NAV",
]
VERBS = ["må", "bør", "skal", "kan", "trenger", "ønsker", "styrker", "gir", "sikrer"]
GROUPS = (
    "Arbeid og kvalifisering",
    "Utdanning",
    "Frivillig sektor",
    "Bolig og nærmiljø",
    "Holdninger og diskriminering",
)
ROLES = ("Arbeids- og sosialminister", "statssekretær", "kunnskapsminister", "statssekretær")
NAMES = ("Kari Nordmann", "Ola Hansen", "Amina Hassan", "Per Olsen", "Leyla Demir", "Jon Berg")


def _sentence(rng: random.Random, words: int) -> str:
    picked = [rng.choice(WORDS) for _ in range(words)]
    picked.insert(min(2, len(picked)), rng.choice(VERBS))
    text = " ".join(picked)
    return text[0].upper() + text[1:] + "."


def _text(rng: random.Random, sentences: int, words: tuple[int, int]) -> str:
    return " ".join(_sentence(rng, rng.randint(*words)) for _ in range(sentences))


def conference_data(
    *,
    sessions: int = 8,
    inputs_per_session: int = 40,
    talks: int = 6,
    questions: int = 12,
    seed: int = 2017,
) -> ConferenceReportData:
    """A conference at the scale of a large year (8 × 40 inputs is about 40 pages)."""
    rng = random.Random(seed)
    facts = ConferenceFacts(
        name="Integreringskonferansen",
        year=2026,
        date="24. september 2026",
        venue="Thon Hotel Opera i Oslo",
        participants=240,
        introduction=[_text(rng, 4, (10, 18)) for _ in range(3)],
    )
    tips = [TipGroup(heading=g, items=[_text(rng, 1, (8, 16)) for _ in range(6)]) for g in GROUPS]
    talk_list = [
        Talk(
            title=_text(rng, 1, (5, 9)).rstrip(".") + "?",
            speaker=f"{rng.choice(NAMES)}, forsker",
            summary=[_text(rng, 4, (10, 18)) for _ in range(4)],
            quotes=[_text(rng, 1, (6, 12))],
        )
        for _ in range(talks)
    ]
    session_list = []
    summaries = []
    for number in range(1, sessions + 1):
        role, leader = ROLES[number % len(ROLES)], NAMES[number % len(NAMES)]
        session_list.append(
            Session(
                number=number,
                title=_text(rng, 1, (6, 10)).rstrip(".") + "?",
                leader=leader,
                leader_role=role,
                introduction=[_text(rng, 3, (10, 18))],
                questions=[_text(rng, 1, (6, 10)).rstrip(".") + "?" for _ in range(2)],
                inputs=[
                    SessionInput(
                        text=_text(rng, rng.randint(1, 2), (7, 14)), group=rng.choice(GROUPS)
                    )
                    for _ in range(inputs_per_session)
                ],
            )
        )
        summaries.append(
            SessionSummary(
                number=number,
                leader=leader,
                leader_role=role,
                paragraphs=[_text(rng, 4, (10, 18)) for _ in range(3)],
            )
        )
    satisfaction = {"Konferansen samlet sett": _answers(rng, SATISFACTION_LEVELS)}
    talk_questions, session_questions = [], []
    for talk in talk_list[: questions // 2]:
        satisfaction[talk.title] = _answers(rng, SATISFACTION_LEVELS)
        talk_questions.append(talk.title)
    for session in session_list:
        if len(satisfaction) >= questions:
            break
        name = f"Parallellsesjon {session.number}"
        satisfaction[name] = _answers(rng, SATISFACTION_LEVELS)
        session_questions.append(name)
    evaluation = Evaluation(
        respondents=96,
        invited=240,
        satisfaction=satisfaction,
        intent=_answers(rng, INTENT_LEVELS),
        suggestions=[_text(rng, 1, (8, 16)) for _ in range(8)],
        talk_questions=talk_questions,
        session_questions=session_questions,
        history={
            str(year): {
                RESPONSE_RATE: rng.randint(30, 60),
                SATISFIED_OVERALL: rng.randint(70, 95),
                ATTEND_NEXT_YEAR: rng.randint(60, 90),
            }
            for year in (2023, 2024, 2025)
        },
    )
    return ConferenceReportData(
        facts=facts,
        tips=tips,
        talks=talk_list,
        sessions=session_list,
        summaries=summaries,
        evaluation=evaluation,
    )


def _answers(rng: random.Random, levels: tuple[str, ...]) -> dict[str, int]:
    # skewed towards the first (positive) answers, as real evaluations are
    weights = [rng.randint(20, 60) // (index + 1) for index in range(len(levels))]
    return {level: weight for level, weight in zip(levels, weights, strict=True) if weight}


def input_data(
    *, questions: int = 3, inputs_per_question: int = 25, seed: int = 2020
) -> InputReportData:
    """An input report at the scale of the 2020 report."""
    rng = random.Random(seed)
    return InputReportData(
        title="Integreringskonferansen 2026 – innspillsrapport",
        year=2026,
        summary=[_text(rng, 4, (10, 18)) for _ in range(2)],
        background=[_text(rng, 4, (10, 18)) for _ in range(3)],
        selection=[
            SelectionRow(
                kind="Frivillige organisasjoner",
                contacted=20,
                answered=13,
                names=[f"Organisasjon {n}" for n in range(1, 14)],
            ),
            SelectionRow(kind="Innvandrerråd", contacted=6, answered=4),
            SelectionRow(kind="Kommuner", contacted=12, answered=8),
        ],
        recurring=[RecurringInput(text=_text(rng, 1, (8, 14)), count=9 - n) for n in range(5)],
        per_question=[
            QuestionInputs(
                question=_text(rng, 1, (5, 8)).rstrip(".") + "?",
                summary=[_text(rng, 3, (10, 18))],
                inputs=[_text(rng, rng.randint(1, 2), (8, 18)) for _ in range(inputs_per_question)],
            )
            for _ in range(questions)
        ],
        good_examples=[
            GoodExample(title=_text(rng, 1, (3, 5)).rstrip("."), text=_text(rng, 4, (10, 16)))
            for _ in range(5)
        ],
        theme_counts={
            group: {
                "2024": rng.randint(5, 40),
                "2025": rng.randint(5, 40),
                "2026": rng.randint(5, 40),
            }
            for group in GROUPS
        },
    )
