"""Question rounds: sending personal links, answering, reminding, the table and the input report."""

from __future__ import annotations

import datetime
import io
import json
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from innspill.common import clock
from innspill.cycles.services import cycle_get_or_create
from innspill.inputs.models import Input, Status
from innspill.organisations.models import Organisation, Person
from innspill.reports import selectors as report_selectors
from innspill.rounds import selectors, services
from innspill.rounds.models import Recipient, RoundAnswer
from innspill.rounds.rules import COMMAND_LINE

pytestmark = pytest.mark.django_db
BASE_URL = "http://testserver/"
QUESTIONS = [
    "Hvordan samarbeider kommunen og frivilligheten?",
    "Hvordan samarbeider dere med næringslivet?",
]
# 6 municipalities, 20 voluntary organisations, 4 immigrant councils: 30 recipients
KINDS = [("kommune", 6), ("frivillig_organisasjon", 20), ("innvandrerrad", 4)]


def staff_user(role: str = "secretariat") -> User:
    user = User.objects.create_user(f"{role}-{User.objects.count() + 1}")
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def recipients_csv() -> str:
    lines = ["name,type,email,region"]
    for kind, n in KINDS:
        for i in range(1, n + 1):
            lines.append(f"{kind.capitalize()} {i},{kind},post{i}@{kind}.example.org,vestland")
    return "\n".join(lines) + "\n"


def squeeze(text: str) -> str:
    # the PDF's text layer may hyphenate and break lines anywhere
    return re.sub(r"[\s\u00ad\u2010\u2011-]+", "", text).lower()


def token_of(url: str) -> str:
    return re.search(r"/sporsmal/svar/([^/]+)/", url).group(1)


def links_in_mail() -> dict[str, str]:
    """Recipient address → the link in the newest message to it."""
    found = {}
    for message in mail.outbox:
        found[message.to[0]] = re.search(r"https?://\S+/sporsmal/svar/\S+/", message.body).group(0)
    return found


@pytest.fixture
def round_30(vocabulary):
    cycle = cycle_get_or_create(year=2026)
    by = staff_user()
    question_round = services.round_create(
        cycle=cycle, title="Innspill 2026", questions=QUESTIONS, by=by
    )
    added = services.recipients_import(question_round=question_round, text=recipients_csv(), by=by)
    assert added == 30
    return question_round, by


def test_a_round_for_30_organisations_is_sent_answered_reminded_and_reported(
    round_30, client, tmp_path
):
    question_round, by = round_30
    sent = services.round_send(question_round=question_round, base_url=BASE_URL, by=by)
    assert (len(sent), len(mail.outbox)) == (30, 30)
    assert services.round_send(question_round=question_round, base_url=BASE_URL, by=by) == []
    links = links_in_mail()
    questions = selectors.round_questions(question_round)

    # 4 municipalities, 12 voluntary organisations and all 4 councils answer, as in 2020
    answering = [f"post{i}@kommune.example.org" for i in range(1, 5)]
    answering += [f"post{i}@frivillig_organisasjon.example.org" for i in range(1, 13)]
    answering += [f"post{i}@innvandrerrad.example.org" for i in range(1, 5)]
    for n, email in enumerate(answering):
        url = links[email].replace("http://testserver", "")
        assert client.get(url).status_code == 200
        response = client.post(
            url,
            {
                f"q{questions[0].pk}": f"Vi trenger faste møteplasser med kommunen (svar {n}).",
                f"q{questions[1].pk}": f"Praksisplasser i lokale bedrifter hjelper (svar {n}).",
                "action": "submit",
            },
        )
        assert response.status_code == 302
    # one opens the link but only saves a draft
    draft_url = links["post13@frivillig_organisasjon.example.org"].replace("http://testserver", "")
    client.post(draft_url, {f"q{questions[0].pk}": "Halvferdig", "action": "draft"})

    status = selectors.round_status(question_round)
    assert status["by_type"] == {
        "kommune": {"contacted": 6, "answered": 4},
        "frivillig_organisasjon": {"contacted": 20, "answered": 12},
        "innvandrerrad": {"contacted": 4, "answered": 4},
    }
    statuses = [r["status"] for r in status["recipients"]]
    assert (statuses.count("answered"), statuses.count("draft"), statuses.count("sent")) == (
        20,
        1,
        9,
    )
    assert Input.objects.filter(question_round=question_round).count() == 40

    mail.outbox.clear()
    assert services.round_remind(question_round=question_round, base_url=BASE_URL, by=by) == 10
    assert len(mail.outbox) == 10
    assert {m.subject for m in mail.outbox} == {"Påminnelse: Innspill 2026"}
    # the same day again: nobody is reminded twice
    assert services.round_remind(question_round=question_round, base_url=BASE_URL, by=by) == 0
    with clock.moved(days=2):
        assert services.round_remind(question_round=question_round, base_url=BASE_URL, by=by) == 10
    reminded = Recipient.objects.get(email="post13@frivillig_organisasjon.example.org")
    assert reminded.reminders == 2

    output = tmp_path / "innspill.html"
    call_command(
        "build_report", "--year", "2026", "--type", "input", "--format", "html",
        "--output", str(output),
    )  # fmt: skip
    html = output.read_text(encoding="utf-8")
    rows = re.findall(
        r'<tr><th scope="row">([^<]+)</th>((?:<td class="num">[^<]+</td>)+)</tr>', html
    )
    assert [(kind, re.findall(r">([^<]+)<", cells)) for kind, cells in rows] == [
        ("Kommuner", ["6", "4", "67\u00a0%"]),
        ("Frivillige organisasjoner", ["20", "12", "60\u00a0%"]),
        ("Innvandrerråd", ["4", "4", "100\u00a0%"]),
        ("Til sammen", ["30", "20", "67\u00a0%"]),
    ]
    assert (
        "Vi kontaktet 6 kommuner, 20 frivillige organisasjoner og 4 innvandrerråd. "
        "Av disse svarte 4 kommuner, 12 frivillige organisasjoner og 4 innvandrerråd."
    ) in html
    first, second = (
        html.index(f">{n}. Innspill – {q}</h2>") for n, q in ((4, QUESTIONS[0]), (5, QUESTIONS[1]))
    )
    chapter = html[first:second]
    assert [f"(svar {n})." in chapter for n in range(20)] == [True] * 20
    assert chapter.count("<li>Vi trenger faste møteplasser med kommunen (svar") == 20
    assert "Praksisplasser" not in chapter


