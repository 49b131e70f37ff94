"""Layout cleaning on small made-up pages."""

from innspill.documents.layout import join_hyphenated, layout_blocks

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
