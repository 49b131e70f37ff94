"""Reads for the good-practice library: search with Norwegian stems, filters, related inputs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from innspill.analysis.text import query_stems
from innspill.cycles.models import Cycle
from innspill.inputs.models import DataVersion, Input, Status, Theme
from innspill.organisations.municipalities import COUNTIES, by_number, county, lookup
from innspill.practices.models import SIZE_BOUNDS, Practice, PracticeMatch, Size
from innspill.practices.services import search_key

RELATED_SHOWN = 8
OTHERS_SHOWN = 3  # «Slik gjør andre det» on an input's page


class ParamError(ValueError):
    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param, self.message = param, message


@dataclass
class PracticeQuery:
    q: str = ""
    theme: str = ""
    county: str = ""
    size: str = ""
    municipality: str = ""
    stems: list[str] = field(default_factory=list)


def parse_query(data) -> PracticeQuery:
    """The search parameters from a query string; an unknown value raises ParamError naming it."""
    query = PracticeQuery(
        q=(data.get("q") or "").strip()[:500],
        theme=(data.get("theme") or "").strip(),
        county=(data.get("county") or "").strip(),
        size=(data.get("size") or "").strip(),
        municipality=(data.get("municipality") or "").strip()[:100],
    )
    if query.county and query.county not in COUNTIES:
        raise ParamError("county", _("«county» må være et fylkesnummer, for eksempel 46."))
    if query.size and query.size not in Size.values:
        raise ParamError(
            "size", _("«size» må være en av %(values)s.") % {"values": ", ".join(Size.values)}
        )
    query.stems = query_stems(query.q) if query.q else []
    return query


def _municipality_filter(value: str) -> Q:
    found = by_number(value) if value.isdigit() else lookup(value)
    if found:
        return Q(municipality_number=found.number)
    # a place the register does not know is matched as the source wrote it
    return Q(municipality_name__iexact=value)


def practice_search(query: PracticeQuery) -> QuerySet[Practice]:
    qs = Practice.objects.select_related("theme", "source_document")
    for stem in query.stems:
        # a word's start: Snowball stems «arbeidsinnvandrer» shorter than «arbeidsinnvandrere»
        qs = qs.filter(search_stems__contains=f" {search_key(stem)}")
    if query.theme:
        qs = qs.filter(theme__key=query.theme)
    if query.county:
        qs = qs.filter(municipality_number__startswith=query.county)
    if query.size:
        low, high = SIZE_BOUNDS[Size(query.size)]
        qs = qs.filter(inhabitants__gte=low)
        if high is not None:
            qs = qs.filter(inhabitants__lt=high)
    if query.municipality:
        qs = qs.filter(_municipality_filter(query.municipality))
    return qs.order_by("title", "pk")


@dataclass
class Facets:
    themes: list[tuple[str, str, int]]  # key, name, count
    counties: list[tuple[str, str, int]]  # number, name, count
    sizes: list[tuple[str, str, int]]  # key, label, count


def facets(practices: list[Practice]) -> Facets:
    """Counts within a result for each filter value that occurs in it."""
    theme_counts = Counter(p.theme_id for p in practices if p.theme_id)
    themes = {t.pk: t for t in Theme.objects.filter(pk__in=theme_counts)}
    county_counts = Counter(p.municipality_number[:2] for p in practices if p.municipality_number)
    size_counts: Counter[str] = Counter()
    for p in practices:
        if p.inhabitants is None:
            continue
        for size, (low, high) in SIZE_BOUNDS.items():
            if p.inhabitants >= low and (high is None or p.inhabitants < high):
                size_counts[size] += 1
    return Facets(
        themes=sorted(
            ((themes[pk].key, themes[pk].label, n) for pk, n in theme_counts.items()),
            key=lambda t: (-t[2], t[1]),
        ),
        counties=[
            (number, county(number).name, county_counts[number])
            for number in COUNTIES
            if county_counts[number]
        ],
        sizes=[(size.value, size.label, size_counts[size]) for size in Size if size_counts[size]],
    )


def practice_detail(pk: int) -> Practice:
    return Practice.objects.select_related("theme", "source_document", "source_input").get(pk=pk)


def related_inputs(practice: Practice, *, limit: int = RELATED_SHOWN) -> list[Input]:
    """Published inputs of any year asking for what the practice does, closest first."""
    matches = (
        PracticeMatch.objects.filter(practice=practice, input__status=Status.PUBLISHED)
        .select_related("input__session", "input__theme")
        .order_by("-score", "input_id")[:limit]
    )
    return [m.input for m in matches]


def related_by_practice(practice_ids: list[int], *, limit: int) -> dict[int, list[int]]:
    """Input ids per practice, closest first, for a page of practices (one query)."""
    out: dict[int, list[int]] = {pk: [] for pk in practice_ids}
    rows = (
        PracticeMatch.objects.filter(practice_id__in=practice_ids, input__status=Status.PUBLISHED)
        .order_by("practice_id", "-score", "input_id")
        .values_list("practice_id", "input_id")
    )
    for practice_id, input_id in rows:
        if len(out[practice_id]) < limit:
            out[practice_id].append(input_id)
    return out


def practices_for_input(input_id: int, *, limit: int = OTHERS_SHOWN) -> list[Practice]:
    """«Slik gjør andre det»: the practices closest to what an input asks for."""
    matches = (
        PracticeMatch.objects.filter(input_id=input_id)
        .select_related("practice")
        .order_by("-score", "practice_id")[:limit]
    )
    return [m.practice for m in matches]


def stale_version(practice: Practice) -> str | None:
    """The current data version when the practice's related inputs were computed for an older one."""
    version = DataVersion.current()
    return version if practice.matched_version != version else None


def practice_for_input(input_id: int) -> Practice | None:
    """The practice an input was marked as, if it was."""
    return Practice.objects.filter(source_input_id=input_id).first()


def practices_for_cycle(cycle: Cycle) -> list[Practice]:
    """The year's good local practices, for the input report's «Gode eksempler»: those marked
    from the year's inputs (round answers, meetings) and those its imported documents gave."""
    return list(Practice.objects.filter(year=cycle.year).order_by("pk"))
