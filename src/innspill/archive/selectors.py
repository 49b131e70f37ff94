"""Reads for the public archive: parameter parsing, search, facets. Shared by the pages, exports and the API."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from innspill.analysis.text import normalise, query_stems
from innspill.archive.engine import SearchResult, run_search
from innspill.conferences.models import Session
from innspill.inputs import vocabulary_names
from innspill.inputs.models import Actor, DataVersion, Input, Kind, Status, Theme
from innspill.organisations.models import OrganisationType, Region

MAX_QUERY_LENGTH = 500
FACETS = ("year", "theme", "kind", "actor", "session", "organisation_type", "region")
SESSION_FACET_LIMIT = 25


class ParamError(ValueError):
    """A request parameter is invalid; `param` names it for the 400 response."""

    def __init__(self, param: str, message: str):
        super().__init__(message)
        self.param = param
        self.message = message


@dataclass
class SearchParams:
    q: str = ""
    year: list[int] = field(default_factory=list)
    theme: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    actor: list[str] = field(default_factory=list)
    session: list[int] = field(default_factory=list)
    organisation_type: list[str] = field(default_factory=list)
    region: list[str] = field(default_factory=list)
    page: int = 1
    page_size: int = 20
    # The data version read once per request, and id -> (key, name) per vocabulary table for it.
    version: str = ""
    vocabulary: dict[str, dict[int, tuple[str, str]]] = field(default_factory=dict)

    @property
    def stems(self) -> list[str]:
        return query_stems(self.q)

    def active_filters(self) -> dict[str, list[Any]]:
        return {f: getattr(self, f) for f in FACETS if getattr(self, f)}


def _values(data: QueryDict, name: str) -> list[str]:
    """Repeated parameters and comma-separated lists are both accepted."""
    out: list[str] = []
    for raw in data.getlist(name):
        out.extend(v.strip() for v in raw.split(",") if v.strip())
    return out


def _int_values(data: QueryDict, name: str, *, low: int, high: int) -> list[int]:
    out = []
    for value in _values(data, name):
        if not value.isdigit() or not low <= int(value) <= high:
            raise ParamError(
                name,
                _("Ugyldig verdi for «%(name)s»: «%(value)s» (heltall %(low)s–%(high)s).")
                % {"name": name, "value": value[:30], "low": low, "high": high},
            )
        out.append(int(value))
    return out


def _choice_values(data: QueryDict, name: str, allowed: set[str]) -> list[str]:
    values = _values(data, name)
    for value in values:
        if value not in allowed:
            raise ParamError(
                name,
                _("Ukjent verdi for «%(name)s»: «%(value)s».")
                % {"name": name, "value": value[:40]},
            )
    return values


def parse_search_params(
    data: QueryDict, *, default_page_size: int, max_page_size: int
) -> SearchParams:
    """Validate the archive's query string; raises ParamError naming the bad parameter."""
    q = normalise(data.get("q", ""))
    if len(q) > MAX_QUERY_LENGTH:
        raise ParamError(
            "q", _("Søket («q») er for langt (maks %(n)s tegn).") % {"n": MAX_QUERY_LENGTH}
        )
    version = DataVersion.current()
    params = SearchParams(q=q, version=version, vocabulary=_vocabulary_labels(version))
    keys = {name: {key for key, _ in table.values()} for name, table in params.vocabulary.items()}
    params.year = _int_values(data, "year", low=1900, high=2100)
    params.theme = _choice_values(data, "theme", keys["theme"])
    params.kind = _choice_values(data, "kind", keys["kind"])
    params.actor = _choice_values(data, "actor", keys["actor"])
    params.session = _int_values(data, "session", low=1, high=2**62)
    params.organisation_type = _choice_values(
        data, "organisation_type", set(OrganisationType.values)
    )
    params.region = _choice_values(data, "region", set(Region.values))
    for name, low, high, default in (
        ("page", 1, 1_000_000, 1),
        ("page_size", 1, max_page_size, default_page_size),
    ):
        values = _int_values(data, name, low=low, high=high)
        if len(values) > 1:
            raise ParamError(name, _("«%(name)s» kan bare oppgis én gang.") % {"name": name})
        setattr(params, name, values[0] if values else default)
    return params


def with_context(qs: QuerySet[Input], *, secondary_themes: bool = True) -> QuerySet[Input]:
    """What a result row shows, in a constant number of queries."""
    prefetch = [Prefetch("actors", queryset=Actor.objects.order_by("position"))]
    if secondary_themes:
        prefetch.append(Prefetch("themes", queryset=Theme.objects.order_by("position")))
    return qs.select_related("theme", "kind", "session", "conference").prefetch_related(*prefetch)


def inputs_in_order(ids: list[int], *, secondary_themes: bool = True) -> list[Input]:
    """The inputs with these ids, in the given order, with their context."""
    if not ids:
        return []
    qs = with_context(Input.objects.filter(pk__in=ids), secondary_themes=secondary_themes)
    by_id = {item.pk: item for item in qs}
    return [by_id[pk] for pk in ids if pk in by_id]


