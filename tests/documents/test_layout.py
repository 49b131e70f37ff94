"""Layout cleaning on small made-up pages."""

import textwrap

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
    # the running header stays once, as the first page's title, and nowhere else
    assert [(b.page, b.text) for b in blocks if "Rapport fra" in b.text] == [
        (1, "Rapport fra konferansen")
    ]
    assert blocks[0].text == "Rapport fra konferansen"
    assert all(block.text not in {"1", "2", "3", "4"} for block in blocks)


def test_a_title_whose_year_or_second_line_repeats_as_footer_stays_on_the_first_page():
    body = f"{WIDE}.\nKort avsnitt."
    pages = [f"Integreringskonferansen\n2023\n{body}\n1"] + [
        f"{body}\nIntegreringskonferansen 2023\n{n}" for n in range(2, 6)
    ]
    blocks = layout_blocks(pages, paged=True)
    # the year alone is no page number, though the pages' numbers repeat at the edges
    assert [(b.page, b.text) for b in blocks[:2]] == [(1, "Integreringskonferansen"), (1, "2023")]
    assert "Integreringskonferansen 2023" not in [b.text for b in blocks]
    pages = [f"RAPPORT FRA\nINKLUDERINGSKONFERANSEN 2013\n{body}"] + [
        f"{body}\nInkluderingskonferansen 2013\n{n}" for n in range(2, 6)
    ]
    blocks = layout_blocks(pages, paged=True)
    assert [b.text for b in blocks[:2]] == ["RAPPORT FRA", "INKLUDERINGSKONFERANSEN 2013"]
    assert [b.text for b in blocks].count("Inkluderingskonferansen 2013") == 0


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


def test_a_sentence_broken_by_a_page_goes_on_with_a_short_word_or_a_number():
    pages = [
        "Evaluering\n\n95 % vil gjerne delta neste\nSide 1 av 3\n",
        "år.\nSide 2 av 3\n",
        "Tilfredsheten varierte mellom\nSide 3 av 3\n",
        "79 og 94 prosent.\n\n2. Et nummerert punkt.\n",
    ]
    assert [b.text for b in layout_blocks(pages, paged=True)] == [
        "Evaluering",
        "95 % vil gjerne delta neste år.",
        "Tilfredsheten varierte mellom 79 og 94 prosent.",
        "2. Et nummerert punkt.",
    ]


def test_a_range_of_numbers_cut_after_its_dash_is_whole_again():
    lines = "For sesjon 1–\n4 var 79 % fornøyd, og for sesjon 5–8 var\n62 % fornøyd."
    assert [b.text for b in layout_blocks([lines])] == [
        "For sesjon 1–4 var 79 % fornøyd, og for sesjon 5–8 var 62 % fornøyd."
    ]


def test_a_date_alone_under_a_title_stays_its_own_line():
    # text wrapped at 52 characters, so the title line looks like a full line of it
    sentence = (
        "Konferansen samlet mange deltakere fra hele landet og fra alle slags organisasjoner. "
    )
    wide = "\n".join(textwrap.wrap(sentence * 6, 52))
    pages = [f"Den nasjonale integreringskonferansen 2034\n28. september 2034\n\n{wide}"]
    texts = [b.text for b in layout_blocks(pages)]
    assert texts[:2] == ["Den nasjonale integreringskonferansen 2034", "28. september 2034"]
    # in running text a date after an unfinished sentence is still part of it
    pages = [f"{wide} og konferansen ble holdt\n28. september 2034"]
    assert layout_blocks(pages)[-1].text.endswith("ble holdt 28. september 2034")


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
