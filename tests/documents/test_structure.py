"""Structure recognition on small synthetic reports the parser has never seen."""

import pytest

from innspill.documents.structure import parse_person, parse_text

LEADERS = [
    ("Kari Nordmann", "statsråd"),
    ("Ola Hansen", "statssekretær"),
    ("Per Olsen", "statssekretær"),
    ("Anne Berg", "statsråd"),
    ("Lise Dahl", "statssekretær"),
    ("Jon Moe", "statssekretær"),
]


def _conference(bullet: str, session_word: str) -> str:
    parts = [
        "Dialogkonferansen 2021",
        "Rapport",
        "Innledning",
        "Regjeringen holdt konferansen på Scandic Hotell i Bergen den 3. november med 180 "
        "deltakere. Årets konferanse fokuserte på bolig og nærmiljø.",
        "Anbefalinger fra deltakerne",
        "Språk",
        f"{bullet} Flere språkkafeer i kommunene.",
        f"{bullet} Bedre norskopplæring for foreldre.",
    ]
    for number, (name, role) in enumerate(LEADERS, start=1):
        parts += [
            f"{session_word} {number}: Tema nummer {number} for samtalen",
            f"Ledet av {role} {name}",
            f"Hva bør kommunen gjøre for gruppe {number}? Hvem har ansvaret?",
            "Innspill fra deltakerne",
            "Barrierer for deltakelse",
        ]
        parts += [f"{bullet} Barriere {k} i sesjon {number} hindrer deltakelse." for k in range(2)]
        parts.append("Tiltak")
        parts += [f"{bullet} Tiltak {k} i sesjon {number} bør styrkes." for k in range(number)]
    parts += [
        "Evaluering",
        "Svarprosenten var 33 %. 87 % av deltakerne var svært fornøyd eller fornøyd med "
        "konferansen samlet sett. Mellom 55 og 90 % var fornøyd med innleggene. "
        "70 % vil delta neste år, og 20 % svarte kanskje.",
        "Forslag til neste år:",
        f"{bullet} Mer tid til gruppearbeid.",
    ]
    return "\n\n".join(parts)


FIGURE = {
    "subject": "overall", "value": None, "min": None, "max": None, "sessions": [], "label": "",
    "page": None, "qualifier": "",
}  # fmt: skip


@pytest.mark.parametrize(
    ("bullet", "session_word"), [("•", "Sesjon"), ("–", "Parallellsesjon"), ("-", "Sesjon")]
)
def test_conference_with_six_sessions(bullet, session_word):
    report = parse_text(_conference(bullet, session_word), source_name="syntetisk.txt")
    assert (report.kind, report.year, report.warnings) == ("conference_report", 2021, [])
    assert [(s.number, s.leader, s.leader_role) for s in report.sessions] == [
        (n, name, role) for n, (name, role) in enumerate(LEADERS, start=1)
    ]
    for session in report.sessions:
        groups = [item.group for item in session.inputs]
        assert groups == ["Barrierer for deltakelse"] * 2 + ["Tiltak"] * session.number
        assert session.questions == [
            f"Hva bør kommunen gjøre for gruppe {session.number}?",
            "Hvem har ansvaret?",
        ]
    assert [(t.topic, len(t.items)) for t in report.tips] == [("Språk", 2)]
    assert report.facts.participants == 180
    assert report.facts.venue == "Scandic Hotell i Bergen"
    assert report.facts.parallel_sessions == 6
    assert report.facts.focus == "bolig og nærmiljø"
    evaluation = report.to_dict()["evaluation"]
    assert evaluation == {
        "response_rate": 33,
        "satisfied_overall": 87,
        "would_attend_next_year": 70,
        "maybe_next_year": 20,
        "suggestions": ["Mer tid til gruppearbeid."],
        "figures": [
            {**FIGURE, "measure": "response_rate", "value": 33},
            {**FIGURE, "measure": "satisfied", "value": 87},
            {**FIGURE, "measure": "satisfied", "subject": "talks", "min": 55, "max": 90},
            {**FIGURE, "measure": "attend_next_year", "value": 70},
            {**FIGURE, "measure": "maybe_next_year", "value": 20},
        ],
    }


