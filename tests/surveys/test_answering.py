import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from innspill.surveys.models import Answer, Response, Survey
from tests.surveys.factories import make_survey, send_to

pytestmark = pytest.mark.django_db


def _url(token):
    return reverse("surveys:answer", args=[token])


def _full_answers(survey):
    data = {}
    for question in survey.questions.all():
        if question.kind == "satisfaction":
            data[f"q{question.pk}"] = "5"
        elif question.kind == "intent":
            data[f"q{question.pk}"] = "kanskje"
        else:
            data[f"q{question.pk}"] = "Takk for en fin dag"
    return data


def test_the_form_has_a_fieldset_with_radio_buttons_per_scale_question(client):
    survey = make_survey()
    token = send_to(survey, ["a@example.org"])["a@example.org"]
    response = client.get(_url(token))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<fieldset") == 6  # five satisfaction questions and the intent question
    assert html.count('type="radio"') == 5 * 5 + 3
    assert "<legend>Hvor fornøyd var du med konferansen samlet sett?" in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_answering_redirects_to_the_thank_you_page_and_counts_once(client):
    survey = make_survey()
    token = send_to(survey, ["a@example.org"])["a@example.org"]
    data = _full_answers(survey)
    response = client.post(_url(token), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:thanks")
    thanks = client.get(response["Location"])
    assert "Takk for svaret!" in thanks.content.decode()
    again = client.post(_url(token), data)
    assert again.status_code == 410
    assert "Du har allerede svart" in again.content.decode()
    assert client.get(_url(token)).status_code == 410
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 7


def test_unknown_token_page(client):
    make_survey()
    response = client.get(_url("not-a-real-token"))
    assert response.status_code == 404
    assert "Lenken virker ikke" in response.content.decode()


def test_closed_survey_page(client):
    survey = make_survey()
    token = send_to(survey, ["a@example.org"])["a@example.org"]
    Survey.objects.filter(pk=survey.pk).update(
        closes_at=timezone.now() - datetime.timedelta(hours=1)
    )
    for response in (client.get(_url(token)), client.post(_url(token), _full_answers(survey))):
        assert response.status_code == 410
        assert "Evalueringen er avsluttet" in response.content.decode()
    assert Response.objects.count() == 0


def test_half_filled_form_shows_an_error_summary_and_keeps_the_answers(client):
    survey = make_survey()
    token = send_to(survey, ["a@example.org"])["a@example.org"]
    overall = survey.questions.get(topic="overall")
    comments = survey.questions.get(kind="text")
    response = client.post(_url(token), {f"q{overall.pk}": "2", f"q{comments.pk}": "Bedre kaffe"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="ds-error-summary error-summary" role="alert"' in html
    # the two talks and the intent question are required; the sessions are optional
    assert html.count("Velg et svar.</a>") == 3
    assert f'value="2" id="id_q{overall.pk}_3" required checked class="ds-input">' in html
    assert ">\nBedre kaffe</textarea>" in html
    assert Response.objects.count() == 0
    # the token is still usable
    assert client.post(_url(token), _full_answers(survey)).status_code == 302
