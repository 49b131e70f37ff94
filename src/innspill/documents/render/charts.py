"""Charts laid out once from data, then drawn as SVG (web, PDF) or PNG (DOCX).

Readable without colour: every series has its own hatch pattern as well as a colour, the
numbers are printed on or beside the bars, and category labels sit directly above the bars.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from functools import cache
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

from innspill.documents.render.model import Chart, ChartData, ChartSeries, format_number

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONT_FAMILY = "DejaVu Sans, sans-serif"

# narrow enough that a phone shows the labels at a readable size without zooming
WIDTH = 560.0
LABEL_SIZE = 13.0
VALUE_SIZE = 12.0
BAR_HEIGHT = 22.0
GAP = 10.0
TEXT_COLOUR = "#1a1a1a"

# Dark-to-light colours (distinct in greyscale too) paired with distinct hatch patterns.
PALETTE = ("#1f4e79", "#4f81bd", "#9dc3e6", "#f4b183", "#c55a11", "#7f7f7f")
PATTERNS = ("solid", "diagonal", "dots", "cross", "horizontal", "vertical")
MAX_SERIES = len(PATTERNS)

SATISFACTION_LEVELS = ("Svært fornøyd", "Fornøyd", "Verken eller", "Misfornøyd", "Svært misfornøyd")
INTENT_LEVELS = ("Ja", "Kanskje", "Nei")


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    style: int | None  # series index; None is a white label backdrop


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # baseline
    text: str
    size: float
    anchor: str = "start"  # start | middle | end
    bold: bool = False


@dataclass
class ChartLayout:
    """Everything a backend needs to draw, in abstract units (1 unit = 1 CSS px)."""

    width: float
    height: float
    title: str
    alt_text: str
    rects: list[Rect] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)


@cache
def _font(size: float, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(f"{FONT_DIR}/{name}", size=max(1, round(size)))


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Width of text in DejaVu Sans at the given size (the fonts the PDF and PNG use)."""
    # measure at 10x and scale so rounding of small sizes does not distort widths
    return float(_font(size * 10, bold).getlength(text)) / 10


def _wrap(text: str, size: float, width: float, *, bold: bool = False) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size, bold=bold) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]


def layout_chart(chart: Chart) -> ChartLayout:
    """Place bars, labels and legend; both backends draw exactly this."""
    data = chart.data
    layout = ChartLayout(width=WIDTH, height=0, title=chart.title, alt_text=chart.alt_text)
    # the title is not drawn: documents show it as the figure caption
    y = 0.0
    if len(data.series) > 1:
        y = _legend(layout, data, y)
    value_room = 110.0 if len(data.series) > 1 else 70.0
    bar_room = WIDTH - value_room
    peak = max((v for s in data.series for v in s.values if not math.isnan(v)), default=0) or 1
    for index, category in enumerate(data.categories):
        for line in _wrap(category, LABEL_SIZE, WIDTH):
            y += LABEL_SIZE * 1.3
            layout.labels.append(Label(0, y, line, LABEL_SIZE))
        y += 4
        if chart.kind == "stacked":
            y = _stacked_bar(layout, data, index, y)
        else:
            for series_index, series in enumerate(data.series):
                value = series.values[index]
                width = 0.0 if math.isnan(value) else bar_room * value / peak
                if width > 0:
                    layout.rects.append(Rect(0, y, width, BAR_HEIGHT, series_index))
                text = format_number(value, data.unit)
                if len(data.series) > 1:
                    # each bar says which series it is: no need to match patterns to the legend
                    text = f"{series.name}: {text}"
                baseline = y + BAR_HEIGHT / 2 + VALUE_SIZE * 0.35
                layout.labels.append(Label(width + 4, baseline, text, VALUE_SIZE, bold=True))
                y += BAR_HEIGHT + 2
        y += GAP
    layout.height = y
    return layout


def _legend(layout: ChartLayout, data: ChartData, y: float) -> float:
    x = 0.0
    swatch = 14.0
    row_height = swatch + 6
    for index, series in enumerate(data.series):
        needed = swatch + 6 + text_width(series.name, LABEL_SIZE) + 16
        if x and x + needed > WIDTH:
            x = 0.0
            y += row_height
        layout.rects.append(Rect(x, y, swatch, swatch, index))
        layout.labels.append(
            Label(x + swatch + 5, y + swatch - 2, series.name, LABEL_SIZE, anchor="start")
        )
        x += needed
    return y + row_height + GAP / 2


