"""Fields the importer reads with a confidence, on small reports written for these tests in
layouts the corpus does not use: no cover, leaders with their office around the name and
across lines, link lists, recommendations by topic, OCR slips in known headings."""

import pytest

from innspill.documents.model import UNSURE, YearCandidate
from innspill.documents.structure import parse_text


def _report(*parts: str) -> str:
    return "\n\n".join(parts)


def test_year_from_the_conference_date_not_the_first_year_mentioned():
    text = _report(
        "Innledning",
        "Den nasjonale mangfoldskonferansen ble arrangert på Clarion Hotel The Hub i Oslo "
        "12. november 2019 med 240 deltakere. Siden 2014 har konferansen vært et møtested "
        "for organisasjoner fra hele landet.",
        "Sesjon 1: Arbeid",
        "Ledet av statsråd Kari Nordmann",
        "• Flere lærlingplasser i kommunene.",
    )
    report = parse_text(text, source_name="rapport.txt")
    assert report.year_candidates == [YearCandidate(2019, "date", "2019")]
    assert (report.year, report.year_confidence) == (2019, 0.85)
    assert report.title == "Den nasjonale mangfoldskonferansen"  # never «Innledning»
    assert report.confidence["title"] < UNSURE  # read from the text, not from a cover
    assert (report.facts.venue, report.facts.date, report.facts.participants) == (
        "Clarion Hotel The Hub i Oslo",
        "12. november 2019",
        240,
    )
    assert report.confidence == {"title": 0.5, "venue": 0.9, "date": 0.9, "participants": 0.9}


def test_disagreeing_year_sources_are_listed_and_leave_the_year_unsure():
    text = _report(
        "Dialogmøtet 2018",
        "Rapport",
        "Forord",
        "Møtet samlet 80 deltakere fra frivillige organisasjoner.",
    )
    report = parse_text(text, source_name="dialogmote-2019-rapport.txt")
    assert [(c.year, c.source) for c in report.year_candidates] == [
        (2018, "title"),
        (2019, "file_name"),
    ]
    assert report.year == 2018
    assert report.year_confidence == 0.6
    assert report.title == "Dialogmøtet 2018"


def test_a_file_name_alone_is_a_weak_year_and_year_overrides():
    text = _report("Sesjon 2 Bolig", "Ved statssekretær Per Olsen", "• Flere utleieboliger.")
    report = parse_text(text, source_name="2016-sesjoner-skannet.txt")
    assert (report.year, report.year_confidence, report.title) == (2016, 0.5, "")
    assert parse_text(text, source_name="x.txt").year is None
    given = parse_text(text, source_name="2016-sesjoner-skannet.txt", year=2015)
    assert (given.year, given.year_confidence) == (2015, 1.0)


def test_labelled_venue_and_date_are_certain():
    text = _report(
        "Integreringsdagen 2021",
        "Sted: Oslo Kongressenter",
        "Dato: 3.6.2021",
        "Konferansen samlet 150 deltakere.",
        "Sesjon 1: Språk",
        "Sesjonsleder: Ola Nordmann, statssekretær i Kunnskapsdepartementet",
        "• Gratis norskkurs for arbeidsinnvandrere.",
    )
    report = parse_text(text, source_name="dag.txt")
    assert (report.facts.venue, report.facts.date) == ("Oslo Kongressenter", "3. juni 2021")
    assert (report.confidence["venue"], report.confidence["date"]) == (1.0, 1.0)
    assert [(c.year, c.source) for c in report.year_candidates] == [(2021, "title"), (2021, "date")]
    assert report.year_confidence == 1.0
    session = report.sessions[0]
    assert (session.leader, session.leader_role) == (
        "Ola Nordmann",
        "statssekretær i Kunnskapsdepartementet",
    )


