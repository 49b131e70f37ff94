"""Evaluation figures as a report states them (`model.Figure` as plain dicts): their shape
checked, the overall values they give, and the report's sentences and chart bars for them.

The sentences are bokmål, as the report builder writes every other sentence of the report.
A range stays a range («mellom 55 og 90 %»), a figure for a group of sessions is named by
the group («Sesjon 1–4»), and a figure for one talk by the words the report named it with;
figures for talks or sessions that the source did not name are given together, never
numbered as if we knew which was which.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from typing import Any

from innspill.documents.model import Figure

MEASURES = ("satisfied", "very_satisfied", "response_rate", "attend_next_year", "maybe_next_year")
SUBJECTS = ("overall", "plenary", "talk", "talks", "session", "sessions", "other")
# Evaluation's scalar field for each measure it keeps (the single figure for the conference)
SCALARS = {
    "response_rate": "response_rate",
    "satisfied": "satisfied_overall",
    "attend_next_year": "would_attend_next_year",
    "maybe_next_year": "maybe_next_year",
}
LABEL_MAX = 200
QUALIFIER_MAX = 20


class FigureError(ValueError):
    """A figure that cannot be stored as it is (the message says why, in bokmål)."""


def _from_form(value: Any) -> Any:
    """«67», «66,7» as typed in a form become numbers; anything else is left to be refused."""
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,3}(?:[.,]\d+)?\s*%?\s*", value):
        number = float(value.strip().rstrip("%").strip().replace(",", "."))
        return int(number) if number.is_integer() else number
    return value


def _percent(value: Any, name: str) -> int | float | None:
    value = _from_form(value)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FigureError(f"{name} må være et tall, ikke {value!r}")
    if not 0 <= value <= 100:
        raise FigureError(f"{name} må ligge mellom 0 og 100 (er {value})")
    return int(value) if float(value).is_integer() else float(value)


def figure_clean(data: Mapping[str, Any] | Figure) -> dict[str, Any]:
    """`data` in `Figure.to_dict()` shape with every rule checked; raises FigureError."""
    if isinstance(data, Figure):
        data = asdict(data)
    measure, subject = data.get("measure"), data.get("subject") or "overall"
    if measure not in MEASURES:
        raise FigureError(f"ukjent mål: {measure!r}")
    if subject not in SUBJECTS:
        raise FigureError(f"ukjent gjelder: {subject!r}")
    value = _percent(data.get("value"), "verdien")
    low, high = _percent(data.get("min"), "fra"), _percent(data.get("max"), "til")
    if value is not None and (low is not None or high is not None):
        raise FigureError("et tall er enten én verdi eller et spenn, ikke begge")
    if value is None and (low is None or high is None):
        raise FigureError("mangler verdi (eller både fra og til for et spenn)")
    if low is not None and high is not None and low >= high:
        raise FigureError(f"spennet må gå fra lavt til høyt (er {low}–{high})")
    sessions = data.get("sessions") or []
    if isinstance(sessions, list):
        sessions = [_from_form(n) for n in sessions]
    if not isinstance(sessions, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in sessions
    ):
        raise FigureError(f"sesjonene må være en liste med sesjonsnummer, ikke {sessions!r}")
    sessions = sorted(set(sessions))
    if subject == "session" and len(sessions) > 1:
        raise FigureError("én sesjon har ett nummer; flere sesjoner gjelder «sessions»")
    if subject == "sessions" and len(sessions) == 1:
        raise FigureError("en gruppe sesjoner har flere nummer; én sesjon gjelder «session»")
    if subject not in ("session", "sessions") and sessions:
        raise FigureError(f"bare sesjoner har sesjonsnummer (gjelder {subject})")
    page = _from_form(data.get("page"))
    if page is not None and (isinstance(page, bool) or not isinstance(page, int) or page < 1):
        raise FigureError(f"sidetallet må være et positivt heltall, ikke {page!r}")
    label = str(data.get("label") or "").strip()
    qualifier = str(data.get("qualifier") or "").strip()
    if len(label) > LABEL_MAX or len(qualifier) > QUALIFIER_MAX:
        raise FigureError("teksten er for lang")
    return {
        "measure": measure,
        "subject": subject,
        "value": value,
        "min": low,
        "max": high,
        "sessions": sessions,
        "label": label,
        "page": page,
        "qualifier": qualifier,
    }


def figures_clean(items: Iterable[Mapping[str, Any] | Figure]) -> list[dict[str, Any]]:
    """Every figure checked (FigureError names the first bad one), exact repeats dropped."""
    out: list[dict[str, Any]] = []
    for number, item in enumerate(items, start=1):
        try:
            figure = figure_clean(item)
        except FigureError as exc:
            raise FigureError(f"tall {number}: {exc}") from None
        if figure not in out:
            out.append(figure)
    return out


def overall_values(figures: Iterable[Mapping[str, Any]]) -> dict[str, int | float | None]:
    """The Evaluation scalars: per measure the first single figure for the whole conference.

    A range gives none (the table of years has one number per measure); the range itself
    stays in `figures`.
    """
    out: dict[str, int | float | None] = dict.fromkeys(SCALARS.values())
    for figure in figures:
        field = SCALARS.get(figure["measure"])
        if (
            field is not None
            and out[field] is None
            and figure["subject"] == "overall"
            and figure["value"] is not None
        ):
            out[field] = figure["value"]
    return out


def figures_from_values(values: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Overall figures for scalars given without figures (a row typed in, an older draft)."""
    return [
        figure_clean({"measure": measure, "value": values.get(field)})
        for measure, field in SCALARS.items()
        if values.get(field) is not None
    ]


