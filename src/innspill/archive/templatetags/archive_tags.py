from django import template
from django.http import QueryDict
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from innspill.analysis.text import highlight_spans

register = template.Library()


@register.filter
def highlight(text: str, stems: list[str]) -> SafeString:
    """Escape `text` and wrap words whose stem was searched for in <mark>."""
    spans = highlight_spans(text, stems or [])
    if not spans:
        return escape(text)
    out, last = [], 0
    for start, end in spans:
        out.append(escape(text[last:start]))
        out.append("<mark>" + escape(text[start:end]) + "</mark>")
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def toggle_query(base: QueryDict, name: str, value: str) -> str:
    """The query string with `name=value` added, or removed if present; the page resets."""
    query = base.copy()
    query.pop("page", None)
    values = query.getlist(name)
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    query.setlist(name, values)
    return query.urlencode()
