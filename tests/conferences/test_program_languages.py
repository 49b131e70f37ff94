"""The program in the reader's language: the secretariat's own versions, else bokmål marked."""

from __future__ import annotations

import pytest
from django.urls import reverse

from innspill.common.models import AuditEvent
from innspill.conferences.models import Block, Session
from tests.registrations.factories import make_conference, staff_user

pytestmark = pytest.mark.django_db

FALLBACK_EN = '<span lang="nb" dir="ltr">{}</span> <span class="content-fallback">(in Norwegian Bokmål)</span>'


def _translated_conference():
    conference = make_conference(blocks=1, sessions=2)
    conference.translations = {"en": {"title": "Integration conference"}}
    conference.save()
    Block.objects.filter(conference=conference).update(
        translations={"en": {"title": "Parallel block 1"}, "ar": {"title": "الجلسات المتوازية 1"}}
    )
    first = Session.objects.get(conference=conference, number=1)
    first.translations = {
        "en": {"title": "Work and language", "leader_role": "state secretary"},
        "ar": {"title": "العمل واللغة"},
    }
    first.save()
    return conference


def test_program_in_english_uses_translations_and_marks_the_rest(client):
    conference = _translated_conference()
    html = client.get(reverse("conferences:program", args=[conference.pk]) + "?lang=en").content
    html = html.decode()
    assert "<title>Programme: Integration conference – " in html
    assert "<h1>Integration conference</h1>" in html
    assert '<h2 class="program-block-title">Parallel block 1</h2>' in html
    assert '<h3 class="program-title">Parallel session 1: Work and language</h3>' in html
    assert "Kari Nordmann, state secretary</p>" in html
    # the second session has no English title: bokmål, marked for the reader and the screen reader
    second = '<h3 class="program-title">Parallel session 2: ' + FALLBACK_EN.format("Tema 1.2")
    assert second + "</h3>" in html
    assert "Kari Nordmann, " + FALLBACK_EN.format("statssekretær") + "</p>" in html


def test_program_in_bokmal_shows_the_originals_unmarked(client):
    conference = _translated_conference()
    html = client.get(reverse("conferences:program", args=[conference.pk]) + "?lang=nb").content
    html = html.decode()
    assert f"<h1>{conference.title}</h1>" in html
    assert '<h3 class="program-title">Parallellsesjon 1: Tema 1.1</h3>' in html
    assert "content-fallback" not in html
    assert '<span lang="nb"' not in html


def test_program_in_arabic_stays_right_to_left_with_bokmal_left_to_right(client):
    conference = _translated_conference()
    html = client.get(reverse("conferences:program", args=[conference.pk]) + "?lang=ar").content
    html = html.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert '<h2 class="program-block-title">الجلسات المتوازية 1</h2>' in html
    assert ": العمل واللغة</h3>" in html
    assert (
        f'<h1><span lang="nb" dir="ltr">{conference.title}</span>'
        ' <span class="content-fallback">(بالنرويجية، بوكمول)</span></h1>'
    ) in html


def test_conference_list_in_english(client):
    conference = _translated_conference()
    html = client.get(reverse("conferences:list") + "?lang=en").content.decode()
    assert f'{conference.pk}/">Integration conference</a>' in html
    assert ", " + FALLBACK_EN.format("Oslo kongressenter") + "</span>" in html


def test_program_queries_do_not_grow_with_translations(client, django_assert_num_queries):
    conference = _translated_conference()
    url = reverse("conferences:program", args=[conference.pk]) + "?lang=en"
    client.get(url)
    with django_assert_num_queries(2):
        client.get(url)


def test_staff_enter_translations_in_the_program_editor(client):
    user = staff_user()
    client.force_login(user)
    conference = make_conference(blocks=1, sessions=1)
    block = conference.blocks.get()
    session = conference.sessions.get()
    edit = reverse("conferences:edit", args=[conference.pk])
    page = client.get(edit).content.decode()
    assert '<summary lang="ar">العربية</summary>' in page
    assert 'name="tr-ar-conference-title"' in page and 'lang="ar" dir="rtl"' in page
    assert f'name="tr-en-block{block.pk}-title"' in page
    response = client.post(
        edit,
        {
            "conf-cycle": conference.cycle_id,
            "conf-title": conference.title,
            "conf-date": "2018-11-20",
            "conf-venue": conference.venue,
            "tr-en-conference-title": " Integration conference ",
            "tr-uk-conference-venue": "Конгрес-центр Осло",
            f"tr-en-block{block.pk}-title": "Parallel block 1",
        },
    )
    assert response.status_code == 302
    conference.refresh_from_db()
    block.refresh_from_db()
    assert conference.translations == {
        "en": {"title": "Integration conference"},
        "uk": {"venue": "Конгрес-центр Осло"},
    }
    assert block.translations == {"en": {"title": "Parallel block 1"}}
    item = reverse("conferences:session-edit", args=[conference.pk, session.pk])
    fields = {"kind": "parallel", "block": block.pk, "number": 1, "title": "Tema", "capacity": 30}
    response = client.post(item, fields | {"tr-pl-session-title": "Praca i język"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.translations == {"pl": {"title": "Praca i język"}}
    events = AuditEvent.objects.filter(action__in=["conference.update", "session.update"])
    assert [(e.action, e.details["fields"]) for e in events.order_by("id")] == [
        ("conference.update", ["translations", f"block:{block.pk}.translations"]),
        # the form left the factory's times, leader and room empty
        (
            "session.update",
            ["ends_at", "leader_name", "leader_role", "room", "starts_at", "title", "translations"],
        ),
    ]
    # the editor shows what is stored, with the language's section open
    page = client.get(item).content.decode()
    assert 'value="Praca i język"' in page
    assert '<details class="translation-language" open>\n    <summary lang="pl">' in page


def test_program_calendar_in_english(client):
    conference = _translated_conference()
    url = reverse("conferences:calendar", args=[conference.pk]) + "?lang=en"
    lines = client.get(url).content.decode().replace("\r\n ", "").split("\r\n")
    assert "X-WR-CALNAME:Integration conference" in lines
    summaries = [line for line in lines if line.startswith("SUMMARY:")]
    # a calendar has no markup: the untranslated title is the bokmål one, unmarked
    assert summaries == [
        "SUMMARY:Parallel session 1: Work and language",
        "SUMMARY:Parallel session 2: Tema 1.2",
    ]
    assert "DESCRIPTION:Kari Nordmann\\, state secretary" in lines