LEADER_LAYOUTS = [
    # office before the name, hyphenated across two lines of one paragraph
    (
        ["Sesjon 1: Arbeid og kvalifisering",
         "Ledet av kunnskaps- og integrerings-\nminister Jan Tore Sanner"],
        ("Jan Tore Sanner", "kunnskaps- og integreringsminister"),
    ),
    # the name on the line after «Ledet av …»
    (
        ["Sesjon 1: Arbeid og kvalifisering",
         "Ledet av arbeids- og inkluderingsminister", "Marte Mjøs Persen"],
        ("Marte Mjøs Persen", "arbeids- og inkluderingsminister"),
    ),
    # office after the name, no lead word
    (
        ["Sesjon 1: Arbeid og kvalifisering",
         "Kari Hansen, statssekretær i Arbeids- og inkluderingsdepartementet"],
        ("Kari Hansen", "statssekretær i Arbeids- og inkluderingsdepartementet"),
    ),
    # the leader before the title, in the heading
    (
        ["Sesjon 1: Statsråd Per Olsen – Arbeid og kvalifisering"],
        ("Per Olsen", "Statsråd"),
    ),
    # the leader after the title, in the heading
    (
        ["Sesjon 1: Arbeid og kvalifisering (ledet av statssekretær Lise Dahl)"],
        ("Lise Dahl", "statssekretær"),
    ),
    # the leader named in the session's opening paragraph
    (
        ["Sesjon 1: Arbeid og kvalifisering",
         "Sesjonen ble ledet av statssekretær Jon Moe. Deltakerne diskuterte hvordan "
         "flere kan komme i arbeid."],
        ("Jon Moe", "statssekretær"),
    ),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), LEADER_LAYOUTS)
def test_session_leader_in_many_layouts(lines, expected):
    text = _report(
        "Konferansen 2022",
        *lines,
        "Innspill fra deltakerne",
        "• Flere praksisplasser i private bedrifter.",
    )
    [session] = parse_text(text).sessions
    assert (session.title, session.leader, session.leader_role) == (
        "Arbeid og kvalifisering",
        *expected,
    )
    assert session.confidence == 1.0


def test_link_lists_under_a_session_are_not_inputs():
    text = _report(
        "Konferansen 2022",
        "Sesjon 1: Bolig",
        "Ved statssekretær Anne Berg",
        "Innspill fra deltakerne",
        "• Fra leie til eie for flere familier.",
        "Presentasjoner fra sesjonen",
        "• Kari Nordmann: https://www.example.no/presentasjon-bolig.pdf",
        "• Husbanken – www.example.no/startlan",
        "Ola Hansen",
        "https://www.example.no/hansen",
        "• Kortere ventetid på kommunal bolig.",
    )
    [session] = parse_text(text).sessions
    assert [item.text for item in session.inputs] == [
        "Fra leie til eie for flere familier.",
        "Kortere ventetid på kommunal bolig.",
    ]


def test_a_topic_led_in_by_a_sentence_keeps_the_inputs_in_the_session():
    text = _report(
        "Konferansen 2022",
        "Sesjon 1: Helse",
        "Ved statsråd Eva Lund",
        "• Tolk ved alle legetimer.",
        "Psykisk helse",
        "Deltakerne la vekt på dette:",
        "• Lavterskeltilbud på flere språk.",
        "• Mer kunnskap om traumer i skolehelsetjenesten.",
    )
    [session] = parse_text(text).sessions
    assert [(item.text, item.group) for item in session.inputs] == [
        ("Tolk ved alle legetimer.", None),
        ("Lavterskeltilbud på flere språk.", "Psykisk helse"),
        ("Mer kunnskap om traumer i skolehelsetjenesten.", "Psykisk helse"),
    ]


def test_sessions_carry_their_page_and_a_confidence():
    text = "\f".join(
        [
            "Inkluderingskonferansen 2023\n\nRapport",
            "Sesjon 1 Arbeid\n\nVed statsråd Kari Nordmann\n\n• Flere lærlingplasser.",
            "Sesjon 2 Bolig\n\nHer ble det diskutert mye om bolig.",
        ]
    )
    report = parse_text(text)
    assert [(s.number, s.page, s.leader, s.confidence) for s in report.sessions] == [
        (1, 2, "Kari Nordmann", 1.0),
        (2, 3, None, 0.2),  # no leader, no inputs
    ]


