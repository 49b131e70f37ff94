"""The import preview's form as a browser would submit it, with some fields changed."""

from typing import Any

import lxml.html


def submitted(page: str, changes: dict[str, Any] | None = None) -> dict[str, Any]:
    """The values the page's import form sends, `changes` applied (None removes a field)."""
    form = next(
        f for f in lxml.html.fromstring(page).forms if "import-preview" in (f.get("class") or "")
    )
    data: dict[str, Any] = dict(form.form_values())
    for name, value in (changes or {}).items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data