def test_conference_wrapped_like_a_pdf_keeps_inputs_whole():
    width_line = "Dette er en lang linje i en PDF som brytes ved sidens bredde slik at den"
    text = "\n".join(
        [
            "Konferansen 2022",
            "Innhold",
            "Sesjon 1 Arbeid ........ 3",
            "Innledning",
            width_line,
            width_line,
            "fortsetter her.",
            "Sesjon 1 Arbeid og kvalifisering for voksne innvandrere som bor i",
            "distriktene",
            "Ved statssekretær Ola Hansen,",
            "Arbeids- og sosialdepartementet",
            "Innspill fra deltakerne",
            "- Arbeidsgivere må få bedre informasjon om hvordan de kan ansette flere inn-",
            "vandrere i faste stillinger i distriktene.",
            "- Kortere ventetid.",
            "7",
            "- NAV-ansatte bør ut til bedriftene og snakke med arbeidsgivere om hvordan de",
            "kan bidra.",
        ]
    )
    report = parse_text(text)
    session = report.sessions[0]
    assert (session.title, session.leader, session.leader_role) == (
        "Arbeid og kvalifisering for voksne innvandrere som bor i distriktene",
        "Ola Hansen",
        "statssekretær, Arbeids- og sosialdepartementet",
    )
    assert [(item.text, item.line) for item in session.inputs] == [
        (
            "Arbeidsgivere må få bedre informasjon om hvordan de kan ansette flere "
            "innvandrere i faste stillinger i distriktene.",
            13,
        ),
        ("Kortere ventetid.", 15),
        (
            "NAV-ansatte bør ut til bedriftene og snakke med arbeidsgivere om hvordan de "
            "kan bidra.",
            17,
        ),
    ]


def test_input_report_selection_recurring_and_examples():
    text = "\n\n".join(
        [
            "Konferansen 2023 - innspillsrapport",
            "Blant svarene er det særlig to innspill som går igjen:",
            "• Flere møteplasser mellom kommune og frivillighet.",
            "• Enklere søknader om tilskudd.",
            "1. UTVALG",
            "Vi kontaktet åtte kommuner, 11 frivillige organisasjoner og tre innvandrerråd. "
            "Av disse besvarte fem kommuner, sju frivillige organisasjoner (hvorav to store) "
            "og tre innvandrerråd.",
            "2. INNSPILL — SPRÅK OG ARBEID",
            "Kommunene ønsker mer språkpraksis i bedrifter, særlig for kvinner.",
            "3. GODE EKSEMPLER",
            "Vi har spurt om gode eksempler.",
            "Eksempler fra kommunene",
            "Språkkafé i Lier kommune: frivillige driver kafé hver uke på biblioteket.",
        ]
    )
    report = parse_text(text)
    assert report.kind == "input_report"
    assert report.to_dict()["selection"] == [
        {"organisation_type": "kommune", "contacted": 8, "answered": 5},
        {"organisation_type": "frivillig organisasjon", "contacted": 11, "answered": 7},
        {"organisation_type": "innvandrerråd", "contacted": 3, "answered": 3},
    ]
    assert report.recurring == [
        "Flere møteplasser mellom kommune og frivillighet.",
        "Enklere søknader om tilskudd.",
    ]
    assert [(s.number, s.title, len(s.inputs)) for s in report.sessions] == [
        (2, "Språk og arbeid", 1)
    ]
    assert [(p.title, p.municipality) for p in report.practices] == [
        ("Språkkafé i Lier kommune", "Lier")
    ]


def test_booklet_without_contents_finds_practices_by_fact_boxes():
    text = "\n\n".join(
        [
            "Temahefte om inkludering 2024",
            "Mentorer i fjellet",
            "Kommunen har bygd opp et mentorprogram for nye innbyggere.",
            "SOLBYGD",
            "12 345 innbyggere 1.1.2024",
            "1 234 (10,0 %) innvandrere",
            "42 nasjonaliteter",
            "GODE GREP I SOLBYGD",
            "• Mentor fra første uke.",
            "• Språkkafé hver torsdag.",
            "Fiskeværet som vokste",
            "Arbeidsinnvandrere har gitt vekst i folketallet.",
            "VÆRØYA",
            "900 innbyggere 1.1.2024",
            "150 (16,7 prosent) innvandrere",
            "9 nasjonaliteter",
            "GODE GREP PÅ VÆRØYA",
            "Norskkurs i arbeidstiden.",
        ]
    )
    report = parse_text(text)
    assert report.kind == "practices"
    assert [
        (p.title, p.municipality, p.facts.inhabitants, p.facts.immigrants,
         p.facts.immigrant_share, p.facts.nationalities, p.measures)
        for p in report.practices
    ] == [
        ("Mentorer i fjellet", "Solbygd", 12345, 1234, 10.0, 42,
         ["Mentor fra første uke.", "Språkkafé hver torsdag."]),
        ("Fiskeværet som vokste", "Værøya", 900, 150, 16.7, 9, ["Norskkurs i arbeidstiden."]),
    ]  # fmt: skip