def test_a_heading_glued_to_its_inputs_is_cut_and_marked_unsure():
    text = _report(
        "Konferansen 2022",
        "Sesjon 3 Utdanning og kvalifisering Ved statssekretær Per Olsen Innspill fra "
        "deltakerne • Raskere godkjenning av utdanning. • Flere studieplasser i norsk.",
        "• Bedre veiledning på videregående.",
    )
    [session] = parse_text(text).sessions
    assert (session.title, session.leader) == ("Utdanning og kvalifisering", "Per Olsen")
    assert [item.text for item in session.inputs] == [
        "Raskere godkjenning av utdanning.",
        "Flere studieplasser i norsk.",
        "Bedre veiledning på videregående.",
    ]
    assert session.confidence == 0.65
    assert session.confidence < UNSURE


def test_recommendations_by_topic_near_the_start():
    text = _report(
        "Integreringskonferansen 2024",
        "Rapport",
        "Oppfordringer og tips",
        "Her er noen av oppfordringene fra innledere og deltakere:",
        "1. Arbeid",
        "– Flere traineeplasser i staten.",
        "– Lønnstilskudd som varer lenger.",
        "Språk:",
        "– Norskopplæring på arbeidsplassen.",
        "Frivillighet",
        "– Enklere tilskuddsordninger.",
        "– Lokaler til leie for en rimelig penge.",
        "Åpningstale ved statsminister Kari Nordmann",
        "Statsministeren åpnet konferansen og snakket om arbeid og språk.",
    )
    report = parse_text(text)
    assert [(group.topic, group.items) for group in report.tips] == [
        ("Arbeid", ["Flere traineeplasser i staten.", "Lønnstilskudd som varer lenger."]),
        ("Språk", ["Norskopplæring på arbeidsplassen."]),
        ("Frivillighet", ["Enklere tilskuddsordninger.", "Lokaler til leie for en rimelig penge."]),
    ]
    assert [talk.speaker for talk in report.talks] == ["Kari Nordmann"]


def test_ocr_slips_in_known_headings_are_tolerated():
    text = _report(
        "Temahefte om lokal inkludering 2024",
        "INNHOOLD",
        "s. 2 Mentorer i fjellet",
        "Mentorer i fjellet",
        "Kommunen har bygd opp et mentorprogram for nye innbyggere.",
        "BERGBYGD",
        "4 321 innbyggere 1.1.2024",
        "321 (7,4 %) innvandrere",
        "12 nasjonaliteter",
        "CODE GREP I BERGBYGD",
        "• Mentor fra første uke.",
    )
    report = parse_text(text)
    assert report.kind == "practices"
    assert [(p.title, p.municipality, p.measures) for p in report.practices] == [
        ("Mentorer i fjellet", "Bergbygd", ["Mentor fra første uke."])
    ]


def test_kind_detected_with_confidence_and_other_when_nothing_fits():
    letter = _report(
        "Årsmelding 2022",
        "Styret har hatt seks møter i året som gikk. Regnskapet viser et lite overskudd.",
    )
    report = parse_text(letter)
    assert (report.kind, report.kind_confidence, report.sessions) == ("other", 0.8, [])
    booklet = parse_text(
        _report(
            "Eksempelsamling 2021",
            "Språkkafeen",
            "SOLVIK",
            "2 000 innbyggere 1.1.2021",
            "GODE GREP I SOLVIK",
            "• Kafé hver uke.",
        )
    )
    assert booklet.kind == "practices" and booklet.kind_confidence >= UNSURE


def test_kind_override_parses_as_that_kind():
    text = _report(
        "Innspill til integreringskonferansen 2023",
        "1. INNSPILL — ARBEID",
        "Kommunene ønsker mer språkpraksis i bedrifter, særlig for kvinner.",
    )
    detected = parse_text(text)
    assert detected.kind == "input_report"
    forced = parse_text(text, kind="other")
    assert (forced.kind, forced.kind_confidence, forced.sessions) == ("other", 1.0, [])
    with pytest.raises(ValueError):
        parse_text(text, kind="roman")


