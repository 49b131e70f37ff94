"""/api/v1/practices: the good-practice library as JSON, searched and filtered like its pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from innspill.common.api import LANG_OPENAPI, LANG_PARAM, api_error, api_view
from innspill.practices import selectors
from innspill.practices.models import Practice

PARAMS = {"q", "municipality", "theme", "county", "size", LANG_PARAM}
RELATED_LISTED = 5


def practice_as_dict(p: Practice, *, related: list[int], base_url: str) -> dict:
    municipality = p.municipality
    return {
        "id": p.pk,
        "title": p.title,
        "municipality": municipality.short_name if municipality else (p.municipality_name or None),
        "municipality_number": p.municipality_number or None,
        "county": municipality.county.name if municipality else None,
        "theme": p.theme.key if p.theme else None,
        "year": p.year,
        "description": p.description,
        "measures": p.measures,
        "runs_by": p.runs_by or None,
        "contact": p.contact or None,
        "facts": p.facts,
        "source": {
            "document": str(p.source_document) if p.source_document else None,
            "page": p.source_page,
            "input": p.source_input_id,
        },
        "related_inputs": [{"id": pk, "url": f"{base_url}/innspill/{pk}/"} for pk in related],
        "url": f"{base_url}/gode-grep/{p.pk}/",
    }


@require_GET
@api_view
def practice_list(request: HttpRequest) -> HttpResponse:
    unknown = sorted(set(request.GET) - PARAMS)
    if unknown:
        return api_error(unknown[0], _("Ukjent parameter «%(name)s».") % {"name": unknown[0][:40]})
    try:
        query = selectors.parse_query(request.GET)
    except selectors.ParamError as error:
        return api_error(error.param, error.message)
    practices = list(selectors.practice_search(query))
    related = selectors.related_by_practice([p.pk for p in practices], limit=RELATED_LISTED)
    base_url = request.build_absolute_uri("/").rstrip("/")
    body = {
        "count": len(practices),
        "results": [
            practice_as_dict(p, related=related[p.pk], base_url=base_url) for p in practices
        ],
    }
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


_NULLABLE_INT = {"type": ["integer", "null"]}
_NULLABLE_STR = {"type": ["string", "null"]}

OPENAPI_PATHS = {
    "/api/v1/practices": {
        "get": {
            "operationId": "listPractices",
            "summary": "Good local practices («gode grep») with their municipality's facts",
            "parameters": [
                {
                    "name": "q",
                    "in": "query",
                    "required": False,
                    "description": "Free text; Norwegian stemming; every word must match.",
                    "schema": {"type": "string", "maxLength": 500},
                },
                {
                    "name": "municipality",
                    "in": "query",
                    "required": False,
                    "description": "Municipality number (4 digits) or name; an earlier name "
                    "(e.g. Tjøme) finds today's municipality.",
                    "schema": {"type": "string"},
                },
                {
                    "name": "theme",
                    "in": "query",
                    "required": False,
                    "description": "Theme key (see /api/v1/themes).",
                    "schema": {"type": "string"},
                },
                {
                    "name": "county",
                    "in": "query",
                    "required": False,
                    "description": "County number from 2024, e.g. 46.",
                    "schema": {"type": "string", "pattern": "^[0-9]{2}$"},
                },
                {
                    "name": "size",
                    "in": "query",
                    "required": False,
                    "description": "Municipality size by the inhabitants the source states.",
                    "schema": {"type": "string", "enum": ["small", "medium", "large", "city"]},
                },
                LANG_OPENAPI,
            ],
            "responses": {
                "200": {
                    "description": "Every matching practice.",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/PracticeList"}
                        }
                    },
                },
                "400": {
                    "description": "A parameter is invalid; `parameter` names it.",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                },
            },
        }
    }
}

OPENAPI_SCHEMAS = {
    "Practice": {
        "type": "object",
        "required": [
            "title",
            "municipality",
            "municipality_number",
            "facts",
            "source",
            "related_inputs",
        ],
        "properties": {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "municipality": {
                **_NULLABLE_STR,
                "description": "Today's municipality, or the place as the source wrote it.",
            },
            "municipality_number": {**_NULLABLE_STR, "pattern": "^[0-9]{4}$"},
            "county": _NULLABLE_STR,
            "theme": _NULLABLE_STR,
            "year": _NULLABLE_INT,
            "description": {"type": "string"},
            "measures": {"type": "array", "items": {"type": "string"}},
            "runs_by": _NULLABLE_STR,
            "contact": _NULLABLE_STR,
            "facts": {
                "type": "object",
                "description": "The municipality's figures as the source states them.",
                "properties": {
                    "inhabitants": _NULLABLE_INT,
                    "inhabitants_date": _NULLABLE_STR,
                    "immigrants": _NULLABLE_INT,
                    "immigrant_share": {"type": ["number", "null"]},
                    "nationalities": _NULLABLE_INT,
                },
            },
            "source": {
                "type": "object",
                "properties": {
                    "document": _NULLABLE_STR,
                    "page": _NULLABLE_INT,
                    "input": _NULLABLE_INT,
                },
            },
            "related_inputs": {
                "type": "array",
                "description": "Inputs from any year asking for what the practice does, closest first.",
                "items": {
                    "type": "object",
                    "properties": {"id": {"type": "integer"}, "url": {"type": "string"}},
                },
            },
            "url": {"type": "string"},
        },
    },
    "PracticeList": {
        "type": "object",
        "required": ["count", "results"],
        "properties": {
            "count": {"type": "integer"},
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/Practice"}},
        },
    },
}
