"""/api/v1/followup: one object per followed-up published input, paged like /api/v1/inputs."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from innspill.common.api import LANG_PARAM, api_error, api_view
from innspill.common.spreadsheet import (
    API_SEPARATOR,
    SeparatorError,
    csv_response,
    csv_separator,
    xlsx_response,
)
from innspill.followups.models import FollowUp, FollowUpStatus, Owner
from innspill.inputs.models import Status

PARAMS = {"year", "ministry", "status", "theme", "page", "page_size", "format", "sep", LANG_PARAM}
FIELDS = ["input", "ministry", "status", "answer", "url", "date", "year", "theme"]


def _values(request: HttpRequest, name: str) -> list[str]:
    return [v.strip() for raw in request.GET.getlist(name) for v in raw.split(",") if v.strip()]


def _as_dict(f: FollowUp) -> dict:
    return {
        "input": f.input_id,
        "ministry": f.owner.short_name,
        "status": f.status,
        "answer": f.answer,
        "url": f.url,
        "date": f.answered_on.isoformat() if f.answered_on else None,
        "year": f.input.year,
        "theme": f.input.theme.key if f.input.theme else None,
    }


@require_GET
@api_view
def followup_list(request: HttpRequest) -> HttpResponse:
    unknown = sorted(set(request.GET) - PARAMS)
    if unknown:
        return api_error(unknown[0], _("Ukjent parameter «%(name)s».") % {"name": unknown[0][:40]})
    fmt = request.GET.get("format", "json")
    if fmt not in {"json", "csv", "xlsx"}:
        return api_error("format", _("«format» må være json, csv eller xlsx."))
    try:
        sep = csv_separator(request.GET.get("sep"), default=API_SEPARATOR)
    except SeparatorError:
        return api_error("sep", _("«sep» må være comma, semicolon eller tab (eller , ; som tegn)."))
    qs = FollowUp.objects.filter(input__status=Status.PUBLISHED)
    years = _values(request, "year")
    if any(not y.isdigit() or len(y) != 4 for y in years):
        return api_error("year", _("«year» må være et årstall med fire sifre."))
    if years:
        qs = qs.filter(input__year__in=[int(y) for y in years])
    ministries = _values(request, "ministry")
    if ministries:
        known = {o.lower(): o for o in Owner.objects.values_list("short_name", flat=True)}
        bad = [m for m in ministries if m.lower() not in known]
        if bad:
            return api_error(
                "ministry", _("Ukjent departement eller etat «%(name)s».") % {"name": bad[0][:60]}
            )
        qs = qs.filter(owner__short_name__in=[known[m.lower()] for m in ministries])
    statuses = _values(request, "status")
    bad = [s for s in statuses if s not in FollowUpStatus.values]
    if bad:
        return api_error(
            "status",
            _("«status» må være en av %(values)s.") % {"values": ", ".join(FollowUpStatus.values)},
        )
    if statuses:
        qs = qs.filter(status__in=statuses)
    themes = _values(request, "theme")
    if themes:
        qs = qs.filter(input__theme__key__in=themes)
    try:
        page = int(request.GET.get("page", "1"))
        page_size = int(request.GET.get("page_size", "50"))
    except ValueError:
        return api_error("page", _("«page» og «page_size» må være hele tall."))
    max_size = settings.INNSPILL["API_MAX_PAGE_SIZE"]
    if not 1 <= page <= 1_000_000:
        return api_error("page", _("«page» må være minst 1."))
    if not 1 <= page_size <= max_size:
        return api_error(
            "page_size", _("«page_size» må være mellom 1 og %(max)s.") % {"max": max_size}
        )
    qs = qs.select_related("owner", "input", "input__theme").order_by(
        "-input__year", "input_id", "owner__short_name"
    )
    start = (page - 1) * page_size
    rows = [_as_dict(f) for f in qs[start : start + page_size]]
    if fmt in {"csv", "xlsx"}:
        table = [FIELDS, *[["" if row[k] is None else row[k] for k in FIELDS] for row in rows]]
        if fmt == "xlsx":
            return xlsx_response([("followup", table)], filename="oppfolging")
        return csv_response(table, filename="oppfolging", sep=sep)
    body = {"count": qs.count(), "page": page, "page_size": page_size, "results": rows}
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})
