"""Draft → edit → preview → publish in the browser; frozen versions; permissions; list queries."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from innspill.cycles.models import Cycle
from innspill.documents import render as r
from innspill.reports import services
from innspill.reports.models import FrozenVersionError, Report, ReportVersion

pytestmark = pytest.mark.django_db


def staff_user(role: str, name: str | None = None) -> User:
    user = User.objects.create(username=name or role)
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


@pytest.fixture
def secretariat(client):
    user = staff_user("secretariat")
    client.force_login(user)
    return user


@pytest.fixture
def cycle(make_input):
    make_input("Mer norskopplæring på arbeidsplassen", number=1, group_heading="Språk")
    make_input("Flere praksisplasser i staten", number=1, group_heading="Språk")
    make_input("Bedre samarbeid med frivilligheten", session="Sesjon B", number=2)
    return Cycle.objects.get(year=2024)


def edit(client, report, **data):
    data.setdefault("revision", report.revision)
    return client.post(
        reverse("reports:staff-edit", args=[report.pk]), data, HTTP_HX_REQUEST="true"
    )


def find_block(report, text, *, heading=None):
    for s, section in enumerate(report.draft["sections"]):
        if heading and section["heading"] != heading:
            continue
        for b, block in enumerate(section["blocks"]):
            if block["type"] == "paragraph" and text in "".join(x["text"] for x in block["spans"]):
                return s, b
            if block["type"] == "bullets":
                for i, item in enumerate(block["items"]):
                    if item[0]["text"] == text:
                        return s, b, i
    raise AssertionError(text)


def bullet_items(report, s, b):
    return [item[0]["text"] for item in report.draft["sections"][s]["blocks"][b]["items"]]


def test_draft_edit_preview_publish_and_a_later_edit_makes_version_two(client, secretariat, cycle):
    response = client.post(
        reverse("reports:staff-draft"), {"cycle": "2024", "report_type": "conference"}
    )
    report = Report.objects.get()
    assert response["Location"] == reverse("reports:staff-detail", args=[report.pk])
    s, b = find_block(report, "Regjeringen avholdt")

    response = edit(
        client,
        report,
        op="text",
        section=s,
        block=b,
        text="Et **viktig** år. <script>alert(1)</script>[lenke](javascript:void)",
    )
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.draft["sections"][s]["blocks"][b]["spans"] == [
        {"text": "Et "},
        {"text": "viktig", "bold": True},
        {"text": " år. alert(1)"},
        {"text": "lenke"},
    ]
    preview = client.get(reverse("reports:staff-preview", args=[report.pk])).content.decode()
    assert "Et <strong>viktig</strong> år. alert(1)" in preview and "javascript" not in preview

    publish_url = reverse("reports:staff-publish", args=[report.pk])
    assert (
        client.post(publish_url, {"revision": report.revision}).status_code == 400
    )  # not confirmed
    response = client.post(publish_url, {"revision": report.revision, "confirm": "on"})
    status_page = client.get(response["Location"]).content.decode()
    assert "Ferdig" in status_page or "100" in status_page
    version = ReportVersion.objects.get()
    assert (version.version, version.published_by) == (1, secretariat)
    hashes = (version.html_sha256, version.pdf_sha256, version.docx_sha256)
    assert hashes == tuple(r.content_hash(version.file(f)) for f in ("html", "pdf", "docx"))
    assert "Et <strong>viktig</strong> år." in version.file("html").decode()
    report.refresh_from_db()
    assert (report.status, report.version) == ("published", 1)

    edit(client, report, op="text", section=s, block=b, text="Andre versjon.")
    report.refresh_from_db()
    assert (report.status, report.version) == ("draft", 2)
    version = ReportVersion.objects.get()
    assert (version.html_sha256, version.pdf_sha256, version.docx_sha256) == hashes
    assert hashes == tuple(r.content_hash(version.file(f)) for f in ("html", "pdf", "docx"))
    public = client.get(reverse("reports:detail", args=[2024, "conference"])).content.decode()
    assert "Et <strong>viktig</strong> år." in public and "Andre versjon" not in public
    for fmt, digest in zip(("html", "pdf", "docx"), hashes, strict=True):
        download = client.get(reverse("reports:download", args=[2024, "conference", 1, fmt]))
        assert (r.content_hash(download.content), download["X-Content-SHA256"]) == (digest, digest)
    version.pdf_sha256 = "0" * 64
    with pytest.raises(FrozenVersionError):
        version.save()


def test_move_hide_restore_items_and_stale_posts_change_nothing(client, secretariat, cycle):
    report = services.report_draft(cycle=cycle, report_type="conference", by=secretariat)
    s, b, i = find_block(
        report, "Mer norskopplæring på arbeidsplassen", heading="Innspill fra deltakerne"
    )
    before = bullet_items(report, s, b)
    old_revision = report.revision
    edit(client, report, op="move", section=s, block=b, item=i, direction="down")
    report.refresh_from_db()
    assert (i, before) == (
        0,
        ["Mer norskopplæring på arbeidsplassen", "Flere praksisplasser i staten"],
    )
    assert bullet_items(report, s, b) == [before[1], before[0]]
    # the same post again carries the old revision: refused, nothing moves twice
    response = edit(
        client,
        report,
        revision=old_revision,
        op="move",
        section=s,
        block=b,
        item=i,
        direction="down",
    )
    assert "endret siden" in response.content.decode()
    after_move = bullet_items(report, s, b)
    report.refresh_from_db()
    assert bullet_items(report, s, b) == after_move

    def shown(text):
        return r.render_html(services.selectors.report_document(report)).decode().count(text)

    before_hiding = shown(after_move[0])
    edit(client, report, op="hide", section=s, block=b, item=0)
    report.refresh_from_db()
    assert bullet_items(report, s, b) == after_move[1:]
    assert shown(after_move[0]) == before_hiding - 1
    edit(client, report, op="restore", section=s, block=b)
    report.refresh_from_db()
    assert bullet_items(report, s, b) == after_move


def test_session_items_can_be_reordered_with_up_and_down(secretariat, cycle):
    report = services.report_draft(cycle=cycle, report_type="conference", by=secretariat)
    s = next(
        i
        for i, x in enumerate(report.draft["sections"])
        if x["heading"] == "Innspill fra deltakerne"
    )
    names = [section["heading"] for section in report.draft["sections"]]
    services.report_move(
        report=report, revision=report.revision, section=s, direction="up", by=secretariat
    )
    moved = [section["heading"] for section in report.draft["sections"]]
    assert moved[s - 1 : s + 1] == [names[s], names[s - 1]]
    with pytest.raises(services.ReportEditError):
        services.report_move(
            report=report, revision=report.revision, section=0, direction="up", by=secretariat
        )


def test_hidden_section_is_left_out_of_the_rendered_report(secretariat, cycle):
    report = services.report_draft(cycle=cycle, report_type="conference", by=secretariat)
    s = [x["heading"] for x in report.draft["sections"]].index("Parallellsesjoner")
    services.report_hide(
        report=report, revision=report.revision, section=s, hidden=True, by=secretariat
    )
    headings = [section.heading for section in services.selectors.report_document(report).sections]
    assert "Parallellsesjoner" not in headings and "Innledning" in headings


def test_researcher_cannot_draft_edit_or_publish(client, cycle, secretariat):
    report = services.report_draft(cycle=cycle, report_type="conference", by=secretariat)
    researcher = staff_user("researcher", "forsker")
    client.force_login(researcher)
    assert client.get(reverse("reports:staff-list")).status_code == 403
    assert client.get(reverse("reports:staff-publish", args=[report.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.report_publish(report=report, by=researcher)
    with pytest.raises(PermissionDenied):
        services.report_draft(cycle=cycle, report_type="input", by=researcher)
    assert ReportVersion.objects.count() == 0


def test_anonymous_is_sent_to_login_for_staff_pages(client, db):
    response = client.get(reverse("reports:staff-list"))
    assert response.status_code == 302 and "logg-inn" in response["Location"]


def test_unpublished_report_is_not_public(client, cycle, secretariat):
    services.report_draft(cycle=cycle, report_type="conference", by=secretariat)
    assert client.get(reverse("reports:detail", args=[2024, "conference"])).status_code == 404
    assert "Ingen rapporter er publisert" in client.get(reverse("reports:list")).content.decode()


def make_published(year: int, user: User) -> None:
    cycle = Cycle.objects.create(year=year, title=f"Syklus {year}")
    report = Report.objects.create(
        cycle=cycle, report_type="conference", draft={}, status="published"
    )
    ReportVersion.objects.create(
        report=report,
        version=1,
        document={},
        html=b"<p>x</p>",
        pdf=b"%PDF",
        docx=b"PK",
        html_sha256="a" * 64,
        pdf_sha256="b" * 64,
        docx_sha256="c" * 64,
        pdf_pages=3,
        published_by=user,
    )


@pytest.mark.parametrize("count", [1, 3])
def test_public_list_queries_do_not_grow(client, db, django_assert_num_queries, count):
    user = staff_user("secretariat")
    for year in range(2020, 2020 + count):
        make_published(year, user)
    with django_assert_num_queries(1):
        page = client.get(reverse("reports:list")).content.decode()
    assert page.count("/v1.pdf") == count
    assert (
        client.get(reverse("reports:download", args=[2020, "conference", 1, "pdf"])).content
        == b"%PDF"
    )


@pytest.mark.parametrize("count", [1, 3])
def test_staff_list_queries_do_not_grow(client, secretariat, django_assert_num_queries, count):
    for year in range(2020, 2020 + count):
        make_published(year, secretariat)
    client.get(reverse("reports:staff-list"))  # warm the session and role lookups
    # one of the queries loads the session's second-factor device (django-otp)
    with django_assert_num_queries(7):
        page = client.get(reverse("reports:staff-list")).content.decode()
    assert page.count(reverse("reports:staff-detail", args=[1])[:-2]) >= count