def test_session_list_with_numbered_and_lettered_sessions_numbered_inputs_and_links():
    text = _report(
        "Konferansen 2025",
        "Parallellsesjonene",
        "Konferansen hadde to parallelle sesjoner.",
        "1. Bolig og nærmiljø – Kari Hansen, statssekretær i Kommunal- og distriktsdepartementet",
        "Hva kan kommunene gjøre bedre?",
        "1. Flere utleieboliger i distriktene.",
        "2. Startlån til flere familier.",
        "Nyttige lenker:",
        "Husbanken",
        "https://www.example.no/husbanken",
        "2. Arbeid – Amina Hassan",
        "1. Flere praksisplasser i staten.",
        "Gruppe C: Språk",
        "Ved statsråd Eva Lund",
        "• Norskkurs på kveldstid.",
    )
    report = parse_text(text)
    assert [
        (s.number, s.title, s.leader, s.leader_role, [(i.text, i.group) for i in s.inputs])
        for s in report.sessions
    ] == [
        (1, "Bolig og nærmiljø", "Kari Hansen",
         "statssekretær i Kommunal- og distriktsdepartementet",
         [("Flere utleieboliger i distriktene.", "Hva kan kommunene gjøre bedre?"),
          ("Startlån til flere familier.", "Hva kan kommunene gjøre bedre?")]),
        (2, "Arbeid", "Amina Hassan", None, [("Flere praksisplasser i staten.", None)]),
        (3, "Språk", "Eva Lund", "statsråd", [("Norskkurs på kveldstid.", None)]),
    ]  # fmt: skip


def test_numbered_sessions_with_long_questions_and_leaders_in_the_heading():
    question = (
        "Hvordan motvirke kulturelle og religiøse barrierer mot arbeidsdeltakelse: "
        "Hva kan innvandrerorganisasjoner bidra med?"
    )
    text = _report(
        "Konferansen 2025",
        "Parallelle sesjoner",
        "Konferansen hadde to parallelle sesjoner.",
        f"1. {question} – Kari Hansen, statssekretær i Justis- og beredskapsdepartementet",
        "Sesjonen åpnet med en kort innledning.",
        "• Flere møteplasser i nabolaget.",
        "• Informasjon på flere språk.",
        "2. Hvordan sikre utdanning og kvalifisering for voksne innvandrere slik at de får "
        "en varig tilknytning til arbeidslivet? – Ola Berg, statssekretær i Kunnskapsdepartementet",
        "• Raskere godkjenning av utdanning.",
        # a number that does not follow the last session's is no session, whatever its length
        "5. Flere lærlingplasser i staten og i kommunene, også for voksne som tar fagbrev "
        "ved siden av jobben og trenger norskopplæring i arbeidstiden",
    )
    report = parse_text(text)
    assert [
        (s.number, s.title, s.leader, len(s.inputs)) for s in report.sessions
    ] == [
        (1, question, "Kari Hansen", 2),
        (2, "Hvordan sikre utdanning og kvalifisering for voksne innvandrere slik at de får "
            "en varig tilknytning til arbeidslivet?", "Ola Berg", 2),
    ]  # fmt: skip


def test_summaries_under_session_numbers_add_no_sessions():
    text = _report(
        "Konferansen 2025",
        "Tema 1: Helse",
        "Ved statsråd Eva Lund",
        "• Tolk ved alle legetimer.",
        "Oppsummering fra sesjonene",
        "Sesjon 1 – Statsråd Eva Lund",
        "Statsråden takket for mange gode innspill om tolking.",
    )
    report = parse_text(text)
    assert [(s.number, s.title, s.leader) for s in report.sessions] == [(1, "Helse", "Eva Lund")]
    assert [(s.session, s.leader, s.items) for s in report.summaries] == [
        (1, "Eva Lund", ["Statsråden takket for mange gode innspill om tolking."])
    ]


def test_leader_name_wrapped_onto_the_next_lines():
    text = _report(
        "Konferansen 2025",
        "Sesjon 1: Barn og unge Ved statssekretær i Kunnskapsdepartementet Per",
        "Olav Lund",
        "• Leksehjelp på biblioteket.",
        "Sesjon 2: Arbeid",
        "Kunnskaps- og integreringsminister Ingrid",
        "Strand-Olsen ledet sesjonen og innledet om temaet.",
        "• Flere lærlingplasser.",
    )
    report = parse_text(text)
    assert [(s.title, s.leader, s.leader_role) for s in report.sessions] == [
        ("Barn og unge", "Per Olav Lund", "statssekretær i Kunnskapsdepartementet"),
        ("Arbeid", "Ingrid Strand-Olsen", "Kunnskaps- og integreringsminister"),
    ]