def _stacked_bar(layout: ChartLayout, data: ChartData, index: int, y: float) -> float:
    values = [0.0 if math.isnan(s.values[index]) else s.values[index] for s in data.series]
    total = sum(values) or 1
    x = 0.0
    outside: list[tuple[float, str]] = []
    for series_index, value in enumerate(values):
        width = WIDTH * value / total
        if width <= 0:
            continue
        layout.rects.append(Rect(x, y, width, BAR_HEIGHT, series_index))
        text = format_number(round(100 * value / total), "%")
        text_w = text_width(text, VALUE_SIZE, bold=True)
        if text_w + 8 <= width:
            centre = x + width / 2
            layout.rects.append(
                Rect(centre - text_w / 2 - 3, y + 3, text_w + 6, BAR_HEIGHT - 6, None)
            )
            layout.labels.append(
                Label(
                    centre, y + BAR_HEIGHT / 2 + VALUE_SIZE * 0.35, text, VALUE_SIZE, "middle", True
                )
            )
        else:
            outside.append((x, text))
        x += width
    y += BAR_HEIGHT
    if outside:
        # narrow segments get their number just below the bar, pushed right so none overlap
        cursor = 0.0
        for start, text in outside:
            text_w = text_width(text, VALUE_SIZE, bold=True)
            left = min(max(start, cursor), WIDTH - text_w)
            layout.labels.append(Label(left, y + VALUE_SIZE + 2, text, VALUE_SIZE, bold=True))
            cursor = left + text_w + 6
        y += VALUE_SIZE + 4
    return y


# --- SVG ------------------------------------------------------------------------------


def _svg_pattern(pattern_id: str, index: int) -> str:
    colour = PALETTE[index % len(PALETTE)]
    kind = PATTERNS[index % len(PATTERNS)]
    ink = '#ffffff" stroke-opacity="0.7' if index < 2 else '#000000" stroke-opacity="0.55'
    marks = {
        "solid": "",
        "diagonal": f'<path d="M-1,1 L1,-1 M0,6 L6,0 M5,7 L7,5" stroke="{ink}" stroke-width="1.2"/>',
        "dots": f'<circle cx="3" cy="3" r="1.1" fill="{ink.replace("stroke-", "fill-")}"/>',
        "cross": f'<path d="M0,3 L6,3 M3,0 L3,6" stroke="{ink}" stroke-width="1"/>',
        "horizontal": f'<path d="M0,3 L6,3" stroke="{ink}" stroke-width="1.2"/>',
        "vertical": f'<path d="M3,0 L3,6" stroke="{ink}" stroke-width="1.2"/>',
    }[kind]
    return (
        f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="6" height="6">'
        f'<rect width="6" height="6" fill="{colour}"/>{marks}</pattern>'
    )


