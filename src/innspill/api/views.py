"""Read-only JSON API over the archive (/api/v1/). Errors are JSON with the offending parameter named."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from innspill.api.openapi import openapi_document
from innspill.archive import selectors
from innspill.archive.exports import input_as_dict, table_rows
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
}
FORMATS = ("json", "csv", "xlsx")


def _error(param: str, message: str) -> JsonResponse:
    return JsonResponse(
        {"error": message, "parameter": param},
        status=400,
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def inputs(request: HttpRequest) -> HttpResponse:
    unknown = sorted(set(request.GET) - INPUT_PARAMS)
    if unknown:
        return _error(unknown[0], f"Unknown parameter «{unknown[0]}».")
    fmt = request.GET.get("format", "json")
    if fmt not in FORMATS or len(request.GET.getlist("format")) > 1:
        return _error("format", "«format» must be json, csv or xlsx.")
    try:
        sep = csv_separator(request.GET.get("sep"), default=API_SEPARATOR)
    except SeparatorError:
        return _error("sep", "«sep» must be comma, semicolon or tab (or , ; as characters).")
    try:
        params = selectors.parse_search_params(
            request.GET, default_page_size=50, max_page_size=settings.INNSPILL["API_MAX_PAGE_SIZE"]
        )
    except selectors.ParamError as error:
        return _error(error.param, error.message)
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
def themes(request: HttpRequest) -> HttpResponse:
    data = [
        {"key": k, "name": n}
        for k, n in Theme.objects.filter(active=True).values_list("key", "name")
    ]
    return JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})


@require_GET
def openapi(request: HttpRequest) -> HttpResponse:
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})
