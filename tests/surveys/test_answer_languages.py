"""The survey in the reader's language: questions as the secretariat translated them, the
answer scales from the catalogues, and bokmål marked where no translation was given."""

from __future__ import annotations

import pytest
from django.urls import reverse

from innspill.common.models import AuditEvent
from innspill.surveys.models import Question
from tests.surveys.factories import make_survey, send_to, staff_user

pytestmark = pytest.mark.django_db


def test_default_questions_come_in_every_language_the_catalogues_have(client):
    survey = make_survey()
    questions = list(survey.questions.order_by("position"))
    assert [q.text for q in questions[:2]] == [
        "Hvor fornøyd var du med konferansen samlet sett?",
        "Innlegg: Innlegg 1",
    ]
    assert questions[0].translations["en"] == {
        "text": "How satisfied were you with the conference as a whole?"
    }
    assert questions[0].translations["nn"] == {
        "text": "Kor nøgd var du med konferansen samla sett?"
    }
    assert questions[1].translations["en"] == {"text": "Presentation: Innlegg 1"}
    assert survey.translations["en"] == {"title": "Evaluation of Integreringskonferansen 2024"}
    # where the catalogue's text is the bokmål one there is no entry (nynorsk says «Innlegg» too)
    assert "nn" not in questions[1].translations


def test_secretariat_translates_title_and_questions_in_the_builder(client):
    survey = make_survey()
    # start from no translations, so the audit names exactly the two questions given below
    survey.questions.update(translations={})
    first, second = survey.questions.order_by("position")[:2]
    user = staff_user()
    client.force_login(user)
    url = reverse("surveys:builder", args=[survey.pk])
    page = client.get(url).content.decode()
    assert f'<label for="id_tr-en-q{first.pk}-text">1. {first.text}</label>' in page
    response = client.post(
        url,
        {
            "action": "settings",
            "title": survey.title,
            "intro": "",
            "closes_at": "",
            "tr-en-survey-title": "Evaluation",
            f"tr-en-q{first.pk}-text": "How satisfied were you with the conference overall?",
            f"tr-so-q{second.pk}-text": "Su'aal",
        },
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.translations == {"en": {"title": "Evaluation"}}
    assert Question.objects.get(pk=first.pk).translations == {
        "en": {"text": "How satisfied were you with the conference overall?"}
    }
    assert Question.objects.get(pk=second.pk).translations == {"so": {"text": "Su'aal"}}
    event = AuditEvent.objects.get(action="survey.update")
    assert event.details == {"closes_at": None, "questions_translated": [first.pk, second.pk]}


def test_answer_page_in_english(client):
    survey = make_survey()
    first, second = survey.questions.order_by("position")[:2]
    assert first.kind == "satisfaction"
    first.translations = {"en": {"text": "How satisfied were you overall?"}}
    first.save()
    second.translations = {}
    second.save()
    token = send_to(survey, ["a@example.org"])["a@example.org"]
    html = client.get(reverse("surveys:answer", args=[token]) + "?lang=en").content.decode()
    assert "<legend>How satisfied were you overall?</legend>" in html
    for label in ("Very satisfied", "Satisfied", "Neither satisfied nor dissatisfied"):
        assert f'">{label}</label>' in html
    assert "Svært fornøyd" not in html
    assert "<h1>Evaluation of Integreringskonferansen 2024</h1>" in html
    # the second question has no English version
    assert (
        f'<legend><span lang="nb" dir="ltr">{second.text}</span>'
        ' <span class="content-fallback">(in Norwegian Bokmål)</span>'
    ) in html


def test_answer_page_in_bokmal_is_unchanged(client):
    survey = make_survey()
    token = send_to(survey, ["a@example.org"])["a@example.org"]
    html = client.get(reverse("surveys:answer", args=[token]) + "?lang=nb").content.decode()
    assert "<legend>Hvor fornøyd var du med konferansen samlet sett?" in html
    assert '">Svært fornøyd</label>' in html
    assert "content-fallback" not in html
