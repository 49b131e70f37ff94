"""Reports that sum up by topic in prose: inputs are the sentences reporting what participants said."""

from innspill.documents.structure import parse_text, reported_inputs, split_sentences


def _topic_report(*, with_contents: bool) -> str:
    contents = [
        "Innhold",
        "Sammendrag ........................ 2",
        "Frivillighetens kraft .............. 2",
        "Bosetting og bolig ................. 3",
        "Språk og tolking ................... 4",
        "Idrett og fritid ................... 5",
        "Vedlegg ............................ 6",
    ]
    parts = [
        "Samarbeidsforum for mangfold 2022",
        *(contents if with_contents else []),
        "Sammendrag",
        "Forumet samlet 150 deltakere fra organisasjoner og kommuner i Tromsø. Det ble "
        "etterlyst mer langsiktig støtte til lokale møteplasser.",
        "Sentrale innspill fra forumet var:",
        "• Mange etterlyste kortere ventetid på bolig for familier som er bosatt i "
        "kommunene. Dette er kjent fra før. Det ble pekt på at leiemarkedet er vanskelig "
        "for store familier.",
        "• Regjeringen viste til den nye strategien for bosetting. Statsråden sa at "
        "kommunene har fått mer penger.",
        "Frivillighetens kraft",
        "Guro Li, forsker ved Institutt for samfunnsforskning",
        "Forskningen viser at det er behov for flere møteplasser, og at mange "
        "organisasjoner opplever at søknadene er vanskelige.",
        "Bosetting og bolig",
        "Statsråd Eva Lund åpnet sesjonen og orienterte om bosettingen. Hun sa at "
        "kommunene må planlegge bedre. Dette er noe departementet følger tett.",
        "Flere deltakere påpekte at unge voksne blir boende for lenge i mottak. Det ble "
        "foreslått at kommunene får et eget tilskudd til startboliger. Været var fint "
        "den dagen.",
        "Språk og tolking",
        "Representanter for innvandrerorganisasjonene mente at bruken av kvalifisert tolk "
        "er for tilfeldig i helsetjenesten. Det er behov for flere "
        "norskkurs på kveldstid for folk i jobb. Kurset varer i ti uker.",
        "Idrett og fritid",
        "Idretten er en viktig arena. Mange deltakere opplever at treningsavgiften "
        "stenger barn ute. Det ble uttrykt ønske om gratis utlån av utstyr i alle "
        "bydeler.",
        "Vedlegg",
        "Program",
        "09.00 – 09.30 Registrering",
        "Deltakelse fra regjeringen",
        "• Eva Lund, statsråd",
        "• Per Vik, statssekretær",
    ]
    return "\n\n".join(parts)


EXPECTED_TIPS = [
    ("Sammendrag", ["Det ble etterlyst mer langsiktig støtte til lokale møteplasser."]),
    (
        "Sentrale innspill fra forumet var",
        [
            "Mange etterlyste kortere ventetid på bolig for familier som er bosatt i kommunene.",
            "Det ble pekt på at leiemarkedet er vanskelig for store familier.",
        ],
    ),
    (
        "Bosetting og bolig",
        [
            "Flere deltakere påpekte at unge voksne blir boende for lenge i mottak.",
            "Det ble foreslått at kommunene får et eget tilskudd til startboliger.",
        ],
    ),
    (
        "Språk og tolking",
        [
            "Representanter for innvandrerorganisasjonene mente at bruken av kvalifisert "
            "tolk er for tilfeldig i helsetjenesten.",
            "Det er behov for flere norskkurs på kveldstid for folk i jobb.",
        ],
    ),
    (
        "Idrett og fritid",
        [
            "Mange deltakere opplever at treningsavgiften stenger barn ute.",
            "Det ble uttrykt ønske om gratis utlån av utstyr i alle bydeler.",
        ],
    ),
]


def test_topic_sections_give_participant_sentences_per_topic():
    report = parse_text(_topic_report(with_contents=True), source_name="forum.txt")
    assert report.kind == "conference_report"
    assert [(group.topic, group.items) for group in report.tips] == EXPECTED_TIPS
    assert report.sessions == []
    # the government's list in the appendix is neither input nor an unplaced bullet
    assert report.warnings == ["Fant ingen parallellsesjoner"]


