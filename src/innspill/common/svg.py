"""Server-rendered SVG bar charts, readable without colour: every bar carries its number and label."""

import textwrap

from django.utils.html import escape

LABEL_SIZE = 14  # px in the viewBox; the SVG scales to the page width
LINE_HEIGHT = 18
CHAR_WIDTH = 7.6  # a generous average for the label size, so a wrapped line always fits


def bar_chart_svg(
    *,
    title: str,
    data: list[tuple[str, int]],
    description: str = "",
    chart_id: str = "chart",
    width: int = 560,
    bar_height: int = 22,
) -> str:
    """A horizontal bar chart as an inline SVG string (title and desc for screen readers).

    Each label sits on its own lines above its bar, wrapped at word boundaries, so a long
    session or theme name is never cut off however narrow the screen (the chart scales as
    a whole; a label beside the bar had 120 px and lost its start).
    """
    pad, gap, value_room = 8, 10, 60
    per_line = max(10, int(width / CHAR_WIDTH))
    plot_w = width - value_room
    top = max((v for _, v in data), default=0) or 1
    rows = []
    y = pad
    for label, value in data:
        lines = textwrap.wrap(str(label), per_line, break_long_words=False) or [""]
        rows.append((lines, value, y))
        y += len(lines) * LINE_HEIGHT + bar_height + gap
    height = max(y, pad * 2 + bar_height) + pad
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description or ", ".join(f"{k}: {v}" for k, v in data))}</desc>',
    ]
    for lines, value, y in rows:
        for n, line in enumerate(lines):
            parts.append(
                f'<text x="0" y="{y + (n + 1) * LINE_HEIGHT - 4}" class="chart-label">'
                f"{escape(line)}</text>"
            )
        bar_y = y + len(lines) * LINE_HEIGHT
        w = max(round(plot_w * value / top), 1)
        parts.append(
            f'<rect x="0" y="{bar_y}" width="{w}" height="{bar_height}" class="chart-bar"/>'
            f'<text x="{w + 6}" y="{bar_y + bar_height * 0.7:.1f}" class="chart-value">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