def test_the_report_chapter_holds_each_answer_under_its_question_in_pdf_and_docx(
    round_30, tmp_path
):
    question_round, by = round_30
    services.round_send(question_round=question_round, base_url=BASE_URL, by=by)
    questions = selectors.round_questions(question_round)
    recipients = list(question_round.recipients.order_by("id")[:3])
    texts = {
        recipients[0].pk: ("Frivilligsentralen samarbeider godt med flyktningtjenesten.", "Ingen"),
        recipients[1].pk: ("Innvandrerrådet ønsker egne lokaler hele året.", "Bransjetreff"),
        recipients[2].pk: ("Tilskuddsordningene krever for mye byråkrati.", ""),
    }
    for recipient in recipients:
        first, second = texts[recipient.pk]
        services.answers_save(
            recipient=recipient,
            answers={questions[0].pk: first, questions[1].pk: second},
            submit=True,
        )
    data = report_selectors.input_report_data(question_round.cycle)
    chapters = {q.question: q for q in data.per_question}
    first_answers = sorted(a for group in chapters[QUESTIONS[0]].groups.values() for a in group)
    assert first_answers == sorted(t[0] for t in texts.values())
    assert sorted(a for g in chapters[QUESTIONS[1]].groups.values() for a in g) == [
        "Bransjetreff",
        "Ingen",
    ]
    for fmt in ("pdf", "docx"):
        output = tmp_path / f"innspill.{fmt}"
        call_command(
            "build_report", "--year", "2026", "--type", "input", "--format", fmt,
            "--output", str(output),
        )  # fmt: skip
        if fmt == "pdf":
            reader = PdfReader(io.BytesIO(output.read_bytes()))
            text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))

            assert "/StructTreeRoot" in reader.trailer["/Root"]
        else:
            document = Document(io.BytesIO(output.read_bytes()))
            text = " ".join(p.text for p in document.paragraphs)
            cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
            assert cells[:4] == ["Aktør", "Spurt", "Svar", "Svarprosent"]
            assert cells[4:8] == ["Kommuner", "6", "3", "50\u00a0%"]
        squeezed = squeeze(text)
        for first, _second in texts.values():
            assert squeeze(first) in squeezed
        # each answer stands in its question's chapter (the last mention: a contents list comes first)
        at = [squeezed.rindex(squeeze(f"Innspill – {q}")) for q in QUESTIONS]
        answer_at = squeezed.index(squeeze(texts[recipients[0].pk][0]))
        assert at[0] < answer_at < at[1]


