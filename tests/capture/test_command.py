"""`python -m innspill live_open`: opens the coming conference's session and prints its addresses."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from innspill.capture.models import Capture
from innspill.common import clock
from tests.registrations.factories import make_conference

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("live_open", *args, stdout=out)
    return json.loads(out.getvalue())


def test_live_open_defaults_to_the_coming_conference_and_prints_json(vocabulary):
    past = make_conference(sessions=2, year=clock.today().year - 1)
    coming = make_conference(sessions=2, year=clock.today().year + 1)
    coming.date = clock.today() + timedelta(days=21)
    coming.save()
    out = run("--session", "2", "--no-moderation", "--json")
    capture = Capture.objects.get(code=out["code"])
    assert out == {
        "code": capture.code,
        "capture_url": f"/live/{capture.code}/",
        "wall_url": f"/live/{capture.code}/vegg/",
    }
    assert (capture.session.conference_id, capture.session.number) == (coming.pk, 2)
    assert (capture.is_open(), capture.moderated) == (True, False)
    assert [g.title for g in capture.groups.all()] == ["Barrierer", "Tiltak"]
    # Again for the same session: the same code, still open; --year picks a past conference.
    assert run("--session", "2", "--json")["code"] == capture.code
    assert (
        Capture.objects.get(
            code=run("--year", str(past.cycle.year), "--session", "1", "--json")["code"]
        ).session.conference_id
        == past.pk
    )


def test_live_open_with_base_url(vocabulary):
    make_conference(sessions=1, year=clock.today().year - 1)
    out = run(
        "--year",
        str(clock.today().year - 1),
        "--session",
        "1",
        "--json",
        "--base-url",
        "http://127.0.0.1:8123/",
    )
    assert out["capture_url"] == f"http://127.0.0.1:8123/live/{out['code']}/"


def test_live_open_unknown_session(vocabulary):
    make_conference(sessions=1, year=clock.today().year - 1)
    with pytest.raises(CommandError, match="ingen parallellsesjon 9"):
        run("--year", str(clock.today().year - 1), "--session", "9", "--json")
