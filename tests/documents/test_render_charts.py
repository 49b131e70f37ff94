import io
import xml.etree.ElementTree as ET

from PIL import Image

from innspill.documents.render import (
    chart_png,
    chart_svg,
    intent_chart,
    per_year_chart,
    satisfaction_chart,
    themes_per_year_chart,
)
from innspill.documents.render.charts import PATTERNS, WIDTH, _tile, layout_chart, text_width

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input


def _satisfaction():
    return satisfaction_chart(
        title="Hvor fornøyd var deltakerne?",
        questions={
            "Konferansen samlet sett": {"Svært fornøyd": 30, "Fornøyd": 15, "Misfornøyd": 5},
            "Parallellsesjonen": {"Svært fornøyd": 1, "Fornøyd": 98, "Svært misfornøyd": 1},
        },
    )


def test_satisfaction_chart_turns_counts_into_shares_per_question():
    chart = _satisfaction()
    assert chart.kind == "stacked"
    assert chart.data.categories == ["Konferansen samlet sett", "Parallellsesjonen"]
    assert [(s.name, s.values) for s in chart.data.series] == [
        ("Svært fornøyd", [60.0, 1.0]),
        ("Fornøyd", [30.0, 98.0]),
        ("Misfornøyd", [10.0, 0.0]),
        ("Svært misfornøyd", [0.0, 1.0]),
    ]


def test_intent_chart_keeps_ja_kanskje_nei_order():
    chart = intent_chart(title="Vil du delta neste år?", answers={"2025": {"Nei": 1, "Ja": 3}})
    assert [(s.name, s.values) for s in chart.data.series] == [
        ("Ja", [75.0]),
        ("Kanskje", [0.0]),
        ("Nei", [25.0]),
    ]


def test_themes_per_year_chart_has_one_series_per_year_in_order():
    chart = themes_per_year_chart(
        title="Innspill per tema", counts={"Bolig": {"2025": 4, "2023": 2}, "Arbeid": {"2024": 9}}
    )
    assert chart.kind == "bar"
    assert [(s.name, s.values) for s in chart.data.series] == [
        ("2023", [2.0, 0.0]),
        ("2024", [0.0, 9.0]),
        ("2025", [4.0, 0.0]),
    ]


def test_chart_svg_has_title_desc_and_prints_every_share():
    chart = _satisfaction()
    root = _parse(chart_svg(chart, id_prefix="fig1"))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Hvor fornøyd var deltakerne?"
    assert root.find(f"{SVG}desc").text == chart.alt_text
    texts = [t.text for t in root.iter(f"{SVG}text")]
    for series in chart.data.series:
        for value in series.values:
            if value:
                assert f"{value:.0f}\u00a0%" in texts
    # category labels sit directly on the chart, the legend names every series
    assert {"Konferansen samlet sett", "Parallellsesjonen"} <= set(texts)
    assert {s.name for s in chart.data.series} <= set(texts)


def test_chart_svg_ids_are_unique_within_a_page():
    page = (
        "<div>"
        + chart_svg(_satisfaction(), id_prefix="a")
        + chart_svg(_satisfaction(), id_prefix="b")
        + "</div>"
    )
    ids = [el.get("id") for el in _parse(page).iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    assert len(ids) == 2 * (2 + 4)  # title, desc and one pattern per series, per chart


def test_stacked_chart_labels_stay_inside_the_chart_width():
    layout = layout_chart(_satisfaction())
    for label in layout.labels:
        width = text_width(label.text, label.size, bold=label.bold)
        left = label.x - (width / 2 if label.anchor == "middle" else 0)
        assert left >= 0
        assert left + width <= WIDTH + 0.01


def test_chart_png_matches_the_layout_size():
    chart = _satisfaction()
    layout = layout_chart(chart)
    image = Image.open(io.BytesIO(chart_png(chart, scale=2)))
    assert image.format == "PNG"
    assert image.size == (round(layout.width * 2), round(layout.height * 2))


def test_series_styles_differ_in_greyscale_not_only_in_colour():
    # readable without colour: each pair of series must differ once colour is removed
    tiles = [_tile(i, 4.0).convert("L").tobytes() for i in range(len(PATTERNS))]
    assert len(set(tiles)) == len(PATTERNS)


def test_per_year_chart_keeps_only_the_years_it_can_tell_apart():
    values = {"Svarprosent": {str(y): float(y - 2000) for y in range(2014, 2026)}}
    chart = per_year_chart(title="År for år", values=values, unit="%")
    assert [s.name for s in chart.data.series] == [str(y) for y in range(2020, 2026)]
    assert len(chart.data.series) == len(PATTERNS)
    assert [s.values for s in chart.data.series][-1] == [25.0]
