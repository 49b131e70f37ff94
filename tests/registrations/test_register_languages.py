"""Registration with wishes in the invitation's language: session and block names as the
secretariat translated them, bokmål marked where they did not."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from innspill.conferences.models import Block, Session
from tests.registrations.factories import make_conference, make_invitation

pytestmark = pytest.mark.django_db


def test_register_page_in_polish_names_blocks_and_sessions(client):
    conference = make_conference(blocks=1, sessions=2)
    Block.objects.filter(conference=conference).update(
        translations={"pl": {"title": "Blok równoległy 1"}}
    )
    first = Session.objects.get(conference=conference, number=1)
    first.translations = {"pl": {"title": "Praca i język"}}
    first.save()
    _invitation, token = make_invitation(conference, language="pl")
    html = client.get(reverse("registrations:participant", args=[token])).content.decode()
    assert '<html lang="pl"' in html
    assert "<legend>Blok równoległy 1: " in html
    with translation.override("pl"):  # the kind's name comes from the catalogue
        kind = first.get_kind_display()
    assert f'<option value="{first.pk}">{kind} 1: Praca i język</option>' in html
    # an <option> holds text only: the note is plain text in the page's language
    second = Session.objects.get(conference=conference, number=2)
    assert (
        f'<option value="{second.pk}">{kind} 2: Tema 1.2 (po norwesku, bokmål)</option>'
    ) in html