def test_organisation_types_read_through_ocr_slips():
    text = _report(
        "Innspillsrapport 2025",
        "1. UTVALG",
        "Vi kontaktet fem kommuner, ni frivillige organisasjoner og tre innvandrerrad. "
        "Av disse besvarte fire kommuner, seks frivillige organisasjoner og to innvandrerråd.",
    )
    report = parse_text(text)
    assert [(r.organisation_type, r.contacted, r.answered) for r in report.selection] == [
        ("kommune", 5, 4),
        ("frivillig organisasjon", 9, 6),
        ("innvandrerråd", 3, 2),
    ]


def test_a_date_in_passing_is_no_conference_date():
    text = _report(
        "Konferansen 2021",
        "Konferansen samlet 120 deltakere i Bodø.",
        "Statsråden viste til en samlet oversikt over tilskudd som lanseres 3. desember 2022.",
        "Sesjon 1: Arbeid",
        "Ved statsråd Kari Nordmann",
        "• Flere lærlingplasser.",
    )
    report = parse_text(text)
    assert (report.facts.venue, report.facts.date, report.facts.participants) == ("Bodø", None, 120)
    assert [(c.year, c.source) for c in report.year_candidates] == [(2021, "title")]
    assert report.confidence["date"] == 0.0


def test_leaders_cut_by_the_line_or_under_a_bare_label_or_on_the_title_line():
    text = _report(
        "Konferansen 2025",
        "Parallelle sesjoner",
        # the label alone, the name on the next line
        "Sesjon 1: Arbeid og kvalifisering",
        "Sesjonsleder:\nHenrik Dahl",
        "• Flere praksisplasser i staten.",
        # a name after the dash cut by the line, and a dash ending the line
        "Sesjon 2: Hvordan motvirke diskriminering i arbeidslivet? – Per Olav\nLund",
        "Sesjonen åpnet med en kort innledning.",
        "• Anonyme søknader i flere etater.",
        "Sesjon 3: Ungdom og veien til utdanning –\nSofie Haugland, statssekretær",
        "• Leksehjelp i alle kommuner.",
        # a heading with the number alone; the title line names the leader
        "Parallellsesjon 4",
        "Tillit, informasjon og dialog med myndighetene Ved Ahmed Omar Farah",
        "• Informasjon på flere språk.",
        # a whole name after the dash, and a group heading over the inputs: not joined
        "Sesjon 5: Bolig – Kari Nordmann",
        "Utleie",
        "• Flere utleieboliger.",
        # the first name alone on its line, the rest with the office on the next
        "Sesjon 6: Helse",
        "Marte",
        "Kirkerud, statsråd",
        "• Tolk hos fastlegen.",
        # the surname run on to the office's line
        "Sesjon 7: Språk",
        "Sesjonsleder: Ahmed Omar",
        "Farah, statssekretær i Kunnskapsdepartementet",
        "• Norsk på arbeidsplassen.",
        # the office and the first names on one line, the surname starting the sentence after
        "Sesjon 8: Tillit",
        "Statssekretær i Arbeids- og inkluderingsdepartementet Ola Per",
        "Berg ledet sesjonen og innledet om temaet.",
        "• Mer informasjon.",
    )
    report = parse_text(text)
    assert [(s.number, s.title, s.leader, s.leader_role) for s in report.sessions] == [
        (1, "Arbeid og kvalifisering", "Henrik Dahl", None),
        (2, "Hvordan motvirke diskriminering i arbeidslivet?", "Per Olav Lund", None),
        (3, "Ungdom og veien til utdanning", "Sofie Haugland", "statssekretær"),
        (4, "Tillit, informasjon og dialog med myndighetene", "Ahmed Omar Farah", None),
        (5, "Bolig", "Kari Nordmann", None),
        (6, "Helse", "Marte Kirkerud", "statsråd"),
        (7, "Språk", "Ahmed Omar Farah", "statssekretær i Kunnskapsdepartementet"),
        (8, "Tillit", "Ola Per Berg", "Statssekretær i Arbeids- og inkluderingsdepartementet"),
    ]
    assert [i.group for i in report.sessions[4].inputs] == ["Utleie"]
