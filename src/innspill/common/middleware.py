import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from innspill.common.params import bad_request


class ServerTimingMiddleware:
    """Adds `Server-Timing: app;dur=<ms>` so speed can be measured server-side over HTTP.

    Only with settings.INNSPILL_SERVER_TIMING (DEBUG, or the benchmarks).
    """

    def __init__(self, get_response):
        if not settings.INNSPILL_SERVER_TIMING:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        start = time.perf_counter()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - start) * 1000:.1f}"
        return response


class PrivateNoStoreMiddleware:
    """`Cache-Control: private, no-store` on pages and files with personal data.

    Staff, participant and survey-link pages, and anything a logged-in user is shown, must not
    stay in a shared cache or in the browser's history cache on a shared computer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith(settings.INNSPILL_PRIVATE_PATHS) or (
            user is not None and user.is_authenticated
        ):
            patch_cache_control(response, private=True, no_store=True)
            response.headers.pop("Expires", None)
        return response


class LinkLanguageMiddleware:
    """A link that names its language (`?lang=ar`, as the participant e-mails do) opens in it, and
    the choice is remembered like the switcher's.

    Without one, Django's LocaleMiddleware (next in the chain) decides: the switcher's cookie,
    then the browser's Accept-Language on a first visit, then bokmål.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        lang = request.GET.get("lang", "")
        if lang not in {code for code, _name in settings.LANGUAGES}:
            return self.get_response(request)
        request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = lang
        response = self.get_response(request)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            lang,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response


class RejectNulBytesMiddleware:
    """400 for a NUL character anywhere in the query string, a posted form or a JSON body.

    PostgreSQL cannot store or even compare text with NUL (0x00), so such a value would end
    as a 500 wherever it reached the database (a search, a name); no real form needs one.
    Placed after the locale, session and CSP middleware so the page is translated and styled.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            message = _("Forespørselen inneholder et ugyldig tegn (NUL) og ble avvist.")
            if request.content_type == "application/json" or request.path.startswith("/api/"):
                return JsonResponse({"error": message}, status=400)
            return bad_request(request, message)
        return self.get_response(request)


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    forms = [request.GET, request.POST] if request.method == "POST" else [request.GET]
    for data in forms:
        for key, values in data.lists():
            if "\x00" in key or any("\x00" in v for v in values if isinstance(v, str)):
                return True
    if request.method == "POST" and request.content_type == "application/json":
        # JSON spells NUL as \u0000 (or sends the raw byte); small bodies only reach here
        # (DATA_UPLOAD_MAX_MEMORY_SIZE bounds them).
        body = request.body
        return b"\x00" in body or b"\\u0000" in body.lower()
    return False
