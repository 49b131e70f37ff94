"""Cleaning a scanned page before OCR and reading Tesseract's answer back into lines."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from innspill.documents.layout import PARAGRAPH_MARK
from innspill.documents.ocr import (
    clean_page,
    column_regions,
    lines_from_tsv,
    ocr_page,
    otsu_threshold,
    page_text,
    skew_angle,
    tidy_line,
)

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _bars(height: int, width: int, boxes: list[tuple[int, int, int, int]]) -> np.ndarray:
    """A page of ink rectangles (left, top, right, bottom): stand-ins for lines of text."""
    ink = np.zeros((height, width), dtype=bool)
    for left, top, right, bottom in boxes:
        ink[top:bottom, left:right] = True
    return ink


def test_otsu_threshold_splits_ink_from_paper():
    pixels = np.array([30] * 100 + [35] * 50 + [220] * 800 + [230] * 50, dtype=np.uint8)
    threshold = otsu_threshold(pixels)
    assert threshold == 35
    assert int(np.count_nonzero(pixels <= threshold)) == 150


def test_skew_angle_undoes_a_turned_page():
    lines = _bars(400, 300, [(30, top, 270, top + 8) for top in range(40, 360, 24)])
    picture = Image.fromarray(lines.astype(np.uint8) * 255)
    turned = picture.rotate(-1.5, resample=Image.Resampling.NEAREST, fillcolor=0)
    assert skew_angle(np.asarray(turned) > 127) == 1.5
    assert skew_angle(lines) == 0.0


def test_clean_page_removes_grain_and_specks():
    rng = np.random.default_rng(7)
    grey = np.full((300, 300), 235.0)
    grey[100:112, 40:260] = 40.0  # a line of ink
    grey += rng.normal(0, 12, grey.shape)
    grey[rng.random(grey.shape) < 0.0004] = 0  # specks, as a scanner leaves them
    ink = clean_page(np.clip(grey, 0, 255).astype(np.uint8))
    assert ink[102:110, 45:255].all()
    assert int(np.count_nonzero(ink[:95])) + int(np.count_nonzero(ink[117:])) == 0


def test_column_regions_one_column_page_is_read_whole():
    ink = _bars(1000, 800, [(100, top, 700, top + 20) for top in range(100, 900, 40)])
    assert column_regions(ink, dpi=100) == [(0, 0, 800, 1000)]


def test_column_regions_short_lines_on_the_left_are_one_column():
    ink = _bars(1000, 800, [(100, top, 330, top + 20) for top in range(100, 900, 40)])
    ink[500:520, 500:560] = True  # a page number or a stray word on the right
    assert column_regions(ink, dpi=100) == [(0, 0, 800, 1000)]


def test_column_regions_two_columns_under_a_header_across_the_gutter():
    left = [(60, top, 380, top + 20) for top in range(150, 1900, 40)]
    right = [(420, top, 740, top + 20) for top in range(150, 1500, 40)]
    header = [(x, 50, x + 6, 68) for x in range(200, 600, 10)]  # a line of type: letters
    ink = _bars(2000, 800, left + right + header)
    assert column_regions(ink, dpi=100) == [
        (0, 50, 800, 68),
        (0, 68, 400, 2000),
        (400, 68, 800, 2000),
    ]


def test_column_regions_a_word_running_into_the_gutter_does_not_cut_the_columns():
    left = [(60, top, 380, top + 20) for top in range(150, 900, 40)]
    right = [(420, top, 740, top + 20) for top in range(150, 900, 40)]
    long_word = [(60, 470, 395, 490)]  # a left line that pokes into the gutter
    ink = _bars(1000, 800, left + right + long_word)
    # the columns are cut in the middle of the white, which starts after the long word
    assert column_regions(ink, dpi=100) == [(0, 0, 407, 1000), (407, 0, 800, 1000)]


TSV_HEAD = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
)


def _word(block: int, line: int, word: int, left: int, top: int, text: str) -> str:
    return f"5\t1\t{block}\t1\t{line}\t{word}\t{left}\t{top}\t60\t30\t95.0\t{text}"


def test_lines_from_tsv_keeps_reading_order_and_boxes():
    tsv = "\n".join(
        [
            TSV_HEAD,
            "4\t1\t1\t1\t1\t0\t100\t100\t600\t30\t-1\t",
            _word(1, 1, 1, 100, 100, "1."),
            _word(1, 1, 2, 160, 102, "Første"),
            _word(1, 2, 1, 160, 140, "linje"),
            _word(1, 2, 2, 230, 140, " "),
        ]
    )
    assert lines_from_tsv(tsv) == [("1. Første", 100, 132), ("linje", 140, 170)]


def test_page_text_marks_the_line_after_a_paragraph_gap():
    lines = [
        ("Sesjon 1: Bolig", 100, 130),
        ("Første avsnitt går over", 140, 170),
        ("to linjer.", 180, 210),
        ("Andre avsnitt.", 260, 290),
        ("Slutt.", 300, 330),
    ]
    assert page_text(lines) == (
        f"Sesjon 1: Bolig\nFørste avsnitt går over\nto linjer.\n{PARAGRAPH_MARK}Andre avsnitt.\n"
        "Slutt."
    )


@pytest.mark.ocr
def test_ocr_page_keeps_the_numbers_of_a_numbered_list(tmp_path):
    """Tesseract's own page layout puts list numbers in a column of their own and loses most."""
    font = ImageFont.truetype(FONT, 44)
    page = Image.new("L", (2400, 1000), 255)
    draw = ImageDraw.Draw(page)
    items = [
        "Flere møteplasser for frivillige og nye innbyggere.",
        "Bedre informasjon om tilbudene i kommunen.",
        "Mentorordninger i arbeidslivet gir gode resultater.",
    ]
    for number, item in enumerate(items, start=1):
        top = 150 + 110 * number
        draw.text((200, top), f"{number}.", font=font, fill=0)
        draw.text((270, top), item, font=font, fill=0)
    rng = np.random.default_rng(3)
    pixels = np.asarray(page.rotate(0.8, fillcolor=255), dtype=np.float64)
    pixels += rng.normal(0, 12, pixels.shape)
    image = tmp_path / "page.bmp"
    Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(image)
    assert ocr_page(image).splitlines() == [
        f"{number}. {item}" for number, item in enumerate(items, start=1)
    ]