def test_answers_become_classified_inputs_linked_to_round_question_type_and_region(round_30):
    question_round, by = round_30
    recipient = question_round.recipients.get(organisation__name="Kommune 1")
    question = selectors.round_questions(question_round)[0]
    services.answers_save(
        recipient=recipient,
        answers={question.pk: "Vi trenger flere norskkurs på kveldstid.\n\nOg mer tolking."},
        submit=True,
    )
    inputs = list(Input.objects.filter(question_round=question_round).order_by("position"))
    assert [
        (i.text, i.origin, i.group_heading, i.organisation_type, i.region, i.year) for i in inputs
    ] == [
        ("Vi trenger flere norskkurs på kveldstid.", "round", question.text, "kommune", "vestland", 2026),
        ("Og mer tolking.", "round", question.text, "kommune", "vestland", 2026),
    ]  # fmt: skip
    assert [i.classified_by for i in inputs] == ["model", "model"]
    assert all(i.theme_id is not None for i in inputs)
    answer = RoundAnswer.objects.get(recipient=recipient, question=question)
    assert sorted(answer.inputs.values_list("pk", flat=True)) == sorted(i.pk for i in inputs)

    # editing replaces what changed and keeps what stayed
    kept = inputs[0].pk
    services.answers_save(
        recipient=recipient,
        answers={question.pk: "Vi trenger flere norskkurs på kveldstid.\n\nOg leksehjelp."},
        submit=True,
    )
    texts = list(
        Input.objects.filter(question_round=question_round)
        .order_by("position")
        .values_list("pk", "text")
    )
    assert texts[0] == (kept, "Vi trenger flere norskkurs på kveldstid.")
    assert [t for _pk, t in texts] == [
        "Vi trenger flere norskkurs på kveldstid.",
        "Og leksehjelp.",
    ]


def test_a_draft_makes_no_inputs_and_the_link_edits_until_the_round_closes(round_30, client):
    question_round, by = round_30
    sent = services.round_send(question_round=question_round, base_url=BASE_URL, by=by)
    url = sent[0].url.replace("http://testserver", "")
    question = selectors.round_questions(question_round)[0]
    page = client.get(url).content.decode()
    assert page.count("<textarea") == 2
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'name="action" value="submit"' in page
    client.post(url, {f"q{question.pk}": "Et utkast", "action": "draft"})
    assert Input.objects.filter(question_round=question_round).count() == 0
    assert "Et utkast</textarea>" in client.get(url).content.decode()
    recipient = Recipient.objects.get(pk=sent[0].recipient.pk)
    assert (recipient.status, recipient.opened_at is not None) == ("draft", True)

    services.round_update(
        question_round=question_round,
        intro="",
        closes_at=clock.now() + datetime.timedelta(days=1),
        by=by,
    )
    with clock.moved(days=2):
        response = client.post(url, {f"q{question.pk}": "For sent", "action": "submit"})
        assert response.status_code == 410
        with pytest.raises(services.RoundClosed):
            services.answers_save(recipient=recipient, answers={question.pk: "x"}, submit=True)
    assert Input.objects.filter(question_round=question_round).count() == 0


def test_an_unknown_link_is_404_and_the_answer_page_is_rate_limited(round_30, client, settings):
    assert client.get("/sporsmal/svar/ukjent/").status_code == 404
    question_round, by = round_30
    sent = services.round_send(question_round=question_round, base_url=BASE_URL, by=by)
    url = sent[0].url.replace("http://testserver", "")
    settings.INNSPILL_RATE_LIMITS = True
    codes = [client.post(url, {"action": "draft"}).status_code for _ in range(61)]
    assert (codes[:60].count(302), codes[60]) == (60, 429)


def test_staff_type_in_an_answer_taken_by_phone_and_log_the_call(round_30, client):
    question_round, by = round_30
    recipient = question_round.recipients.get(organisation__name="Innvandrerrad 2")
    services.recipient_phone_log(recipient=recipient, note="Ringte leder", by=by)
    client.force_login(by)
    question = selectors.round_questions(question_round)[0]
    url = reverse("rounds:recipient-answer", args=[question_round.pk, recipient.pk])
    assert "Svar på vegne av Innvandrerrad 2" in client.get(url).content.decode()
    response = client.post(url, {f"q{question.pk}": "Tatt imot på telefon.", "action": "submit"})
    assert response.status_code == 302
    answer = RoundAnswer.objects.get(recipient=recipient, question=question)
    assert (answer.entered_by, answer.recipient.status) == (by, "answered")
    recipient.refresh_from_db()
    assert recipient.phone_note == f"{clock.today().isoformat()}: Ringte leder"
    # a call counts as contact: the table has the council without any e-mail sent
    assert selectors.round_status(question_round)["by_type"] == {
        "innvandrerrad": {"contacted": 1, "answered": 1}
    }
    page = client.get(reverse("rounds:detail", args=[question_round.pk])).content.decode()
    assert "Innvandrerråd" in page and "Ringte leder" in page


