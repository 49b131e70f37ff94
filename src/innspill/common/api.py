"""What every JSON API view shares: one language per response, and errors that name the parameter."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

# `?lang` is taken by every API view (it picks the language of errors and names).
LANG_PARAM = "lang"


def api_language(request: HttpRequest) -> str:
    """`?lang`, else the first of the browser's `Accept-Language` the API speaks, else bokmål.

    The API speaks the staff languages (nb, nn, en): a client asking for Arabic gets every
    message in bokmål rather than half in Arabic and half in bokmål. The site's language cookie
    is not read: a script's answers must not change with what a browser once chose.
    """
    lang = request.GET.get(LANG_PARAM, "")
    if lang in settings.STAFF_LANGUAGES:
        return lang
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        try:
            supported = translation.get_supported_language_variant(code)
        except LookupError:
            continue
        if supported in settings.STAFF_LANGUAGES:
            return supported
    return settings.LANGUAGE_CODE


def api_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run `view` in the request's API language and say which in `Content-Language`."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        language = api_language(request)
        with translation.override(language):
            response = view(request, *args, **kwargs)
        response.headers["Content-Language"] = language
        return response

    return wrapped


def api_error(param: str, message: str) -> JsonResponse:
    return JsonResponse(
        {"error": message, "parameter": param},
        status=400,
        json_dumps_params={"ensure_ascii": False},
    )


# The `lang` parameter as the OpenAPI document describes it, for every path.
LANG_OPENAPI = {
    "name": LANG_PARAM,
    "in": "query",
    "required": False,
    "description": "Language of error messages and names: nb (default), nn or en. Without it, "
    "the first of these in Accept-Language. Keys never change with the language.",
    "schema": {"type": "string", "enum": ["nb", "nn", "en"]},
}