def test_tidy_line_reads_a_lone_symbol_before_a_line_as_a_bullet():
    assert tidy_line(["»", "Sisa", "opplever"]) == "• Sisa opplever"
    assert tidy_line(["+", "Myndighetene", "må"]) == "• Myndighetene må"
    assert tidy_line(["*", "kurs"]) == "• kurs"
    assert tidy_line(["*+", "De", "betaler"]) == "• De betaler"
    assert tidy_line(["***", "De"]) == "*** De"
    assert tidy_line(["«Sitat»", "sa", "hun"]) == "«Sitat» sa hun"
    assert tidy_line(["%", "av", "deltakerne"]) == "% av deltakerne"


def test_tidy_line_drops_a_speck_read_as_a_comma_before_a_line():
    assert tidy_line([",", "prosent", "av", "de"]) == "prosent av de"
    assert tidy_line([".", "Mer", "tilpasset"]) == "Mer tilpasset"
    assert tidy_line([","]) == ","
    assert tidy_line([]) == ""


def test_tidy_line_reads_a_bar_before_a_line_as_capital_i():
    assert tidy_line(["|", "2014", "gjennomførte"]) == "I 2014 gjennomførte"
    assert tidy_line(["*", "|", "2011", "ble"]) == "• I 2011 ble"
    assert tidy_line(["Ja", "|", "nei"]) == "Ja | nei"


def test_tidy_line_parts_an_item_number_from_the_capital_i_after_it():
    assert tidy_line(["1.1", "2015", "ble", "det"]) == "1. I 2015 ble det"
    assert tidy_line(["3.1", "følge", "ministeren"]) == "3. I følge ministeren"
    assert tidy_line(["2.1", "Innledning"]) == "2.1 Innledning"
    assert tidy_line(["1.1"]) == "1.1"
    assert tidy_line(["|"]) == "|"


def test_tidy_line_reads_an_exclamation_mark_in_a_word_as_l():
    assert tidy_line(["påpeker", "mange!", "på", "kunnskap"]) == "påpeker mangel på kunnskap"
    assert tidy_line(["enklere", "rege!-"]) == "enklere regel-"
    assert tidy_line(["Velkommen!", "Vi", "starter."]) == "Velkommen! Vi starter."


def test_lines_from_tsv_joins_the_pieces_of_a_line_of_large_type():
    tsv = "\n".join(
        [
            TSV_HEAD,
            _word(1, 1, 1, 100, 100, "Rapport"),
            _word(2, 1, 1, 100, 160, "2024"),
            _word(3, 1, 1, 400, 102, "fra"),
            _word(3, 1, 2, 500, 101, "konferansen"),
        ]
    )
    assert lines_from_tsv(tsv) == [("Rapport fra konferansen", 100, 132), ("2024", 160, 190)]


def test_column_regions_white_between_large_letters_is_no_gutter():
    # a cover: a title in large type whose letters leave white columns, a year under it
    title = [(x, 300, x + 25, 400) for x in range(100, 700, 60)]
    ink = _bars(1000, 800, [*title, (100, 450, 250, 500)])
    assert column_regions(ink, dpi=100) == [(0, 0, 800, 1000)]


def test_column_regions_short_last_page_under_a_header():
    header = [(x, 50, x + 6, 60) for x in range(200, 600, 10)]
    header += [(x, 47, x + 2, 49) for x in range(395, 410, 10)]  # the dots of two i's
    left = [(60, top, 380, top + 20) for top in range(150, 350, 40)]
    right = [(420, top, 740, top + 20) for top in range(150, 270, 40)]
    ink = _bars(1000, 800, header + left + right)
    assert column_regions(ink, dpi=100) == [
        (0, 47, 800, 60),
        (0, 60, 400, 1000),
        (400, 60, 800, 1000),
    ]


def test_column_regions_word_spaces_lining_up_are_no_gutter():
    # four lines across the page whose word spaces meet in the middle; two of them have a
    # small letter there (a dash), which the white's tolerance lets through
    lines = [(60, top, 380, top + 20) for top in range(100, 260, 40)]
    lines += [(420, top, 740, top + 20) for top in range(100, 260, 40)]
    lines += [(395, top + 8, 402, top + 13) for top in (100, 180)]
    ink = _bars(1000, 800, lines)
    assert column_regions(ink, dpi=100) == [(0, 0, 800, 1000)]