def test_only_the_secretariat_runs_a_round(round_30, client):
    question_round, _by = round_30
    rapporteur = staff_user("rapporteur")
    with pytest.raises(PermissionDenied):
        services.round_send(question_round=question_round, base_url=BASE_URL, by=rapporteur)
    recipient = question_round.recipients.first()
    with pytest.raises(PermissionDenied):
        services.answers_save(recipient=recipient, answers={}, submit=True, by=rapporteur)
    client.force_login(rapporteur)
    assert client.get(reverse("rounds:detail", args=[question_round.pk])).status_code == 403


def test_registry_filter_by_type_region_and_earlier_participation(vocabulary):
    by = staff_user()
    cycle = cycle_get_or_create(year=2026)
    earlier = services.round_create(cycle=cycle, title="Vår", questions=["Hva?"], by=by)
    bergen = Organisation.objects.create(name="Bergen", type="kommune", region="vestland")
    bodo = Organisation.objects.create(name="Bodø", type="kommune", region="nordland")
    forening = Organisation.objects.create(name="Forening", type="frivillig_organisasjon")
    Person.objects.create(name="Kari", email="kari@bergen.example.org", organisation=bergen)
    services.recipients_add(question_round=earlier, organisations=[(bergen, ""), (bodo, "")], by=by)
    Recipient.objects.filter(organisation=bergen).update(answered_at=clock.now())
    new = services.round_create(cycle=cycle, title="Høst", questions=["Hva nå?"], by=by)

    def names(**kwargs):
        defaults = {"types": [], "regions": [], "participation": ""}
        found = selectors.organisations_matching(exclude_round=new, **{**defaults, **kwargs})
        return [o.name for o in found]

    assert names() == ["Bergen", "Bodø", "Forening"]
    assert names(types=["kommune"], regions=["vestland"]) == ["Bergen"]
    assert names(participation="asked") == ["Bergen", "Bodø"]
    assert names(participation="answered") == ["Bergen"]
    assert names(participation="never") == ["Forening"]
    assert selectors.organisations_with_email([bergen.pk, forening.pk]) == [
        (bergen, "kari@bergen.example.org"),
        (forening, ""),
    ]


def test_recipients_csv_errors_name_the_line():
    with pytest.raises(services.RecipientsError, match="Linje 3: ukjent type «klubb»"):
        services.recipients_parse("name,type,email,region\nA,kommune,a@x.no,\nB,klubb,b@x.no,\n")
    rows = services.recipients_parse("name;type;email;region\nC;Kommune;c@x.no;Vestland\n")
    assert [(r.name, r.type, r.email, r.region) for r in rows] == [
        ("C", "kommune", "c@x.no", "vestland")
    ]


def test_round_create_and_round_status_commands_print_the_contract_json(
    vocabulary, tmp_path, settings, capsys
):
    settings.INNSPILL_SITE_URL = "https://innspill.example.no"
    (tmp_path / "q.txt").write_text("\n".join(QUESTIONS) + "\n", encoding="utf-8")
    (tmp_path / "r.csv").write_text(recipients_csv(), encoding="utf-8")
    call_command(
        "round_create", "--year", "2026", "--title", "Runde", "--questions", str(tmp_path / "q.txt"),
        "--recipients", str(tmp_path / "r.csv"), "--json",
    )  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    assert len(out["links"]) == 30 and len(mail.outbox) == 30
    first = out["links"][0]
    assert set(first) == {"organisation", "type", "url"}
    assert first["url"].startswith("https://innspill.example.no/sporsmal/svar/")
    recipient = services.recipient_for_token(token_of(first["url"]))
    assert (recipient.organisation.name, recipient.organisation.type) == (
        first["organisation"],
        first["type"],
    )
    call_command("round_status", "--round", str(out["round"]), "--json")
    status = json.loads(capsys.readouterr().out)
    assert status["by_type"]["kommune"] == {"contacted": 6, "answered": 0}
    assert {r["status"] for r in status["recipients"]} == {"sent"}
    with pytest.raises(CommandError, match="fant ingen spørrerunde 999"):
        call_command("round_status", "--round", "999")
    assert COMMAND_LINE.pk is None


