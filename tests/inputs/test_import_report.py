"""Importing published reports into the archive, by command and through the staff pages."""

import json

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from innspill.conferences.models import Session, Summary
from innspill.cycles.models import EvaluationResult
from innspill.documents.structure import parse_document
from innspill.inputs import importing
from innspill.inputs.models import Input, SourceDocument
from tests.corpus import corpus_file
from tests.inputs.preview_form import submitted

REPORT_2017 = "2017-integreringskonferansen-rapport.txt"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="module")
def parsed_2017():
    return parse_document(corpus_file(REPORT_2017)).to_dict()


def test_import_report_saves_sessions_inputs_summaries_and_evaluation(
    vocabulary, capsys, parsed_2017
):
    call_command("import_report", str(corpus_file(REPORT_2017)), "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "created"
    session_inputs = sum(len(s["inputs"]) for s in parsed_2017["sessions"])
    tips = sum(len(g["items"]) for g in parsed_2017["tips"])
    assert out["saved"]["inputs"] == Input.objects.count() == session_inputs + tips
    assert Input.objects.filter(session__isnull=False).count() == session_inputs
    sessions = list(Session.objects.order_by("number"))
    assert [(s.number, s.leader_name) for s in sessions] == [
        (s["number"], s["leader"]) for s in parsed_2017["sessions"]
    ]
    for s in parsed_2017["sessions"]:
        stored = Input.objects.filter(session__number=s["number"]).order_by("position")
        assert [(i.text, i.group_heading) for i in stored] == [
            (x["text"], x["group"] or "") for x in s["inputs"]
        ]
    assert Summary.objects.count() == len(parsed_2017["summaries"])
    evaluation = EvaluationResult.objects.get()
    assert evaluation.figures == parsed_2017["evaluation"]["figures"]
    assert (evaluation.response_rate, evaluation.satisfied_overall) == (40, 92)
    item = Input.objects.filter(session__isnull=False).first()
    assert (item.source_document.sha256, item.source_line is not None) == (
        importing.file_sha256(corpus_file(REPORT_2017)),
        True,
    )


def test_reimport_changes_nothing(vocabulary, capsys):
    call_command("import_report", str(corpus_file(REPORT_2017)), "--json")
    first = Input.objects.count()
    capsys.readouterr()
    call_command("import_report", str(corpus_file(REPORT_2017)), "--json")
    assert json.loads(capsys.readouterr().out)["status"] == "unchanged"
    assert (Input.objects.count(), SourceDocument.objects.count()) == (first, 1)


def test_same_report_as_pdf_adds_no_duplicate_inputs(vocabulary):
    call_command("import_report", str(corpus_file(REPORT_2017)))
    before = Input.objects.filter(session__isnull=False).count()
    call_command("import_report", str(corpus_file("2017-integreringskonferansen-rapport.pdf")))
    assert Input.objects.filter(session__isnull=False).count() == before
    assert SourceDocument.objects.count() == 2


def test_dry_run_touches_no_database(vocabulary, capsys, django_assert_num_queries):
    with django_assert_num_queries(0):
        call_command("import_report", str(corpus_file(REPORT_2017)), "--dry-run", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "conference_report" and data["year"] == 2017
    assert {
        "title",
        "facts",
        "tips",
        "sessions",
        "summaries",
        "evaluation",
        "practices",
        "warnings",
    } <= set(data)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "tom.txt", "tom"),
        (b"ikke en pdf", "rapport.pdf", "ikke en gyldig"),
        (b"%PDF-1.7\n1 0 obj", "avkortet.pdf", "avkortet"),
    ],
)
def test_bad_file_is_one_clear_error_and_saves_nothing(
    vocabulary, tmp_path, content, name, message
):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_report", str(path))
    assert (SourceDocument.objects.count(), Input.objects.count(), Session.objects.count()) == (
        0,
        0,
        0,
    )


def test_crash_half_way_saves_nothing(vocabulary, monkeypatch):
    def crash():
        raise RuntimeError("strømbrudd")

    monkeypatch.setattr(importing.DataVersion, "bump", crash)
    with pytest.raises(RuntimeError):
        importing.report_import(path=corpus_file(REPORT_2017))
    assert (SourceDocument.objects.count(), Input.objects.count(), Session.objects.count()) == (
        0,
        0,
        0,
    )


@pytest.fixture
def secretariat(client, db):
    user = User.objects.create_user("sek", password="x-long-password-1")
    user.groups.add(Group.objects.get(name="secretariat"))
    client.force_login(user)
    return user


def test_upload_preview_correct_and_confirm(client, secretariat, vocabulary, parsed_2017):
    upload = SimpleUploadedFile(
        REPORT_2017, corpus_file(REPORT_2017).read_bytes(), content_type="text/plain"
    )
    response = client.post(reverse("inputs:import-upload"), {"file": upload})
    status_url = response["Location"]
    preview_url = client.get(status_url)["Location"]  # reading ran inline in tests; done → preview
    page = client.get(preview_url).content.decode()
    first = parsed_2017["sessions"][0]
    assert first["title"] in page and first["inputs"][0]["text"] in page
    assert Input.objects.count() == 0  # nothing saved before confirmation
    form = submitted(page, {"s-0-title": "Velferd og arbeid", "i-0-drop": "on", "i-1-session": "1"})
    response = client.post(preview_url, form)
    assert response.status_code == 302
    session_inputs = sum(len(s["inputs"]) for s in parsed_2017["sessions"])
    assert Input.objects.filter(session__isnull=False).count() == session_inputs - 1
    assert Session.objects.get(number=1).title == "Velferd og arbeid"
    moved = Input.objects.get(text=first["inputs"][1]["text"], session__isnull=False)
    assert moved.session.number == parsed_2017["sessions"][1]["number"]


def test_upload_rejects_unknown_type_with_message(client, secretariat):
    upload = SimpleUploadedFile("rapport.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(reverse("inputs:import-upload"), {"file": upload})
    assert response.status_code == 200 and "støttes ikke" in response.content.decode()


def test_import_pages_need_the_secretariat(client, db):
    user = User.objects.create_user("forsker", password="x-long-password-1")
    user.groups.add(Group.objects.get(name="researcher"))
    client.force_login(user)
    assert client.get(reverse("inputs:import-upload")).status_code == 403


def test_source_document_can_be_downloaded_from_an_input(client, vocabulary):
    importing.report_import(path=corpus_file(REPORT_2017))
    item = Input.objects.filter(session__isnull=False).first()
    page = client.get(reverse("archive:input-detail", args=[item.pk])).content.decode()
    url = reverse("archive:source-download", args=[item.source_document_id])
    assert url in page
    body = b"".join(client.get(url).streaming_content)
    assert body == corpus_file(REPORT_2017).read_bytes()
