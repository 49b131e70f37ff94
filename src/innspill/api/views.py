"""Read-only JSON API over the archive (/api/v1/). Errors are JSON with the offending parameter named."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from innspill.api.openapi import openapi_document
from innspill.archive import selectors
from innspill.archive.exports import input_as_dict, table_rows
from innspill.common.api import LANG_PARAM, api_error, api_view
from innspill.common.spreadsheet import (
    API_SEPARATOR,
    SeparatorError,
    csv_response,
    csv_separator,
    xlsx_response,
)
from innspill.inputs.models import Theme

INPUT_PARAMS = {
    "q",
    "year",
    "theme",
    "kind",
    "actor",
    "session",
    "organisation_type",
    "region",
    "page",
    "page_size",
    "format",
    "sep",
    LANG_PARAM,
}
FORMATS = ("json", "csv", "xlsx")


@require_GET
@api_view
def inputs(request: HttpRequest) -> HttpResponse:
    unknown = sorted(set(request.GET) - INPUT_PARAMS)
    if unknown:
        return api_error(unknown[0], _("Ukjent parameter «%(name)s».") % {"name": unknown[0][:40]})
    fmt = request.GET.get("format", "json")
    if fmt not in FORMATS or len(request.GET.getlist("format")) > 1:
        return api_error("format", _("«format» må være json, csv eller xlsx."))
    try:
        sep = csv_separator(request.GET.get("sep"), default=API_SEPARATOR)
    except SeparatorError:
        return api_error("sep", _("«sep» må være comma, semicolon eller tab (eller , ; som tegn)."))
    try:
        params = selectors.parse_search_params(
            request.GET, default_page_size=50, max_page_size=settings.INNSPILL["API_MAX_PAGE_SIZE"]
        )
    except selectors.ParamError as error:
        return api_error(error.param, error.message)
    result, _facets = selectors.archive_search(params)
    page = selectors.inputs_in_order(result.page(params.page, params.page_size))
    base_url = request.build_absolute_uri("/").rstrip("/")
    if fmt == "csv":
        rows = table_rows(page, base_url=base_url)
        return csv_response(rows, filename="innspill", sep=sep, stream=True)
    if fmt == "xlsx":
        return xlsx_response([("inputs", table_rows(page, base_url=base_url))], filename="innspill")
    body = {
        "count": result.count,
        "page": params.page,
        "page_size": params.page_size,
        "results": [input_as_dict(item, base_url=base_url) for item in page],
    }
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


@require_GET
@api_view
def themes(request: HttpRequest) -> HttpResponse:
    """The keys stay the same in every language; the names are in the request's language."""
    data = [{"key": t.key, "name": t.label} for t in Theme.objects.filter(active=True)]
    return JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})


@require_GET
def openapi(request: HttpRequest) -> HttpResponse:
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})