def test_hidden_inputs_leave_their_answer_out_of_the_report(round_30):
    question_round, by = round_30
    question = selectors.round_questions(question_round)[0]
    one, two = list(question_round.recipients.order_by("id")[:2])
    services.answers_save(recipient=one, answers={question.pk: "Synlig svar."}, submit=True)
    services.answers_save(recipient=two, answers={question.pk: "Skjult svar."}, submit=True)
    Input.objects.filter(text="Skjult svar.").update(status=Status.HIDDEN)
    chapter = report_selectors.input_report_data(question_round.cycle).per_question[0]
    assert [a for g in chapter.groups.values() for a in g] == ["Synlig svar."]


@pytest.mark.parametrize("n", [1, 3])
def test_round_page_queries_do_not_grow_with_recipients(
    vocabulary, client, django_assert_num_queries, n
):
    by = staff_user()
    cycle = cycle_get_or_create(year=2026)
    question_round = services.round_create(cycle=cycle, title="R", questions=["Hva?"], by=by)
    organisations = [
        (Organisation.objects.create(name=f"Org {i}", type="kommune"), f"o{i}@x.no")
        for i in range(n)
    ]
    services.recipients_add(question_round=question_round, organisations=organisations, by=by)
    client.force_login(by)
    url = reverse("rounds:detail", args=[question_round.pk])
    client.get(url)
    with django_assert_num_queries(QUERIES_ROUND_PAGE):
        assert client.get(url).status_code == 200


QUERIES_ROUND_PAGE = 7


def test_the_demo_has_a_round_sent_a_week_ago_answered_and_reminded(vocabulary):
    from innspill.cycles.models import QuestionRound
    from innspill.demo import data as demo_data

    call_command("seed_demo", "--quiet-logins")
    call_command("seed_demo", "--quiet-logins")
    question_round = QuestionRound.objects.get(title=demo_data.ROUND_TITLE)
    status = selectors.round_status(question_round)
    statuses = sorted(r["status"] for r in status["recipients"])
    assert statuses == ["answered"] * 6 + ["draft"] + ["sent"] * 4
    assert status["by_type"]["kommune"] == {"contacted": 2, "answered": 2}
    reminded = [r for r in status["recipients"] if r["reminders"]]
    assert len(reminded) == 5
    sent = timezone.localdate(question_round.recipients.first().sent_at)
    assert (clock.today() - sent).days == 7


def test_staff_create_a_round_from_the_list_page_and_a_second_with_the_same_title_is_refused(
    vocabulary, client
):
    by = staff_user()
    cycle = cycle_get_or_create(year=2026)
    client.force_login(by)
    data = {"cycle": cycle.pk, "title": "Vår", "questions": "Hva fungerer?\n\nHva mangler?\n"}
    response = client.post(reverse("rounds:list"), data)
    question_round = cycle.question_rounds.get()
    assert response["Location"] == reverse("rounds:detail", args=[question_round.pk])
    assert [q.text for q in selectors.round_questions(question_round)] == [
        "Hva fungerer?",
        "Hva mangler?",
    ]
    again = client.post(reverse("rounds:list"), data)
    assert again.status_code == 400
    assert "Det finnes allerede en runde med denne tittelen dette året." in again.content.decode()


def test_submitting_an_empty_form_is_refused_and_a_draft_may_be_empty(round_30, client):
    question_round, by = round_30
    sent = services.round_send(question_round=question_round, base_url=BASE_URL, by=by)
    url = sent[0].url.replace("http://testserver", "")
    response = client.post(url, {"action": "submit"})
    assert response.status_code == 400
    assert "Skriv svar på minst ett spørsmål før dere sender inn." in response.content.decode()
    assert client.post(url, {"action": "draft"}).status_code == 302
    assert Recipient.objects.get(pk=sent[0].recipient.pk).status == "draft"


@pytest.mark.parametrize("n", [1, 3])
def test_round_list_queries_do_not_grow_with_rounds(
    vocabulary, client, django_assert_num_queries, n
):
    by = staff_user()
    cycle = cycle_get_or_create(year=2026)
    for i in range(n):
        services.round_create(cycle=cycle, title=f"Runde {i}", questions=["Hva?"], by=by)
    client.force_login(by)
    client.get(reverse("rounds:list"))
    with django_assert_num_queries(QUERIES_ROUND_LIST):
        page = client.get(reverse("rounds:list")).content.decode()
    assert len(re.findall(r'href="/sporsmal/ansatt/\d+/"', page)) == n


QUERIES_ROUND_LIST = 6