def test_to_dict_has_the_import_report_keys():
    report = parse_text(_conference("•", "Sesjon"))
    data = report.to_dict()
    assert set(data) >= {
        "kind", "year", "title", "facts", "tips", "talks", "sessions", "summaries",
        "evaluation", "practices", "selection", "recurring", "warnings",
    }  # fmt: skip
    assert set(data["sessions"][0]) == {
        "number", "title", "leader", "leader_role", "questions", "inputs", "confidence", "page"
    }  # fmt: skip
    assert set(data["sessions"][0]["inputs"][0]) == {"text", "group", "page", "line"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ved statssekretær Vidar Brein-Karlsen, Justis- og beredskapsdepartementet",
         ("Vidar Brein-Karlsen", "statssekretær, Justis- og beredskapsdepartementet")),
        ("Arbeids- og sosialminister Anniken Hauglie", ("Anniken Hauglie", "Arbeids- og sosialminister")),
        ("Erna Solberg, statsminister", ("Erna Solberg", "statsminister")),
    ],
)  # fmt: skip
def test_parse_person(text, expected):
    assert parse_person(text) == expected


def test_docx_report_with_heading_styles_and_list_bullets(tmp_path):
    import docx

    from innspill.documents.structure import parse_document

    document = docx.Document()
    document.add_heading("Integreringskonferansen 2022", level=0)
    for number in (1, 2):
        document.add_heading(f"Parallellsesjon {number} Et langt tema om arbeid og språk", 1)
        document.add_paragraph(f"Ved statssekretær Siri Lund{number}")
        document.add_heading("Innspill fra deltakerne", level=2)
        document.add_heading("Hemmer integrering", level=3)
        document.add_paragraph(f"Lange ventelister i sesjon {number}", style="List Bullet")
        document.add_heading("Fremmer integrering", level=3)
        document.add_paragraph(f"Mentorordning i sesjon {number}", style="List Bullet")
        document.add_paragraph(f"Språkpraksis i sesjon {number}", style="List Bullet")
    path = tmp_path / "rapport.docx"
    document.save(path)
    report = parse_document(path)
    assert [
        (s.number, s.leader, [(i.text, i.group) for i in s.inputs]) for s in report.sessions
    ] == [
        (n, f"Siri Lund{n}", [
            (f"Lange ventelister i sesjon {n}", "Hemmer integrering"),
            (f"Mentorordning i sesjon {n}", "Fremmer integrering"),
            (f"Språkpraksis i sesjon {n}", "Fremmer integrering"),
        ])
        for n in (1, 2)
    ]  # fmt: skip


def test_unnumbered_session_headings_are_numbered_in_order():
    text = "\n\n".join(
        [
            "Konferansen 2018",
            "Parallellsesjon: Arbeid og kvalifisering",
            "Leder: statsråd Kari Nordmann",
            "Innspill",
            "• Flere lærlingplasser.",
            "Parallellsesjon – Bolig",
            "Leder: statssekretær Ola Hansen",
            "Innspill",
            "• Fra leie til eie.",
        ]
    )
    report = parse_text(text)
    assert [(s.number, s.title, s.leader, [i.text for i in s.inputs]) for s in report.sessions] == [
        (1, "Arbeid og kvalifisering", "Kari Nordmann", ["Flere lærlingplasser."]),
        (2, "Bolig", "Ola Hansen", ["Fra leie til eie."]),
    ]


def test_long_questions_and_labels_group_inputs_but_lead_ins_do_not():
    question = (
        "Spørsmål 1: Hva kan kommunene, frivillige organisasjoner og næringslivet gjøre "
        "sammen for at nyankomne flyktninger skal komme raskere i arbeid?"
    )
    text = "\n\n".join(
        [
            "Konferansen 2019",
            "Sesjon 1 Arbeid",
            "Ved statsråd Kari Nordmann",
            question,
            "– Flere praksisplasser i private bedrifter.",
            "Deltakerne kom blant annet med disse forslagene til regjeringen:",
            "– Raskere godkjenning av utdanning.",
        ]
    )
    inputs = parse_text(text).sessions[0].inputs
    assert [(item.text, item.group) for item in inputs] == [
        ("Flere praksisplasser i private bedrifter.", question),
        ("Raskere godkjenning av utdanning.", None),
    ]


def test_talks_without_a_tips_section():
    text = "\n\n".join(
        [
            "Konferansen 2019",
            "Innledning",
            "Konferansen samlet 200 deltakere.",
            "Arbeid for alle",
            "Kari Nordmann, forsker ved Fafo",
            "Nordmann viste til ny forskning om sysselsetting.",
            "Åpningstale ved statsminister Ola Hansen",
            "Statsministeren åpnet konferansen.",
        ]
    )
    talks = parse_text(text).talks
    assert [(t.title, t.speaker, t.role, t.text) for t in talks] == [
        ("Arbeid for alle", "Kari Nordmann", "forsker ved Fafo",
         "Nordmann viste til ny forskning om sysselsetting."),
        ("Åpningstale ved statsminister Ola Hansen", "Ola Hansen", "statsminister",
         "Statsministeren åpnet konferansen."),
    ]  # fmt: skip