def sessions_label(numbers: Iterable[int]) -> str:
    """«Sesjon 3», «Sesjon 1–4», «Sesjon 1, 3 og 5»: the sessions as a run or a list."""
    ordered = sorted(set(numbers))
    if not ordered:
        return "Parallellsesjonene"
    if len(ordered) == 1:
        return f"Sesjon {ordered[0]}"
    if ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"Sesjon {ordered[0]}–{ordered[-1]}"
    return "Sesjon " + ", ".join(map(str, ordered[:-1])) + f" og {ordered[-1]}"


def _number(value: float) -> str:
    # whole percentages with a no-break space, as the renderer's format_number writes them
    # (imported here without the renderer, which loads the image libraries)
    return f"{round(value)}\u00a0%"


def figure_amount(figure: Mapping[str, Any]) -> str:
    """«55 %», «nær 90 %», «mellom 55 og 90 %»: the figure as stated, lower case."""
    if figure["value"] is None:
        return f"mellom {round(figure['min'])} og {_number(figure['max'])}"
    qualifier = f"{figure['qualifier']} " if figure.get("qualifier") else ""
    return qualifier + _number(figure["value"])


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def figure_name(figure: Mapping[str, Any]) -> str:
    """What a figure for one talk, session or group is for, as a label; "" when unnamed."""
    if figure["subject"] in ("session", "sessions") and figure["sessions"]:
        return sessions_label(figure["sessions"])
    if figure["subject"] in ("talk", "talks", "session", "other") and figure.get("label"):
        return _capital(figure["label"])
    return ""


_FEELING = {"satisfied": "svært fornøyd eller fornøyd", "very_satisfied": "svært fornøyd"}
_WITH = {
    "plenary": "plenumsdelen",
    "talks": "innleggene",
    "sessions": "parallellsesjonene",
}
_EACH = {"talk": "de enkelte innleggene", "session": "de enkelte parallellsesjonene"}


def _listing(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " og " + parts[-1]


def _feeling_sentence(figure: Mapping[str, Any]) -> str:
    feeling = _FEELING[figure["measure"]]
    amount, subject = figure_amount(figure), figure["subject"]
    name = figure_name(figure)
    if name:
        return f"{name}: {amount} var {feeling}."
    if subject == "overall":
        return f"{_capital(amount)} av deltakerne var {feeling} med konferansen samlet sett."
    if subject in _WITH:
        return f"{_capital(amount)} var {feeling} med {_WITH[subject]}."
    return f"{_capital(amount)} var {feeling}."


def _next_year_sentence(attend: Mapping[str, Any] | None, maybe: Mapping[str, Any] | None) -> str:
    if attend is not None and maybe is not None:
        return (
            f"{_capital(figure_amount(attend))} vil delta på neste års konferanse og "
            f"{figure_amount(maybe)} kanskje."
        )
    if attend is not None:
        return f"{_capital(figure_amount(attend))} vil delta på neste års konferanse."
    assert maybe is not None
    return f"{_capital(figure_amount(maybe))} vil kanskje delta på neste års konferanse."


def figure_sentences(figures: Iterable[Mapping[str, Any]]) -> list[str]:
    """The figures in words, in the order a report gives them; each figure appears once."""
    figures = list(figures)
    sentences: list[str] = []
    for figure in figures:
        if figure["measure"] == "response_rate":
            prefix = f"{figure_name(figure)}: " if figure_name(figure) else ""
            sentences.append(
                f"{prefix}{_capital(figure_amount(figure))} av deltakerne besvarte evalueringen."
            )
    feelings = [f for f in figures if f["measure"] in _FEELING]
    feelings.sort(key=lambda f: f["subject"] != "overall")  # stable: stated order otherwise
    # unnamed figures for single talks or sessions are listed together where the first stood
    entries: list[str | tuple[str, str]] = []
    unnamed: dict[tuple[str, str], list[str]] = {}
    for figure in feelings:
        if figure["subject"] in _EACH and not figure_name(figure):
            key = (figure["measure"], figure["subject"])
            if key not in unnamed:
                unnamed[key] = []
                entries.append(key)
            unnamed[key].append(figure_amount(figure))
        else:
            entries.append(_feeling_sentence(figure))
    for entry in entries:
        if isinstance(entry, str):
            sentences.append(entry)
        else:
            measure, subject = entry
            sentences.append(
                f"Andelen {_FEELING[measure]} var {_listing(unnamed[entry])} for {_EACH[subject]}."
            )
    attend = [f for f in figures if f["measure"] == "attend_next_year"]
    maybe = [f for f in figures if f["measure"] == "maybe_next_year"]
    for index in range(max(len(attend), len(maybe))):
        sentences.append(
            _next_year_sentence(
                attend[index] if index < len(attend) else None,
                maybe[index] if index < len(maybe) else None,
            )
        )
    return sentences


_BAR = {"overall": "Samlet", "plenary": "Plenum", "talks": "Innleggene"}


def chart_bars(figures: Iterable[Mapping[str, Any]]) -> list[tuple[str, float]]:
    """(label, share) of each «svært fornøyd eller fornøyd» figure that is one exact value for
    the conference, one talk, session or group, named as stated; ranges, approximate and
    unnamed figures are left to the text."""
    bars = []
    for figure in figures:
        if figure["measure"] != "satisfied" or figure["value"] is None or figure.get("qualifier"):
            continue
        label = figure_name(figure) or _BAR.get(figure["subject"], "")
        if figure["subject"] == "sessions" and not figure["sessions"]:
            label = "Parallellsesjonene"
        if label:
            bars.append((label, float(figure["value"])))
    return bars
