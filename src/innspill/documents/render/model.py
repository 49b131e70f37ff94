"""The report document model: one source for the HTML, PDF and DOCX renderers."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

NO_FIGURE = "ingen tall"  # a missing value (NaN) in a chart

# Links are the only way out of the document; anything that could run code is dropped.
SAFE_URL_SCHEMES = ("https://", "http://", "mailto:")


@dataclass(frozen=True)
class Span:
    """A run of text with the formatting the safe rich-text subset allows."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


@dataclass
class Paragraph:
    """A paragraph of spans; build it with `paragraph()` or `Paragraph.plain()`."""

    spans: list[Span] = field(default_factory=list)

    @classmethod
    def plain(cls, text: str) -> Paragraph:
        """A paragraph of literal text (no markup is interpreted)."""
        return cls(spans=[Span(text=text)])

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass
class BulletList:
    """A bulleted list, optionally under its own small heading (e.g. a group of inputs)."""

    items: list[Paragraph] = field(default_factory=list)
    heading: str | None = None


@dataclass
class Table:
    """A table with one header row; every cell is plain text.

    `row_header` is the column whose cell names its row (None: no row headers).
    """

    caption: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    row_header: int | None = 0


@dataclass
class ChartSeries:
    """One named series of values, one value per category."""

    name: str
    values: list[float]


@dataclass
class ChartData:
    """Categories (one bar or bar group each) and the series drawn for them."""

    categories: list[str]
    series: list[ChartSeries]
    unit: str = ""


ChartKind = Literal["bar", "stacked"]


@dataclass
class Chart:
    """A chart drawn from data; `stacked` shows each category as shares of 100 %."""

    kind: ChartKind
    title: str
    data: ChartData
    alt_text: str = ""

    def __post_init__(self) -> None:
        if self.kind not in ("bar", "stacked"):
            raise ValueError(f"unknown chart kind: {self.kind!r}")
        for series in self.data.series:
            if len(series.values) != len(self.data.categories):
                raise ValueError(f"series {series.name!r} does not match the categories")
        if not self.alt_text:
            self.alt_text = describe_chart(self)


@dataclass
class Quote:
    """A highlighted quotation, optionally attributed."""

    text: str
    attribution: str | None = None


@dataclass
class PageBreak:
    """A hint that the next block should start a new page (ignored on the web)."""


Block = Paragraph | BulletList | Table | Chart | Quote | PageBreak


@dataclass
class Section:
    """A heading (level 1–3) and the blocks below it."""

    heading: str
    level: int = 1
    blocks: list[Block] = field(default_factory=list)
    page_break_before: bool = False

    def __post_init__(self) -> None:
        if self.level not in (1, 2, 3):
            raise ValueError(f"section level must be 1, 2 or 3, not {self.level}")


@dataclass
class ReportDocument:
    """A whole report: title page data, language and the sections in reading order."""

    title: str
    subtitle: str = ""
    language: str = "nb"
    sections: list[Section] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)

    def charts(self) -> list[Chart]:
        return [block for s in self.sections for block in s.blocks if isinstance(block, Chart)]


_INLINE = re.compile(
    r"\*\*(?P<bold>.+?)\*\*"
    r"|\*(?P<italic>[^*\s](?:[^*]*[^*\s])?)\*"
    r"|\[(?P<label>[^\]]+)\]\((?P<href>[^)\s]+)\)"
)


def parse_inline(markup: str) -> list[Span]:
    """Parse the safe subset: **bold**, *italic* and [label](url); everything else is text."""
    spans: list[Span] = []
    position = 0
    for match in _INLINE.finditer(markup):
        if match.start() > position:
            spans.append(Span(text=markup[position : match.start()]))
        if match.group("bold") is not None:
            spans.append(Span(text=match.group("bold"), bold=True))
        elif match.group("italic") is not None:
            spans.append(Span(text=match.group("italic"), italic=True))
        else:
            href = match.group("href")
            spans.append(Span(text=match.group("label"), href=href if is_safe_url(href) else None))
        position = match.end()
    if position < len(markup):
        spans.append(Span(text=markup[position:]))
    return spans


def is_safe_url(href: str) -> bool:
    """Only web and mail links; `javascript:`, `data:` and relative tricks are refused."""
    return href.strip().lower().startswith(SAFE_URL_SCHEMES)


def paragraph(markup: str) -> Paragraph:
    """A paragraph from staff-edited text in the safe rich-text subset."""
    return Paragraph(spans=parse_inline(markup))


def bullets(items: Iterable[str], *, heading: str | None = None) -> BulletList:
    """A bullet list of literal texts (inputs are never read as markup)."""
    return BulletList(items=[Paragraph.plain(item) for item in items], heading=heading)


def format_number(value: float, unit: str = "") -> str:
    """Norwegian number format: decimal comma, a no-break space before the unit (12 %)."""
    if math.isnan(value):
        return NO_FIGURE
    text = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}".replace(".", ",")
    return f"{text}\u00a0{unit}" if unit else text


def describe_chart(chart: Chart) -> str:
    """A text alternative that carries every number in the chart."""
    data = chart.data
    kind = "Stablet søylediagram" if chart.kind == "stacked" else "Søylediagram"
    parts = []
    for index, category in enumerate(data.categories):
        values = ", ".join(
            f"{series.name} {format_number(series.values[index], data.unit)}"
            if len(data.series) > 1
            else format_number(series.values[index], data.unit)
            for series in data.series
        )
        parts.append(f"{category}: {values}")
    return f"{kind}: {chart.title}. " + "; ".join(parts) + "."
