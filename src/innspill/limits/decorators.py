"""Rate limits on exports, the API and the public forms, declared here in one table.

Counted per client address and per link token (innspill.limits.limiter). The numbers leave
room for a venue where 200 phones share one address: each of them may load, register or
answer a few times within the hour before anyone is refused.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from innspill.limits.limiter import Rate, hit


@dataclass(frozen=True)
class Limit:
    per: str  # "ip" (the client's address) or "token" (the link in the URL)
    rate: Rate
    methods: frozenset[str] | None = None  # None: every method


def limit(per: str, rate: str, methods: str = "") -> Limit:
    return Limit(per, Rate.parse(rate), frozenset(methods.split()) if methods else None)


LIMITS: dict[str, tuple[Limit, ...]] = {
    # The whole archive in one file; a researcher needs a few, a scraper many.
    "export": (limit("ip", "10/m"), limit("ip", "120/h")),
    "api": (limit("ip", "120/m"), limit("ip", "3000/h")),
    # Participant links (registration, calendar, cancel, decline) and survey links.
    "participant": (
        limit("ip", "3000/h"),
        limit("ip", "600/h", "POST"),
        limit("token", "300/h"),
        limit("token", "30/h", "POST"),
    ),
    # Question-round links: an organisation saves drafts as it writes, so a few more POSTs.
    "round": (
        limit("ip", "3000/h"),
        limit("ip", "600/h", "POST"),
        limit("token", "300/h"),
        limit("token", "60/h", "POST"),
    ),
    "survey": (
        limit("ip", "3000/h"),
        limit("ip", "600/h", "POST"),
        limit("token", "300/h"),
        limit("token", "30/h", "POST"),
    ),
}


def client_ip(request: HttpRequest) -> str:
    """The client's address; behind our own reverse proxy the address it appended last."""
    if settings.SECURE_PROXY_SSL_HEADER is not None:  # BEHIND_PROXY (settings.py)
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.rsplit(",", 1)[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    message = _("For mange forespørsler på kort tid. Vent litt og prøv igjen.")
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"error": message, "retry_after": retry_after},
            status=429,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = render(
            request,
            "limits/too_many_requests.html",
            {"message": message, "minutes": max(1, round(retry_after / 60))},
            status=429,
        )
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(scope: str) -> Callable:
    """View decorator: count the request against LIMITS[scope]; 429 once one of them is spent."""
    limits = LIMITS[scope]

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if settings.INNSPILL_RATE_LIMITS:
                for rule in limits:
                    if rule.methods is not None and request.method not in rule.methods:
                        continue
                    client = client_ip(request) if rule.per == "ip" else str(kwargs.get("token"))
                    tag = f"{scope}:{rule.per}:{rule.rate.count}/{rule.rate.seconds}"
                    verdict = hit(scope=tag, client=client, rate=rule.rate)
                    if not verdict.allowed:
                        return too_many_requests(request, verdict.retry_after)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
