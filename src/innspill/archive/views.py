"""The public archive: search with facets, an input's page, theme trends, exports."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innspill.accounts.roles import can, capability_required
from innspill.analysis.summarise import representative
from innspill.archive import recurrence, selectors
from innspill.archive.exports import json_array, table_rows
from innspill.archive.templatetags.archive_tags import toggle_query
from innspill.common.spreadsheet import (
    UI_SEPARATOR,
    SeparatorError,
    csv_response,
    csv_separator,
    xlsx_response,
)
from innspill.common.svg import bar_chart_svg
from innspill.followups import selectors as followup_selectors
from innspill.followups.clusters import cluster_key
from innspill.inputs.models import Input, Status, Theme
from innspill.practices import selectors as practice_selectors

RECURRING_LIMIT = 40
REPRESENTATIVE_POOL = 3000  # most recent inputs of a theme considered for its representative list
SIMILAR_SHOWN = 6

# Lazy: evaluated at import, plain gettext would fix every heading in bokmål.
FACET_TITLES = {
    "year": gettext_lazy("År"),
    "theme": gettext_lazy("Tema"),
    "kind": gettext_lazy("Type innspill"),
    "actor": gettext_lazy("Aktør"),
    "session": gettext_lazy("Sesjon"),
    "organisation_type": gettext_lazy("Organisasjonstype"),
    "region": gettext_lazy("Region"),
}


def _params(request: HttpRequest) -> selectors.SearchParams:
    conf = settings.INNSPILL
    return selectors.parse_search_params(
        request.GET, default_page_size=conf["ARCHIVE_PAGE_SIZE"], max_page_size=100
    )


def _bad_request(request: HttpRequest, error: selectors.ParamError) -> HttpResponse:
    return render(request, "archive/bad_request.html", {"error": error}, status=400)


def input_list(request: HttpRequest) -> HttpResponse:
    try:
        params = _params(request)
    except selectors.ParamError as error:
        return _bad_request(request, error)
    result, facets = selectors.archive_search(params)
    paginator = Paginator(result.ids, params.page_size)
    try:
        page = paginator.page(params.page)
    except EmptyPage:
        page = paginator.page(paginator.num_pages or 1)
    # The result list shows the primary theme only; exports and the API carry the secondary ones.
    page.object_list = selectors.inputs_in_order(
        [int(i) for i in page.object_list], secondary_themes=False
    )
    query = request.GET.copy()
    query.pop("page", None)
    for name, values in facets.items():
        for f in values:
            f.query = toggle_query(query, name, f.value)
    context = {
        "params": params,
        "page": page,
        "stems": params.stems,
        "facets": [(name, FACET_TITLES[name], facets[name]) for name in selectors.FACETS],
        "querystring": query.urlencode(),
        "export_query": request.GET.urlencode(),
        "active_count": sum(len(v) for v in params.active_filters().values()),
        "can_assign": can(request.user, "followup.assign"),
    }
    template = "archive/_results.html" if request.htmx else "archive/input_list.html"
    return render(request, template, context)


def input_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        item = selectors.input_detail(pk)
    except Input.DoesNotExist as exc:
        # A merged input lives on in the one it was merged into: old links lead there.
        into = (
            Input.objects.filter(pk=pk, status=Status.MERGED)
            .values_list("merged_into", flat=True)
            .first()
        )
        if into:
            return redirect("archive:input-detail", pk=into)
        raise Http404(_("Fant ikke innspillet.")) from exc
    shared = recurrence.stored()
    found = recurrence.for_input(shared, item.pk, year=item.year)
    context = {
        "item": item,
        "stems": [],
        "shared": shared,
        "also_raised": found.also_raised,
        "similar_elsewhere": _published(
            selectors.inputs_in_order([pk for pk, _ in found.similar][:SIMILAR_SHOWN])
        ),
        "near_duplicates": _published(selectors.inputs_in_order(found.duplicates[:SIMILAR_SHOWN])),
    }
    context["followup_line"] = followup_selectors.input_followup_line(
        item,
        other_years=[year for year, _n in found.also_raised],
        member_ids=found.cluster.member_ids if found.cluster else (),
    )
    context["can_assign"] = can(request.user, "followup.assign")
    context["others_do"] = practice_selectors.practices_for_input(item.pk)
    if can(request.user, "inputs.edit"):
        context["marked_practice"] = practice_selectors.practice_for_input(item.pk)
        context["can_mark_practice"] = True
    if can(request.user, "inputs.classify"):
        context["correction"] = selectors.correction_choices(item)
    return render(request, "archive/input_detail.html", context)


def _published(items: list[Input]) -> list[Input]:
    # The stored run can predate a change of status; a hidden input must not show meanwhile.
    return [i for i in items if i.status == Status.PUBLISHED]


def theme_list(request: HttpRequest) -> HttpResponse:
    counts = selectors.theme_year_counts()
    years = sorted({y for per_year in counts.values() for y in per_year})
    themes = []
    for theme in Theme.objects.filter(active=True):
        per_year = counts.get(theme.key, {})
        data = [(str(y), per_year.get(y, 0)) for y in years]
        themes.append(
            {
                "theme": theme,
                "total": sum(per_year.values()),
                "chart": bar_chart_svg(
                    title=_("Innspill per år: %(theme)s") % {"theme": theme.label},
                    data=data,
                    chart_id=f"chart-{theme.key}",
                ),
                "table": data,
            }
        )
    return render(request, "archive/theme_list.html", {"themes": themes, "years": years})


def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The public export: the search's first EXPORT_MAX_ROWS rows."""
    return _export(request, fmt, limit=settings.INNSPILL["EXPORT_MAX_ROWS"])


