"""The site's own error pages: 403, 404, 500 and a failed CSRF check, in the base layout.

Set as handler403/404/500 in `innspill.urls` and as CSRF_FAILURE_VIEW. The 500 page is
rendered without the request's context processors, so it shows even when the database is
what failed; if the template itself cannot render it falls back to a page built here.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

log = logging.getLogger(__name__)


@requires_csrf_token
def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


@requires_csrf_token
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):  # a program asked: answer in the API's own shape
        return JsonResponse(
            {"error": _("Fant ikke siden")}, status=404, json_dumps_params={"ensure_ascii": False}
        )
    return render(request, "errors/404.html", status=404)


@requires_csrf_token
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from a page that was open too long, or with cookies off."""
    return render(request, "errors/403_csrf.html", status=403)


def server_error(request: HttpRequest | None = None) -> HttpResponse:
    try:
        # No request: a context processor could touch the broken database or session.
        return HttpResponseServerError(loader.get_template("errors/500.html").render({}))
    except Exception:
        log.exception("the 500 page itself failed; sending the plain one")
        return HttpResponseServerError(_plain_500())


def _plain_500() -> str:
    title = escape(_("Noe gikk galt"))
    text = escape(_("Det oppstod en feil hos oss. Prøv igjen om litt."))
    back = escape(_("Til forsiden"))
    return (
        f'<!DOCTYPE html><html lang="{escape(get_language() or "nb")}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title} – innspill</title></head><body><main><h1>{title}</h1><p>{text}</p>"
        f'<p><a href="/">{back}</a></p></main></body></html>'
    )
