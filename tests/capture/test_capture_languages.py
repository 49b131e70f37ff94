"""The phone page names its session in the reader's language, else in bokmål marked as such."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.capture.factories import open_capture

pytestmark = pytest.mark.django_db


def test_capture_page_names_the_session_in_the_reader_language(client, vocabulary):
    capture = open_capture()
    session = capture.session
    session.translations = {"uk": {"title": "Робота і мова"}}
    session.save(update_fields=["translations"])
    url = reverse("capture:capture", args=[capture.code])
    ukrainian = client.get(url + "?lang=uk").content.decode()
    assert ": Робота і мова</h1>" in ukrainian
    english = client.get(url + "?lang=en").content.decode()
    assert (
        '<h1>Parallel session 1: <span lang="nb" dir="ltr">Tema 1.1</span>'
        ' <span class="content-fallback">(in Norwegian Bokmål)</span></h1>'
    ) in english
    assert "<title>" in english and "Tema 1.1 – " in english