def iter_inputs(ids: Iterable[int], *, chunk: int = 2000) -> Iterator[Input]:
    """Stream inputs in the given order, a few queries per chunk (exports)."""
    batch: list[int] = []
    for pk in ids:
        batch.append(int(pk))
        if len(batch) == chunk:
            yield from inputs_in_order(batch)
            batch = []
    yield from inputs_in_order(batch)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    query: str = ""  # the query string that toggles this value, filled in by the view


def archive_search(params: SearchParams) -> tuple[SearchResult, dict[str, list[FacetValue]]]:
    """Run the search and label its facet counts for display."""
    result = run_search(params, params.vocabulary, version=params.version)
    vocab = params.vocabulary

    def chosen(name: str, value: Any) -> bool:
        return str(value) in {str(v) for v in getattr(params, name)}

    facets: dict[str, list[FacetValue]] = {
        "year": [FacetValue(str(y), str(y), n, chosen("year", y)) for y, n in result.facets["year"]]
    }
    for name, context in (
        ("theme", vocabulary_names.THEME),
        ("kind", vocabulary_names.KIND),
        ("actor", vocabulary_names.ACTOR),
    ):
        facets[name] = [
            FacetValue(
                vocab[name][pk][0],
                vocabulary_names.term_name(context, vocab[name][pk][1]),
                n,
                chosen(name, vocab[name][pk][0]),
            )
            for pk, n in result.facets[name]
            if pk in vocab[name]
        ]
    top_sessions = result.facets["session"][:SESSION_FACET_LIMIT]
    titles: dict[int, str] = {}
    if top_sessions:
        titles = {
            pk: f"{year}: {title}"
            for pk, year, title in Session.objects.filter(
                pk__in=[pk for pk, _ in top_sessions]
            ).values_list("pk", "conference__cycle__year", "title")
        }
    facets["session"] = [
        FacetValue(str(pk), titles.get(pk, str(pk)), n, chosen("session", pk))
        for pk, n in top_sessions
    ]
    for name, choices in (
        ("organisation_type", OrganisationType.choices),
        ("region", Region.choices),
    ):
        labels = dict(choices)
        facets[name] = [
            FacetValue(k, str(labels.get(k, k)), n, chosen(name, k)) for k, n in result.facets[name]
        ]
    return result, facets


_vocabulary_cache: tuple[str, dict[str, dict[int, tuple[str, str]]]] | None = None


def _vocabulary_labels(version: str) -> dict[str, dict[int, tuple[str, str]]]:
    """id -> (key, name) for themes, kinds and actors, read again only when the data version changes."""
    global _vocabulary_cache
    if _vocabulary_cache is None or _vocabulary_cache[0] != version:
        _vocabulary_cache = (
            version,
            {
                "theme": {
                    pk: (k, n) for pk, k, n in Theme.objects.values_list("pk", "key", "name")
                },
                "kind": {pk: (k, n) for pk, k, n in Kind.objects.values_list("pk", "key", "name")},
                "actor": {
                    pk: (k, n) for pk, k, n in Actor.objects.values_list("pk", "key", "name")
                },
            },
        )
    return _vocabulary_cache[1]


def input_detail(pk: int) -> Input:
    return (
        Input.objects.select_related(
            "cycle", "conference", "session", "theme", "kind", "source_document", "meeting"
        )
        .prefetch_related("actors", "themes")
        .get(pk=pk, status=Status.PUBLISHED)
    )


def theme_year_counts() -> dict[str, dict[int, int]]:
    """For each theme key, inputs per year (published only)."""
    rows = (
        Input.objects.filter(status=Status.PUBLISHED, theme__isnull=False)
        .values_list("theme__key", "year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    out: dict[str, dict[int, int]] = {}
    for key, year, n in rows:
        out.setdefault(key, {})[year] = n
    return out


def theme_actor_counts(theme: Theme) -> list[tuple[str, int]]:
    """Actors most addressed by a theme's published inputs (primary theme)."""
    rows = (
        Input.actors.through.objects.filter(input__theme=theme, input__status=Status.PUBLISHED)
        .values_list("actor__name")
        .annotate(n=Count("input_id"))
        .order_by("-n", "actor__name")[:10]
    )
    return [(vocabulary_names.term_name(vocabulary_names.ACTOR, name), n) for name, n in rows]


def correction_choices(item: Input) -> dict[str, Any]:
    """What the staff correction form offers, with the input's current labels marked."""
    current_actors = {a.pk for a in item.actors.all()}
    return {
        "themes": list(Theme.objects.filter(active=True)),
        "kinds": list(Kind.objects.filter(active=True)),
        "actors": [(a, a.pk in current_actors) for a in Actor.objects.filter(active=True)],
    }
