"""The round's answer page in the reader's language, and the staff's translations of it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from innspill.common.models import AuditEvent
from innspill.cycles.services import cycle_get_or_create
from innspill.organisations.models import Organisation
from innspill.rounds import selectors, services

pytestmark = pytest.mark.django_db
FALLBACK_EN = '<span lang="nb" dir="ltr">{}</span> <span class="content-fallback">(in Norwegian Bokmål)</span>'


@pytest.fixture
def sent_round(vocabulary):
    by = User.objects.create_user("secretariat-languages")
    by.groups.add(Group.objects.get_or_create(name="secretariat")[0])
    question_round = services.round_create(
        cycle=cycle_get_or_create(year=2026),
        title="Innspill 2026",
        intro="Første linje.\nAndre linje.",
        questions=["Hva fungerer?", "Hva mangler?"],
        by=by,
    )
    organisation = Organisation.objects.create(name="Bergen kommune", type="kommune")
    services.recipients_add(
        question_round=question_round, organisations=[(organisation, "post@bergen.no")], by=by
    )
    (link,) = services.round_send(
        question_round=question_round, base_url="http://testserver/", by=by
    )
    return question_round, by, link.url.replace("http://testserver", "")


def test_staff_translate_the_round_and_the_answer_page_follows(client, sent_round):
    question_round, by, url = sent_round
    first, second = selectors.round_questions(question_round)
    client.force_login(by)
    detail = client.get(reverse("rounds:detail", args=[question_round.pk])).content.decode()
    assert f'<label for="id_tr-en-q{first.pk}-text">1. Hva fungerer?</label>' in detail
    response = client.post(
        reverse("rounds:update", args=[question_round.pk]),
        {
            "intro": question_round.intro,
            "closes_at": "",
            "tr-en-round-title": "Input 2026",
            f"tr-en-q{first.pk}-text": "What works?",
            f"tr-ar-q{second.pk}-text": "ما الذي ينقص؟",
        },
    )
    assert response.status_code == 302
    question_round.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert question_round.translations == {"en": {"title": "Input 2026"}}
    assert first.translations == {"en": {"text": "What works?"}}
    assert second.translations == {"ar": {"text": "ما الذي ينقص؟"}}
    event = AuditEvent.objects.get(action="round.update")
    assert event.details["questions_translated"] == [first.pk, second.pk]

    client.logout()
    html = client.get(url + "?lang=en").content.decode()
    assert "<h1>Input 2026</h1>" in html
    assert f'<label for="id_q{first.pk}">1. What works?</label>' in html
    assert f'<label for="id_q{second.pk}">2. ' + FALLBACK_EN.format("Hva mangler?") in html
    # the introduction keeps its line breaks inside the marked bokmål
    assert "<p>" + FALLBACK_EN.format("Første linje.<br>Andre linje.") + "</p>" in html

    arabic = client.get(url + "?lang=ar").content.decode()
    assert '<html lang="ar" dir="rtl"' in arabic
    assert f'<label for="id_q{second.pk}">2. ما الذي ينقص؟</label>' in arabic


def test_recipients_are_written_to_in_the_language_the_file_names(client):
    from django.core import mail

    by = User.objects.create_user("secretariat-file-languages")
    by.groups.add(Group.objects.get_or_create(name="secretariat")[0])
    question_round = services.round_create(
        cycle=cycle_get_or_create(year=2026), title="Innspill", questions=["Hva mangler?"], by=by
    )
    question_round.translations = {"ar": {"title": "مقترحات"}}
    question_round.save(update_fields=["translations"])
    text = (
        "name;type;email;region;language\n"
        "Rådet;innvandrerrad;rad@x.no;;arabisk\n"
        "Foreningen;frivillig_organisasjon;forening@x.no;;\n"
        "Kommunen;kommune;post@x.no;;so\n"
    )
    assert services.recipients_import(question_round=question_round, text=text, by=by) == 3
    links = services.round_send(question_round=question_round, base_url="http://testserver/", by=by)
    by_name = {link.recipient.organisation.name: link.url for link in links}
    assert by_name["Rådet"].endswith("?lang=ar") and by_name["Kommunen"].endswith("?lang=so")
    assert "?lang=" not in by_name["Foreningen"]
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert "مقترحات" in subjects["rad@x.no"] and subjects["forening@x.no"].endswith("Innspill")
    ((html, _mime),) = next(m for m in mail.outbox if m.to[0] == "rad@x.no").alternatives
    assert '<html lang="ar" dir="rtl">' in html
    page = client.get(by_name["Rådet"].replace("http://testserver", ""))
    assert '<html lang="ar" dir="rtl"' in page.content.decode()
    assert "مقترحات" in page.content.decode()
    with pytest.raises(services.RecipientsError, match="Linje 2: ukjent språk «klingon»"):
        services.recipients_parse("name,type,email,region,language\nA,kommune,a@x.no,,klingon\n")
