"""Server-rendered SVG bar charts, readable without colour: every bar carries its number and label."""

from django.utils.html import escape


def bar_chart_svg(
    *,
    title: str,
    data: list[tuple[str, int]],
    description: str = "",
    chart_id: str = "chart",
    width: int = 560,
    bar_height: int = 22,
) -> str:
    """A horizontal bar chart as an inline SVG string (title and desc for screen readers)."""
    label_w, pad, gap = 120, 8, 6
    height = pad * 2 + max(1, len(data)) * (bar_height + gap)
    top = max((v for _, v in data), default=0) or 1
    plot_w = width - label_w - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description or ", ".join(f"{k}: {v}" for k, v in data))}</desc>',
    ]
    for i, (label, value) in enumerate(data):
        y = pad + i * (bar_height + gap)
        w = round(plot_w * value / top)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_height * 0.7:.1f}" text-anchor="end" class="chart-label">'
            f"{escape(label)}</text>"
            f'<rect x="{label_w}" y="{y}" width="{max(w, 1)}" height="{bar_height}" class="chart-bar"/>'
            f'<text x="{label_w + max(w, 1) + 6}" y="{y + bar_height * 0.7:.1f}" class="chart-value">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
