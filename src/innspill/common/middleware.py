import time

from django.http import HttpRequest, HttpResponse


class ServerTimingMiddleware:
    """Adds `Server-Timing: app;dur=<ms>` so speed can be measured server-side over HTTP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        start = time.perf_counter()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - start) * 1000:.1f}"
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