@capability_required("archive.export_all")
def export_all(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every matching input for researchers and the secretariat; it streams, so no row cap."""
    return _export(request, fmt, limit=None)


def _export(request: HttpRequest, fmt: str, *, limit: int | None) -> HttpResponse:
    try:
        params = _params(request)
        sep = csv_separator(request.GET.get("sep"), default=UI_SEPARATOR)
    except selectors.ParamError as error:
        return _bad_request(request, error)
    except SeparatorError:
        return _bad_request(request, selectors.ParamError("sep", _("Ukjent skilletegn («sep»).")))
    result, _facets = selectors.archive_search(params)
    ids = result.ids[:limit]
    base_url = request.build_absolute_uri("/").rstrip("/")
    rows = table_rows(selectors.iter_inputs(ids), base_url=base_url)
    if fmt == "csv":
        return csv_response(rows, filename="innspill", sep=sep, stream=True)
    if fmt == "xlsx":
        return xlsx_response([(_("Innspill"), rows)], filename="innspill")
    response = StreamingHttpResponse(
        json_array(selectors.iter_inputs(ids), base_url=base_url),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="innspill.json"'
    return response


def recurring_list(request: HttpRequest) -> HttpResponse:
    """«Går igjen»: the demands raised in the most years, each with its inputs by year and session."""
    try:
        min_years = max(2, min(20, int(request.GET.get("min_years", "2"))))
    except ValueError:
        min_years = 2
    shared = recurrence.stored()
    unanswered = request.GET.get("ubesvart") == "1"
    # Unanswered ones are picked from every cluster, then the first RECURRING_LIMIT shown.
    clusters = recurrence.recurring_clusters(
        shared, min_years=min_years, limit=10_000 if unanswered else RECURRING_LIMIT
    )
    if unanswered:
        clusters = followup_selectors.unanswered_clusters(clusters)
    clusters = clusters[:RECURRING_LIMIT]
    followup_lines = followup_selectors.cluster_lines(clusters)
    ids = [pk for c in clusters for pk in c.member_ids]
    by_id = {
        i.pk: i
        for i in Input.objects.filter(pk__in=ids, status=Status.PUBLISHED).select_related(
            "session", "theme"
        )
    }
    themes = {theme.key: theme.label for theme in Theme.objects.all()}
    rows = []
    for cluster in clusters:
        rows.append(
            {
                "cluster": cluster,
                "key": cluster_key(cluster),
                "followup": followup_lines.get(cluster_key(cluster)),
                "theme_names": [themes.get(t, t) for t in cluster.themes[:2]],
                "years": [
                    (year, [by_id[pk] for pk in cluster.by_year[year] if pk in by_id])
                    for year in sorted(cluster.by_year)
                ],
            }
        )
    context = {"rows": rows, "min_years": min_years, "shared": shared, "unanswered": unanswered}
    context["can_assign"] = can(request.user, "followup.assign")
    return render(request, "archive/recurring_list.html", context)


def theme_detail(request: HttpRequest, key: str) -> HttpResponse:
    """A theme: inputs per year, the most representative inputs, the actors most addressed."""
    theme = get_object_or_404(Theme, key=key)
    counts = selectors.theme_year_counts().get(key, {})
    years = sorted(counts)
    chart = bar_chart_svg(
        title=_("Innspill per år: %(theme)s") % {"theme": theme.label},
        data=[(str(y), counts[y]) for y in years],
        chart_id=f"chart-{key}",
    )
    sample = list(
        Input.objects.filter(status="published", theme=theme)
        .order_by("-year", "pk")
        .values_list("pk", "text")[:REPRESENTATIVE_POOL]
    )
    picked = representative([t for _, t in sample], k=8)
    representative_inputs = selectors.inputs_in_order([sample[i][0] for i in picked])
    actors = selectors.theme_actor_counts(theme)
    return render(
        request,
        "archive/theme_detail.html",
        {
            "theme": theme,
            "chart": chart,
            "table": [(y, counts[y]) for y in years],
            "total": sum(counts.values()),
            "representative": representative_inputs,
            "actors": actors,
        },
    )
