"""Parsing values from forms and query strings without letting bad input become a 500."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# Above this many digits a number cannot be a key of ours (bigint has 19).
MAX_ID_DIGITS = 18


def pk_or_404(value: str | None) -> int:
    """A primary key from a posted or queried value; anything but plain ASCII digits is a 404.

    `str.isdigit` alone would let «²» or Arabic-Indic digits through to `int()` or the database.
    """
    if not value or len(value) > MAX_ID_DIGITS or not (value.isascii() and value.isdigit()):
        raise Http404(_("Fant ikke det du ba om."))
    return int(value)


def message_page(request: HttpRequest, *, title: str, message: str, status: int) -> HttpResponse:
    """A short page in the site's layout that says what went wrong (a 400, a missing file)."""
    return render(
        request, "common/message.html", {"title": title, "message": message}, status=status
    )


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    """Our own 400 page, with a message that says what was wrong."""
    return message_page(request, title=_("Ugyldig forespørsel"), message=message, status=400)
