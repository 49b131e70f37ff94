"""Every staff URL with every role and with no login: 200/302 where the role may, our own 403
where it may not, never Django's bare page and never a 500.

The URLs are read from the resolver (every view behind `capability_required`), so a page added
later is walked too; its path parameters are filled from ARGS with ids of the demo's objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from innspill.accounts.roles import ROLES, can
from innspill.capture.models import Capture
from innspill.capture.services import capture_setup
from innspill.common.models import Task
from innspill.conferences.models import Conference, Session
from innspill.cycles.models import Cycle, Meeting, QuestionRound
from innspill.demo.data import DEMO_USERS
from innspill.followups.models import FollowUp
from innspill.inputs.models import Input
from innspill.organisations.models import Organisation, Person
from innspill.registrations.models import Invitation, Registration
from innspill.registrations.placement import placement_compute
from innspill.reports.services import report_draft
from innspill.surveys.models import Answer, Question
from innspill.surveys.services import survey_create_default

PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class StaffUrl:
    name: str  # namespace:url-name
    route: str  # "/ansatt/jobber/<int:pk>/"
    capability: str


def staff_urls() -> list[StaffUrl]:
    found = []

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and hasattr(pattern.callback, "capability"):
                found.append(
                    StaffUrl(
                        f"{namespace}:{pattern.name}", "/" + route, pattern.callback.capability
                    )
                )

    walk(get_resolver().url_patterns, "", "")
    return found


def fill(url: StaffUrl, args: dict[str, Any]) -> tuple[str, list[str]]:
    """The path with its parameters filled; and the parameters ARGS did not know."""
    unknown = []
    namespace = url.name.split(":")[0]

    def value(match: re.Match) -> str:
        name = match["name"]
        for key in (f"{url.name}:{name}", f"{namespace}:{name}", name):
            if key in args:
                return str(args[key])
        unknown.append(name)
        return "1" if match["conv"] == "int" else "x"

    return PARAM.sub(value, url.route), unknown


def build_world() -> dict[str, Any]:
    """The demo (cycles, a coming conference with registrations, inputs, follow-ups, logins)
    and what it lacks: a survey, a capture, a report draft, a placement run and tasks."""
    call_command("seed_demo", "--quiet-logins")
    admin = User.objects.get(username="admin")
    secretariat = User.objects.get(username="sekretariat")
    coming = Conference.objects.order_by("-date").first()
    past = Cycle.objects.order_by("year").first()
    session, other = Session.objects.filter(conference=coming, kind="parallel").order_by("number")[
        :2
    ]
    survey = survey_create_default(cycle=past, by=admin)
    capture = capture_setup(session=session, by=admin)
    report = report_draft(cycle=past, report_type="conference", by=admin)
    run = placement_compute(conference=coming, by=admin)
    registration = Registration.objects.filter(conference=coming).order_by("pk").first()
    registration.badge_code = registration.badge_code or "TESTKODE"
    registration.save(update_fields=["badge_code"])
    task = Task.objects.create(kind="import", label="Leser rapport.pdf", func="x", user=secretariat)
    imported = Task.objects.create(
        kind="import",
        label="Leser rapport.pdf",
        func="x",
        user=secretariat,
        status="done",
        result={"structure": {}, "draft": "x"},
    )
    publishing = Task.objects.create(
        kind="report.publish", label="Publiserer", func="x", user=admin
    )
    capture_setup(session=other, by=admin, rapporteurs=[User.objects.get(username="referent")])
    demo_round = QuestionRound.objects.filter(recipients__isnull=False).distinct().first()
    contact = Person.objects.create(
        name="Kari Kontakt",
        email="kari.kontakt@example.org",
        organisation=Organisation.objects.first(),
    )
    return {
        "own_board": f"/ansatt/live/{Capture.objects.get(session=other).code}/",
        # By "namespace:url-name:parameter", "namespace:parameter" or "parameter".
        "args": {
            "accounts:pk": task.pk,
            "inputs:pk": task.pk,
            "inputs:import-preview:pk": imported.pk,
            "inputs:import-page:pk": imported.pk,
            "inputs:import-page:page": 1,
            "inputs:input-correct:pk": Input.objects.order_by("pk").first().pk,
            "capture:code": capture.code,
            "conferences:pk": coming.pk,
            "sid": session.pk,
            "registrations:pk": coming.pk,
            "registrations:revoke:pk": Invitation.objects.filter(conference=coming).first().pk,
            "registrations:resend:pk": Invitation.objects.filter(conference=coming).last().pk,
            "registrations:staff-cancel:pk": registration.pk,
            "run_id": run.pk,
            "task_id": task.pk,
            "reports:task_id": publishing.pk,
            "fmt": "csv",
            "registrations:checkin-code:code": registration.badge_code,
            "reports:pk": report.pk,
            "surveys:pk": survey.pk,
            "qid": Question.objects.filter(survey=survey).order_by("position", "pk").first().pk,
            "followups:pk": FollowUp.objects.order_by("pk").first().pk,
            "cycles:cycle-edit:pk": Cycle.objects.order_by("pk").first().pk,
            "organisations:organisation-edit:pk": Organisation.objects.order_by("pk").first().pk,
            "organisations:person-edit:pk": contact.pk,
            "registrations:person-invitations:pk": contact.pk,
            # the demo's question round and one of its recipients
            "rounds:pk": demo_round.pk,
            "recipient_id": demo_round.recipients.order_by("pk").first().pk,
            "meetings:meeting-detail:pk": Meeting.objects.order_by("pk").first().pk,
            "input_pk": Input.objects.order_by("pk").first().pk,
            # The demo survey has no answers yet: the page must answer our 404, not a 500.
            "aid": Answer.objects.order_by("pk").values_list("pk", flat=True).first() or 0,
        },
    }


def ours(response, status: int) -> bool:
    """Our own error page for `status` (errors/<status>.html in the base layout)."""
    names = {t.name for t in response.templates}
    return f"errors/{status}.html" in names and "base.html" in names


def login(role: str | None) -> tuple[Client, Any]:
    client = Client()
    if role is None:
        return client, None
    username = {r: u for u, r, _superuser in DEMO_USERS}[role]
    user = User.objects.get(username=username)
    client.force_login(user)
    return client, user


def check(url: StaffUrl, path: str, role: str | None, user: Any, response) -> str | None:
    """What is wrong with `response`, or None."""
    status = response.status_code
    if role is None:
        if status == 302 and response["Location"].startswith("/ansatt/logg-inn/"):
            return None
        return f"anonymous {path}: {status}"
    allowed = can(user, url.capability)
    if status == 403:
        if not ours(response, 403):
            return f"{role} {path}: a 403 that is not our page"
        # A role with the capability may still be refused one object (someone else's task).
        return None if (not allowed or url.name in OBJECT_LEVEL) else f"{role} {path}: 403"
    if not allowed:
        return f"{role} {path}: {status}, expected our 403 ({url.capability})"
    if status == 404 and not ours(response, 404):
        return f"{role} {path}: a 404 that is not our page"
    if status in (200, 204, 302, 400, 404):
        return None
    return f"{role} {path}: {status}"


HREF = re.compile(r'(?:href|action|hx-get|hx-post)="(/[^"#?]*)')


def refused_links(page: str, response, role: str, user: Any) -> list[str]:
    """Links and forms on `page` to a staff view whose capability the role lacks."""
    if "html" not in response.get("Content-Type", ""):
        return []
    found = []
    for href in set(HREF.findall(response.content.decode())):
        try:
            view = resolve(href).func
        except Resolver404:
            continue
        capability = getattr(view, "capability", None)
        if capability is not None and not can(user, capability):
            found.append(f"{role} {page}: shows {href}, which needs {capability}")
    return found


# The PDF is written by the badge task; the demo has not run it.
NOT_FOUND_WITHOUT_A_FILE = {"registrations:badges-file", "inputs:import-page"}

# Pages that check the object too: a task's owner; a rapporteur's own sessions.
OBJECT_LEVEL = {
    "accounts:task-detail",
    "capture:board",
    "capture:board-part",
    "capture:staff-submit",
    "capture:board-action",
}


@pytest.mark.slow
@pytest.mark.django_db
def test_every_staff_url_with_every_role_and_anonymous(vocabulary, settings):
    settings.INNSPILL_RATE_LIMITS = False  # several hundred requests from one address
    world = build_world()
    urls = staff_urls()
    assert len(urls) >= 55
    # Every parameter of every staff URL is known (a new page: add its ids to build_world's
    # ARGS), so no page is walked only as a 404.
    unknown = {url.name: fill(url, world["args"])[1] for url in urls}
    assert {name: params for name, params in unknown.items() if params} == {}
    problems = []
    statuses: dict[tuple[str | None, str], int] = {}
    for role in [None, *ROLES]:
        client, user = login(role)
        # GETs first: the empty POSTs below may cancel or remove what a page shows.
        for url in sorted(urls, key=lambda u: u.name):
            path, _unknown = fill(url, world["args"])
            response = client.get(path)
            if response.status_code == 405:
                continue
            statuses[(role, url.name)] = response.status_code
            problems.append(check(url, path, role, user, response))
            if role is not None and response.status_code == 200:
                problems.extend(refused_links(path, response, role, user))
        for url in sorted(urls, key=lambda u: u.name):
            path, _unknown = fill(url, world["args"])
            if (role, url.name) in statuses:
                continue
            response = client.post(path)
            statuses[(role, url.name)] = -response.status_code  # negative: a POST
            problems.append(check(url, path, role, user, response))
    assert [p for p in problems if p] == []
    # The pages exist: the administrator is not sent to a 404 by a filled-in id.
    admin_404 = {
        name for (role, name), status in statuses.items() if role == "admin" and status == 404
    }
    assert sorted(admin_404 - NOT_FOUND_WITHOUT_A_FILE) == []
    assert statuses[("secretariat", "accounts:task-detail")] == 200  # the owner
    assert statuses[("admin", "accounts:task-detail")] == 200  # the secretariat's rights
    assert statuses[("researcher", "accounts:task-detail")] == 403
    assert statuses[("researcher", "archive:export-all-csv")] == 200
    assert statuses[("ministry", "archive:export-all-csv")] == 403
    assert statuses[("researcher", "surveys:statistics")] == 200
    assert statuses[("researcher", "surveys:export-csv")] == 403
    assert statuses[("rapporteur", "capture:board")] == 403  # not one of their sessions
    client, _user = login("rapporteur")
    assert client.get(world["own_board"]).status_code == 200  # one of theirs


@pytest.mark.slow
@pytest.mark.django_db
def test_no_dashboard_link_answers_403_for_any_role(vocabulary, settings):
    """Each role follows every link its dashboard shows; none of them refuses it."""
    settings.INNSPILL_RATE_LIMITS = False
    call_command("seed_demo", "--quiet-logins")
    shown = {}
    for role in ROLES:
        client, user = login(role)
        page = client.get("/ansatt/")
        assert page.status_code == 200
        main = page.content.decode().split('<main id="main"', 1)[1]
        links = sorted(set(re.findall(r'href="(/[^"#?]*)"', main)))
        shown[role] = links
        for link in links:
            status = client.get(link).status_code
            assert status in (200, 302), (role, link, status)
        admin_site = client.get("/admin/")
        assert (admin_site.status_code == 200) == (role == "admin"), role
    assert "/ansatt/oppfolging/" in shown["ministry"]
    assert "/ansatt/live/" in shown["rapporteur"]
    assert {"/ansatt/eksport.csv", "/ansatt/eksport.json"} <= set(shown["researcher"])
    assert "/ansatt/import/" not in shown["researcher"] + shown["ministry"] + shown["rapporteur"]
    assert "/ansatt/modell/" in shown["admin"] and "/ansatt/modell/" not in shown["secretariat"]
