"""Every form a visitor or a staff member can send, sent with hostile values: never a 500.

The pages are found by walking the site's links from the front page, the staff dashboard and a
participant's and a respondent's personal links (one page per route), over the demo data.
Each form on them is then sent once per field and hostile value, the other fields keeping the
values the page gave them. Runs on SQLite and on PostgreSQL (a NUL byte is the PostgreSQL case).
"""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from innspill.common import clock
from innspill.conferences.models import Conference
from innspill.registrations.services import registration_open
from innspill.surveys import services as survey_services
from innspill.surveys.models import Survey
from tests.registrations.factories import make_invitation

HOSTILE = {
    "non-numeric": "abc",
    "nul": "1\x00<script>",
    "long": "9" * 30 + "x" * 20_000,
    "unicode": "١٢٣ Ωé😀\u202e\ufeff",
    "huge number": "99999999999999999999999999",
    "negative": "-1",
}
# Pages that end the session or leave the site's own pages.
SKIP_PATHS = ("/admin/", "/i18n/", "/ansatt/logg-ut/", "/static/", "/media/")


class Forms(HTMLParser):
    """The links and forms of a page: each form's method, action and fields with their values."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "option" and self._select and self.forms:
            fields = self.forms[-1]["fields"]
            if not fields[self._select] or "selected" in a:
                fields[self._select] = a.get("value") or ""
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self.forms.append(
                {
                    "method": (a.get("method") or "get").lower(),
                    "action": a.get("action"),
                    "fields": {},
                }
            )
        elif not self.forms or not a.get("name"):
            return
        elif tag == "input" and a.get("type") not in {"submit", "button", "file", "image"}:
            if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                self.forms[-1]["fields"].setdefault(a["name"], "")
            else:
                self.forms[-1]["fields"][a["name"]] = a.get("value") or ""
        elif tag == "select":
            self._select = a["name"]
            self.forms[-1]["fields"][a["name"]] = ""
        elif tag == "textarea":
            self._textarea = a["name"]
            self.forms[-1]["fields"][a["name"]] = ""

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def _route(path: str) -> str | None:
    try:
        return resolve(path).route
    except Resolver404:
        return None


def crawl(client: Client, starts: list[str], limit: int = 200) -> dict[str, tuple[str, list]]:
    """One page per route: route -> (url, forms)."""
    seen: dict[str, tuple[str, list]] = {}
    queue = list(starts)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        path = urlsplit(url).path
        route = _route(path)
        if route is None or route in seen or path.startswith(SKIP_PATHS):
            continue
        response = client.get(url)
        assert response.status_code < 500, url
        if not response.get("Content-Type", "").startswith("text/html"):
            seen[route] = (url, [])
            continue
        parser = Forms()
        parser.feed(response.content.decode())
        seen[route] = (url, parser.forms)
        for href in parser.links:
            target = urlsplit(urljoin(url, href))
            if target.netloc in ("", "testserver"):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return seen


def fuzz(client: Client, pages: dict[str, tuple[str, list]]) -> tuple[int, list[str]]:
    """Send each distinct form (by method, route and field names) once per field and value."""
    sent, failures, done = 0, [], set()
    for url, forms in pages.values():
        for form in forms:
            action = urljoin(url, form["action"] or url)
            path = urlsplit(action).path
            # forms repeated per item (fields named with the item's id) count once
            shape = sorted({re.sub(r"\d+", "#", n) for n in form["fields"]})
            key = (form["method"], _route(path), tuple(shape))
            if path.startswith(SKIP_PATHS) or key in done:
                continue
            done.add(key)
            names = [n for n in form["fields"] if n != "csrfmiddlewaretoken"]
            for name in names:
                for label, value in HOSTILE.items():
                    data = dict(form["fields"]) | {name: value}
                    send = client.post if form["method"] == "post" else client.get
                    response = send(action, data)
                    sent += 1
                    if response.status_code >= 500:
                        failures.append(f"{form['method']} {action} {name}={label}")
    return sent, failures


@pytest.mark.slow
@pytest.mark.django_db(transaction=False)
def test_every_form_field_with_hostile_values_gives_no_500(vocabulary, settings):
    settings.INNSPILL_RATE_LIMITS = False
    call_command("seed_demo", "--quiet-logins")
    coming = next(c for c in Conference.objects.order_by("-date") if registration_open(c))
    _invitation, participant_token = make_invitation(coming)
    survey = survey_services.survey_create_default(cycle=coming.cycle, by=_admin())
    survey_services.survey_update(
        survey=survey,
        title=survey.title,
        intro=survey.intro,
        closes_at=clock.now() + timedelta(days=30),
        by=_admin(),
    )
    # exceptions become 500 responses, so one run lists every failing field
    public = Client(raise_request_exception=False)
    admin = Client(raise_request_exception=False)
    admin.force_login(_admin())
    starts = ["/", f"/deltaker/i/{participant_token}/", "/konferanse/", "/live/"]
    tokens = _survey_tokens(survey)
    starts += [f"/evaluering/svar/{t}/" for t in tokens[:1]]
    public_pages = crawl(public, starts)
    staff_pages = crawl(admin, ["/ansatt/", "/evaluering/ansatt/"])
    sent_public, failures_public = fuzz(public, public_pages)
    sent_staff, failures_staff = fuzz(admin, staff_pages)
    print(
        f"hostile input: {sent_public} public and {sent_staff} staff requests, {len(public_pages) + len(staff_pages)} pages"
    )
    assert failures_public + failures_staff == []
    # the walk reached the forms that matter (numbers from the demo data)
    routes = set(public_pages) | set(staff_pages)
    for expected in ("deltaker/i/<str:token>/", "ansatt/<int:pk>/innsjekk/", "ansatt/"):
        assert any(r.endswith(expected) for r in routes), expected
    assert sent_public > 100 and sent_staff > 500


def _admin() -> User:
    user, _created = User.objects.get_or_create(username="fuzz-admin")
    user.groups.add(Group.objects.get(name="admin"))
    return user


def _survey_tokens(survey: Survey) -> list[str]:
    start = len(mail.outbox)
    survey_services.survey_send(
        survey=survey,
        recipients=[("fuzz@example.org", "nb")],
        base_url="http://testserver/",
        by=_admin(),
        # the demo's survey is for the coming conference: sending before it needs a reason
        early_reason="Test av skjemaet",
    )
    return [
        m.group(1)
        for message in mail.outbox[start:]
        if (m := re.search(r"/evaluering/svar/([^/\s]+)/", message.body))
    ]
