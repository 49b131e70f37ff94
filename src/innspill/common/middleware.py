import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


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


class BokmalFirstMiddleware:
    """Bokmål unless the visitor chose another language with the switcher (a cookie).

    A browser's Accept-Language is ignored on purpose: public Norwegian services open
    in bokmål and offer nynorsk and English, rather than guessing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