def chart_svg(chart: Chart, *, id_prefix: str = "chart") -> str:
    """An inline SVG with <title>/<desc>; `id_prefix` keeps ids unique within one page."""
    layout = layout_chart(chart)
    styles = sorted({r.style for r in layout.rects if r.style is not None})
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{layout.width:g}" height="{layout.height:g}" '
        f'viewBox="0 0 {layout.width:g} {layout.height:g}" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="{FONT_FAMILY}">',
        f'<title id="{title_id}">{escape(layout.title)}</title>',
        f'<desc id="{desc_id}">{escape(layout.alt_text)}</desc>',
        "<defs>" + "".join(_svg_pattern(f"{id_prefix}-p{i}", i) for i in styles) + "</defs>",
    ]
    for rect in layout.rects:
        if rect.style is None:
            fill = 'fill="#ffffff" fill-opacity="0.85"'
        else:
            fill = (
                f'fill="url(#{id_prefix}-p{rect.style})" stroke="{TEXT_COLOUR}" stroke-width="0.5"'
            )
        parts.append(
            f'<rect x="{rect.x:.1f}" y="{rect.y:.1f}" width="{rect.width:.1f}" '
            f'height="{rect.height:.1f}" {fill}/>'
        )
    for label in layout.labels:
        weight = ' font-weight="bold"' if label.bold else ""
        parts.append(
            f'<text x="{label.x:.1f}" y="{label.y:.1f}" font-size="{label.size:g}" '
            f'text-anchor="{label.anchor}" fill="{TEXT_COLOUR}"{weight}>{escape(label.text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


# --- PNG ------------------------------------------------------------------------------


def _hex(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@cache
def _tile(index: int, scale: float) -> Image.Image:
    size = max(2, round(6 * scale))
    tile = Image.new("RGB", (size, size), _hex(PALETTE[index % len(PALETTE)]))
    draw = ImageDraw.Draw(tile)
    ink = (235, 235, 235) if index < 2 else (70, 70, 70)
    line = max(1, round(1.2 * scale))
    kind = PATTERNS[index % len(PATTERNS)]
    mid = size // 2
    if kind == "diagonal":
        draw.line([(0, size), (size, 0)], fill=ink, width=line)
        draw.line([(-1, 1), (1, -1)], fill=ink, width=line)
        draw.line([(size - 1, size + 1), (size + 1, size - 1)], fill=ink, width=line)
    elif kind == "dots":
        r = max(1, round(1.1 * scale))
        draw.ellipse([mid - r, mid - r, mid + r, mid + r], fill=ink)
    elif kind == "cross":
        draw.line([(0, mid), (size, mid)], fill=ink, width=line)
        draw.line([(mid, 0), (mid, size)], fill=ink, width=line)
    elif kind == "horizontal":
        draw.line([(0, mid), (size, mid)], fill=ink, width=line)
    elif kind == "vertical":
        draw.line([(mid, 0), (mid, size)], fill=ink, width=line)
    return tile


def chart_png(chart: Chart, *, scale: float = 2.0) -> bytes:
    """The same layout as a PNG (for DOCX); scale 2 gives about 190 dpi at 16.9 cm."""
    layout = layout_chart(chart)
    size = (round(layout.width * scale), round(layout.height * scale))
    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    for rect in layout.rects:
        box = (
            round(rect.x * scale),
            round(rect.y * scale),
            round((rect.x + rect.width) * scale),
            round((rect.y + rect.height) * scale),
        )
        if box[2] <= box[0] or box[3] <= box[1]:
            continue
        if rect.style is None:
            draw.rectangle(box, fill=(255, 255, 255))
            continue
        tile = _tile(rect.style, scale)
        area = Image.new("RGB", (box[2] - box[0], box[3] - box[1]))
        for tx in range(0, area.width, tile.width):
            for ty in range(0, area.height, tile.height):
                area.paste(tile, (tx, ty))
        image.paste(area, box[:2])
        draw.rectangle(box, outline=_hex(TEXT_COLOUR), width=1)
    for label in layout.labels:
        font = _font(label.size * scale, label.bold)
        anchor = {"start": "ls", "middle": "ms", "end": "rs"}[label.anchor]
        draw.text(
            (label.x * scale, label.y * scale),
            label.text,
            font=font,
            fill=_hex(TEXT_COLOUR),
            anchor=anchor,
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(144 * scale / 2, 144 * scale / 2))
    return buffer.getvalue()


def png_size(chart: Chart) -> tuple[float, float]:
    """Chart size in CSS px (96 per inch), for sizing the image in documents."""
    layout = layout_chart(chart)
    return layout.width, layout.height


# --- chart builders for the report ------------------------------------------------------


def satisfaction_chart(
    *, title: str, questions: dict[str, dict[str, int]], alt_text: str = ""
) -> Chart:
    """Stacked shares of «svært fornøyd» … «svært misfornøyd» per question (counts in)."""
    levels = [lvl for lvl in SATISFACTION_LEVELS if any(lvl in q for q in questions.values())]
    return _shares_chart(title=title, rows=questions, levels=levels, alt_text=alt_text)


def intent_chart(*, title: str, answers: dict[str, dict[str, int]], alt_text: str = "") -> Chart:
    """Stacked shares of ja/kanskje/nei per year or question (counts in)."""
    return _shares_chart(title=title, rows=answers, levels=list(INTENT_LEVELS), alt_text=alt_text)


def _shares_chart(
    *, title: str, rows: dict[str, dict[str, int]], levels: list[str], alt_text: str
) -> Chart:
    categories = list(rows)
    series = []
    for level in levels:
        values = []
        for category in categories:
            total = sum(rows[category].values()) or 1
            values.append(float(round(100 * rows[category].get(level, 0) / total)))
        series.append(ChartSeries(name=level, values=values))
    data = ChartData(categories=categories, series=series, unit="%")
    return Chart(kind="stacked", title=title, data=data, alt_text=alt_text)


def themes_per_year_chart(
    *, title: str, counts: dict[str, dict[str, int]], alt_text: str = ""
) -> Chart:
    """Grouped bars: number of inputs per theme (category), one series per year."""
    # a theme without inputs in a year really has zero, unlike a missing survey figure
    years = {year for per_year in counts.values() for year in per_year}
    values = {
        theme: {year: float(per_year.get(year, 0)) for year in years}
        for theme, per_year in counts.items()
    }
    return per_year_chart(title=title, values=values, alt_text=alt_text)


def per_year_chart(
    *,
    title: str,
    values: dict[str, dict[str, float]],
    unit: str = "",
    alt_text: str = "",
) -> Chart:
    """Grouped bars: one category per key, one series per year (the latest MAX_SERIES years).

    Each series needs its own pattern to be told apart without colour, so older years than
    the patterns allow are left out rather than drawn ambiguously.
    """
    categories = list(values)
    years = sorted({year for per_year in values.values() for year in per_year})[-MAX_SERIES:]
    # a year without a figure is NaN («ingen tall»), not a bar of zero
    series = [
        ChartSeries(name=year, values=[float(values[c].get(year, math.nan)) for c in categories])
        for year in years
    ]
    data = ChartData(categories=categories, series=series, unit=unit)
    return Chart(kind="bar", title=title, data=data, alt_text=alt_text)