def test_topic_sections_found_by_headings_without_contents():
    report = parse_text(_topic_report(with_contents=False), source_name="forum.txt")
    assert [(group.topic, group.items) for group in report.tips] == EXPECTED_TIPS


def test_section_led_by_a_session_leader_goes_to_that_session():
    text = "\n\n".join(
        [
            "Dialogmøtet 2023",
            "Oppsummering",
            "Det ble etterlyst mer informasjon på flere språk om rettigheter i arbeidslivet.",
            "Arbeid og kvalifisering",
            "Sesjonen om arbeid ble ledet av statsråd Kari Holm. Deltakerne pekte på at "
            "godkjenning av utdanning tar for lang tid. Statsråden svarte at saken følges opp.",
            "Helse",
            "Flere deltakere savner fastleger som bruker tolk. Det ble foreslått "
            "helseinformasjon på arabisk og somali i alle kommuner.",
            "Skole",
            "Foreldre etterlyser leksehjelp i nærmiljøet, og det ble sagt at skolen må "
            "samarbeide mer med foreldrene. Elevene hadde laget utstillingen.",
            "Vedlegg",
            "Parallelle sesjoner",
            "1. Arbeid og kvalifisering",
            "Sesjonen ledes av statsråd Kari Holm.",
        ]
    )
    report = parse_text(text)
    assert [(s.number, s.leader) for s in report.sessions] == [(1, "Kari Holm")]
    assert [(item.group, item.text) for item in report.sessions[0].inputs] == [
        (
            "Arbeid og kvalifisering",
            "Deltakerne pekte på at godkjenning av utdanning tar for lang tid.",
        )
    ]
    assert [group.topic for group in report.tips] == ["Oppsummering", "Helse", "Skole"]
    assert report.tips[2].items == [
        "Foreldre etterlyser leksehjelp i nærmiljøet, og det ble sagt at skolen må "
        "samarbeide mer med foreldrene."
    ]


def test_reports_with_input_lists_are_not_read_as_topic_summaries():
    text = "\n\n".join(
        [
            "Konferansen 2024",
            "Bolig",
            "Deltakerne snakket om bolig i lang tid, og det ble etterlyst flere "
            "utleieboliger i sentrum. " * 3,
            "Innspill fra deltakerne",
            "• Flere utleieboliger.",
            "Skole",
            "Det ble foreslått mer leksehjelp for elever som har kort botid. " * 3,
            "Helse",
            "Det ble pekt på at ventetiden hos fastlegen er for lang. " * 3,
        ]
    )
    report = parse_text(text)
    assert all(group.topic not in {"Skole", "Helse"} for group in report.tips)


def test_officials_speaking_are_not_inputs():
    paragraph = (
        "Statsråden understreket at kommunene må bosette flere. Det er vanskelig å komme i "
        "gang. Deltakerne etterlyste raskere svar fra UDI. Kommunen bør tilby flere språkkurs "
        "for eldre. Regjeringen etterlyser bidrag fra organisasjonene. Det ble pekt på at "
        "mange venter for lenge, fremhever statssekretær Ola Berg. Det må bli bedre."
    )
    assert reported_inputs(paragraph) == [
        "Deltakerne etterlyste raskere svar fra UDI.",
        "Kommunen bør tilby flere språkkurs for eldre.",
    ]


def test_closing_attribution_makes_the_paragraph_an_officials():
    paragraph = (
        "Alle må bidra. Kommunene får midler til dette, og det må brukes godt, "
        "avsluttet statssekretæren."
    )
    assert reported_inputs(paragraph) == []


def test_split_sentences_keeps_dates_and_quotes_inside():
    text = "Møtet var 3. desember i Oslo. «Det holder ikke», sa en deltaker. Ca. 30 kom."
    assert split_sentences(text) == [
        "Møtet var 3. desember i Oslo.",
        "«Det holder ikke», sa en deltaker.",
        "Ca. 30 kom.",
    ]
