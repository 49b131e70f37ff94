"""Layout cleaning on small made-up pages."""

from innspill.documents.layout import (
    PARAGRAPH_MARK,
    join_hyphenated,
    layout_blocks,
    paragraph_gaps,
)

WIDE = "Dette er en ganske lang linje med vanlig brødtekst som fyller hele bredden av siden"


def _texts(blocks):
    return [(block.kind, block.text) for block in blocks]


def test_join_hyphenated_joins_broken_word():
    assert join_hyphenated("i nær-", "miljøet") == "i nærmiljøet"


def test_join_hyphenated_keeps_real_hyphens():
    assert join_hyphenated("flere NAV-", "ansatte") == "flere NAV-ansatte"
    assert join_hyphenated("barne-", "og ungdomsråd") == "barne- og ungdomsråd"
    assert join_hyphenated("som 20-", "åring") == "som 20-åring"


def test_layout_rejoins_wrapped_paragraph_with_hyphen():
    page = "\n".join([WIDE, WIDE, "og mange bor i nær-", "miljøet der de trives.", ""] * 1)
    page += "\n".join([WIDE] * 6)
    blocks = layout_blocks([page], paged=True)
    assert "nærmiljøet der de trives." in blocks[0].text


def test_layout_drops_page_numbers_and_running_headers():
    pages = [f"Rapport fra konferansen\n{WIDE}.\nKort avsnitt.\n{number}" for number in range(1, 5)]
    blocks = layout_blocks(pages, paged=True)
    assert all("Rapport fra konferansen" not in block.text for block in blocks)
    assert all(block.text not in {"1", "2", "3", "4"} for block in blocks)


def test_layout_keeps_bullet_styles_apart():
    text = "\n".join(
        [
            "Tiltak",
            "• Første punkt med tekst.",
            "– Andre punkt med tekst.",
            "e Tredje punkt fra OCR.",
            "o Fjerde punkt fra OCR.",
            "- Femte punkt.",
        ]
    )
    assert _texts(layout_blocks([text])) == [
        ("para", "Tiltak"),
        ("bullet", "Første punkt med tekst."),
        ("bullet", "Andre punkt med tekst."),
        ("bullet", "Tredje punkt fra OCR."),
        ("bullet", "Fjerde punkt fra OCR."),
        ("bullet", "Femte punkt."),
    ]


def test_layout_rejoins_wrapped_bullet_across_blank_line():
    text = "- Et punkt som fortsetter\n\npå neste linje etter et sideskift.\n- Neste punkt."
    assert _texts(layout_blocks([text])) == [
        ("bullet", "Et punkt som fortsetter på neste linje etter et sideskift."),
        ("bullet", "Neste punkt."),
    ]


def test_layout_drops_pull_quotes_that_repeat_body():
    body = "Hun sa at arbeid er nøkkelen til integrering i hele landet, og at alle må bidra."
    text = "\n\n".join(
        [
            body,
            "” arbeid er nøkkelen til integrering",
            '"arbeid er nøkkelen til integrering i hele landet"',
            "Neste avsnitt handler om noe annet enn det første avsnittet.",
        ]
    )
    assert [block.text for block in layout_blocks([text])] == [
        body,
        "Neste avsnitt handler om noe annet enn det første avsnittet.",
    ]


def test_layout_drops_repeated_urls():
    text = (
        "Les rapporten.\n\nhttps://example.org/rapport\n\nTekst.\n\n2 https://example.org/rapport/"
    )
    assert [block.text for block in layout_blocks([text])] == [
        "Les rapporten.",
        "https://example.org/rapport",
        "Tekst.",
    ]


def test_layout_records_source_positions():
    blocks = layout_blocks(["Overskrift\n\n- Punkt ett\n- Punkt to"])
    assert [(block.page, block.line) for block in blocks] == [(None, 1), (None, 3), (None, 4)]


def _box(bottom):
    return (bottom, bottom + 12.3)  # a 10 pt line's font box, as pdfium gives it


def test_paragraph_gaps_are_wider_than_the_usual_line_spacing():
    boxes = [
        _box(700.0),
        _box(684.2),  # 15.8 apart: the page's line spacing
        None,  # a line without visible characters
        _box(668.4),
        _box(644.3),  # paragraph spacing
        _box(628.5),
        _box(609.6),  # list items sit a little further apart; not a paragraph gap
        _box(593.8),
        _box(780.0),  # the next column starts higher up
        _box(764.2),
    ]
    assert paragraph_gaps(boxes) == {4}


def test_paragraph_gaps_need_enough_lines_to_know_the_spacing():
    assert paragraph_gaps([_box(700.0), _box(684.2), _box(650.0)]) == set()


def test_layout_paragraph_mark_ends_a_paragraph_that_fills_its_last_line():
    first = [WIDE, WIDE, WIDE, f"{WIDE}."]
    opening = "Neste avsnitt begynner med en linje som fyller det meste av bredden"
    second = [opening, WIDE, WIDE, WIDE, f"{WIDE}."]
    plain = "\n".join([*first, *second])
    marked = "\n".join([*first, PARAGRAPH_MARK + second[0], *second[1:]])
    # from line lengths alone the full last line looks wrapped
    assert len(layout_blocks([plain], paged=True)) == 1
    # the mark adds no line: the second paragraph still starts on line 5
    assert [(block.text, block.line) for block in layout_blocks([marked], paged=True)] == [
        (" ".join(first), 1),
        (" ".join(second), 5),
    ]


def test_layout_joins_a_lower_case_line_after_an_abbreviation_or_semicolon():
    page = "\n".join(
        [
            "• Kommunene må bli mere fleksible mht.",
            "tilskudd til organisasjoner.",
            "• Åpenhet og toleranse går begge veier;",
            "både gjennom dugnad og norskkurs.",
            "Et avsnitt som slutter her.",
            f"{PARAGRAPH_MARK}etter et mellomrom står en ny linje.",
        ]
    )
    assert _texts(layout_blocks([page], paged=True)) == [
        ("bullet", "Kommunene må bli mere fleksible mht. tilskudd til organisasjoner."),
        ("bullet", "Åpenhet og toleranse går begge veier; både gjennom dugnad og norskkurs."),
        ("para", "Et avsnitt som slutter her."),
        ("para", "etter et mellomrom står en ny linje."),
    ]
