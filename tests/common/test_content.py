"""Per-language content the secretariat writes: shown in the reader's language, else bokmål marked."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template import Context, Template
from django.utils import translation

from innspill.common.content import CONTENT_LANGUAGES, localized, translations_clean
from innspill.conferences.models import Block, Session
from tests.registrations.factories import make_conference

pytestmark = pytest.mark.django_db


def test_content_languages_are_the_eight_besides_bokmal():
    assert CONTENT_LANGUAGES == ("nn", "en", "se", "ar", "so", "ti", "uk", "pl")


def test_localized_gives_the_reader_language_or_bokmal_marked():
    conference = make_conference(sessions=1)
    conference.translations = {"en": {"title": "Integration conference"}}
    conference.save()
    with translation.override("en"):
        assert localized(conference, "title").text == "Integration conference"
        assert localized(conference, "title").fallback is False
        assert localized(conference, "venue").fallback is (conference.venue != "")
    with translation.override("pl"):
        text = localized(conference, "title")
        assert (text.text, text.fallback) == (conference.title, True)
    with translation.override("nb"):
        assert (localized(conference, "title").text, localized(conference, "title").fallback) == (
            conference.title,
            False,
        )


def test_fallback_renders_with_lang_nb_and_note_in_page_language():
    conference = make_conference(sessions=0)
    conference.title = "Integreringskonferansen"
    conference.translations = {"en": {"title": "Integration conference"}}
    template = Template("<h1>{{ c.localized.title }}</h1>")
    with translation.override("en"):
        assert template.render(Context({"c": conference})) == "<h1>Integration conference</h1>"
    with translation.override("nn"):
        assert template.render(Context({"c": conference})) == (
            '<h1><span lang="nb" dir="ltr">Integreringskonferansen</span>'
            ' <span class="content-fallback">(på bokmål)</span></h1>'
        )


def test_unknown_language_key_is_refused_by_the_database():
    conference = make_conference(sessions=0)
    Block.objects.create(conference=conference, title="Blokk", translations={"en": {"title": "B"}})
    with pytest.raises(IntegrityError), transaction.atomic():
        Block.objects.create(conference=conference, title="Blokk 2", translations={"xx": {}})
    with pytest.raises(IntegrityError), transaction.atomic():
        Block.objects.create(conference=conference, title="Blokk 3", translations=["en"])
    assert list(
        Block.objects.filter(title__startswith="Blokk").values_list("title", flat=True)
    ) == ["Blokk"]


def test_translations_clean_refuses_unknown_language_and_field():
    with pytest.raises(ValidationError) as error:
        translations_clean(Session, {"de": {"title": "Sitzung"}})
    assert error.value.code == "language"
    with pytest.raises(ValidationError) as error:
        translations_clean(Session, {"en": {"room": "Hall"}})
    assert error.value.code == "field"
    assert translations_clean(Session, {"en": {"title": " Session ", "leader_role": ""}}) == {
        "en": {"title": "Session"}
    }


def test_full_clean_checks_the_language_keys_before_saving():
    conference = make_conference(sessions=0)
    block = Block(conference=conference, title="Blokk", translations={"en": {"title": "Block"}})
    block.full_clean()
    block.translations = {"english": {"title": "Block"}}
    with pytest.raises(ValidationError) as error:
        block.full_clean()
    assert list(error.value.message_dict) == ["__all__"]
