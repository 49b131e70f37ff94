"""Reads for the public archive: parameter parsing, search, facets. Shared by the pages, exports and the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from innspill.analysis.text import normalise, query_stems
from innspill.conferences.models import Session
from innspill.inputs import search
from innspill.inputs.models import Actor, Input, Kind, Status, Theme
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
    # id -> (key, name) per vocabulary table, read once per request for validation and facet labels.
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
                _("Ukjent verdi for «%(name)s»: «%(value)s».") % {"name": name, "value": value[:40]},
            )
    return values


def parse_search_params(data: QueryDict, *, default_page_size: int, max_page_size: int) -> SearchParams:
    """Validate the archive's query string; raises ParamError naming the bad parameter."""
    q = normalise(data.get("q", ""))
    if len(q) > MAX_QUERY_LENGTH:
        raise ParamError("q", _("Søket («q») er for langt (maks %(n)s tegn).") % {"n": MAX_QUERY_LENGTH})
    params = SearchParams(q=q, vocabulary=_vocabulary_labels())
    keys = {name: {key for key, _ in table.values()} for name, table in params.vocabulary.items()}
    params.year = _int_values(data, "year", low=1900, high=2100)
    params.theme = _choice_values(data, "theme", keys["theme"])
    params.kind = _choice_values(data, "kind", keys["kind"])
    params.actor = _choice_values(data, "actor", keys["actor"])
    params.session = _int_values(data, "session", low=1, high=2**62)
    params.organisation_type = _choice_values(data, "organisation_type", set(OrganisationType.values))
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


def search_queryset(params: SearchParams) -> QuerySet[Input]:
    """Published inputs matching the text query and filters, newest first."""
    qs = Input.objects.filter(status=Status.PUBLISHED)
    if params.q and search.has_terms(params.q):
        qs = qs.filter(pk__in=search.matching_ids(params.q))
    if params.year:
        qs = qs.filter(year__in=params.year)
    if params.theme:
        qs = qs.filter(theme__key__in=params.theme)
    if params.kind:
        qs = qs.filter(kind__key__in=params.kind)
    if params.actor:
        qs = qs.filter(pk__in=Input.actors.through.objects.filter(actor__key__in=params.actor).values("input_id"))
    if params.session:
        qs = qs.filter(session_id__in=params.session)
    if params.organisation_type:
        qs = qs.filter(organisation_type__in=params.organisation_type)
    if params.region:
        qs = qs.filter(region__in=params.region)
    return qs.order_by("-year", "session_id", "position", "id")


def with_context(qs: QuerySet[Input]) -> QuerySet[Input]:
    """What a result row shows, in a constant number of queries."""
    return qs.select_related("theme", "kind", "session", "conference").prefetch_related(
        Prefetch("actors", queryset=Actor.objects.order_by("position")),
        Prefetch("themes", queryset=Theme.objects.order_by("position")),
    )


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    query: str = ""  # the query string that toggles this value, filled in by the view


def facet_counts(qs: QuerySet[Input], params: SearchParams) -> dict[str, list[FacetValue]]:
    """Counts per facet value within the current result set; one query per facet."""
    base = qs.order_by()
    ids = base.values("pk")
    out: dict[str, list[FacetValue]] = {}

    def selected(name: str, value: Any) -> bool:
        return str(value) in {str(v) for v in getattr(params, name)}

    years = base.values_list("year").annotate(n=Count("pk")).order_by("-year")
    out["year"] = [FacetValue(str(y), str(y), n, selected("year", y)) for y, n in years]

    # Group by foreign-key ids only (no join, index-friendly), then label from the small tables.
    vocab = params.vocabulary
    themes = base.filter(theme__isnull=False).values_list("theme_id").annotate(n=Count("pk")).order_by("-n", "theme_id")
    out["theme"] = [
        FacetValue(vocab["theme"][tid][0], vocab["theme"][tid][1], n, selected("theme", vocab["theme"][tid][0]))
        for tid, n in themes
    ]
    kinds = base.filter(kind__isnull=False).values_list("kind_id").annotate(n=Count("pk")).order_by("-n", "kind_id")
    out["kind"] = [
        FacetValue(vocab["kind"][kid][0], vocab["kind"][kid][1], n, selected("kind", vocab["kind"][kid][0]))
        for kid, n in kinds
    ]
    actors = (
        Input.actors.through.objects.filter(input_id__in=ids)
        .values_list("actor_id")
        .annotate(n=Count("input_id"))
        .order_by("-n", "actor_id")
    )
    out["actor"] = [
        FacetValue(vocab["actor"][aid][0], vocab["actor"][aid][1], n, selected("actor", vocab["actor"][aid][0]))
        for aid, n in actors
    ]
    sessions = list(
        base.filter(session__isnull=False)
        .values_list("session_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "session_id")[:SESSION_FACET_LIMIT]
    )
    titles = {
        pk: f"{year}: {title}"
        for pk, year, title in Session.objects.filter(pk__in=[sid for sid, _ in sessions]).values_list(
            "pk", "conference__cycle__year", "title"
        )
    }
    out["session"] = [
        FacetValue(str(sid), titles.get(sid, str(sid)), n, selected("session", sid)) for sid, n in sessions
    ]

    org_labels = dict(OrganisationType.choices)
    orgtypes = base.exclude(organisation_type="").values_list("organisation_type").annotate(n=Count("pk")).order_by("-n")
    out["organisation_type"] = [
        FacetValue(k, str(org_labels.get(k, k)), n, selected("organisation_type", k)) for k, n in orgtypes
    ]

    region_labels = dict(Region.choices)
    regions = base.exclude(region="").values_list("region").annotate(n=Count("pk")).order_by("-n")
    out["region"] = [FacetValue(k, str(region_labels.get(k, k)), n, selected("region", k)) for k, n in regions]
    return out


def _vocabulary_labels() -> dict[str, dict[int, tuple[str, str]]]:
    """id -> (key, name) for themes, kinds and actors: three tiny tables."""
    return {
        "theme": {pk: (k, n) for pk, k, n in Theme.objects.values_list("pk", "key", "name")},
        "kind": {pk: (k, n) for pk, k, n in Kind.objects.values_list("pk", "key", "name")},
        "actor": {pk: (k, n) for pk, k, n in Actor.objects.values_list("pk", "key", "name")},
    }


def input_detail(pk: int) -> Input:
    return (
        Input.objects.select_related("cycle", "conference", "session", "theme", "kind", "source_document", "meeting")
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


def sessions_by_id(ids: list[int]) -> dict[int, Session]:
    return {s.pk: s for s in Session.objects.filter(pk__in=ids).select_related("conference")}
