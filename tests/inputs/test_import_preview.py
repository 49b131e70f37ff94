"""The staff import preview: doubts marked, the year asked for, every value editable, kind chosen, source pages."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innspill.common.models import Task
from innspill.conferences.models import Conference, Session, Summary
from innspill.cycles.models import Cycle, QuestionRound
from innspill.documents import model as m
from innspill.inputs import importing
from innspill.inputs.models import Input, Section, SourceDocument
from tests.corpus import corpus_file
from tests.inputs.preview_form import submitted

MARK = ">Usikker – sjekk</strong>"  # the mark itself, not the page's explanation of it
PDF_2017 = "2017-integreringskonferansen-rapport.pdf"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def login(client, role: str) -> User:
    user = User.objects.create_user(f"u-{role}", password="x-long-password-1")
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    return user


@pytest.fixture
def secretariat(client, vocabulary):
    return login(client, "secretariat")


def draft_task(
    report: m.ParsedReport, *, name: str = "rapport.txt", content: bytes | None = None
) -> Task:
    """A finished reading of an uploaded file, as the upload page leaves it for the preview."""
    body = content if content is not None else f"{report.title}\n{name}\n".encode()
    draft = importing.draft_store(upload=SimpleUploadedFile(name, body))
    return Task.objects.create(
        kind="import",
        label=name,
        func="innspill.inputs.tasks.parse_task",
        status=Task.Status.DONE,
        result={"structure": report.to_dict(), "draft": draft.name, "already_imported": None},
    )


def preview_url(task: Task) -> str:
    return reverse("inputs:import-preview", args=[task.pk])


def report(**changes) -> m.ParsedReport:
    """A small conference report: two sessions with inputs, tips, a summary and two figures."""
    fields = {
        "kind": "conference_report",
        "year": 2017,
        "title": "Integreringskonferansen 2017",
        "facts": m.Facts(venue="Oslo", date="7. juni 2017", participants=250),
        "sessions": [
            m.Session(
                number=1,
                title="Arbeid og kvalifisering",
                leader="Kari Nordmann",
                leader_role="statssekretær",
                inputs=[
                    m.Input(text="Flere språkpraksisplasser i kommunene.", group="Språk"),
                    m.Input(text="Godkjenning av utdanning må gå raskere.", group=None),
                ],
                page=2,
            ),
            m.Session(
                number=2,
                title="Bolig og nærmiljø",
                inputs=[m.Input(text="Bygg flere utleieboliger for store familier.")],
                page=3,
            ),
        ],
        "tips": [m.TipGroup(topic="Til kommunene", items=["Bruk frivilligheten mer."])],
        "summaries": [
            m.Summary(leader="Ola Nordmann", leader_role="minister", items=["Takk."], session=1),
            m.Summary(leader="Per Hansen", items=["Vi tar det med oss."], session=2),
        ],
        "evaluation": m.Evaluation(
            figures=[
                m.Figure(measure="satisfied", subject="overall", value=88, label="88 % fornøyde"),
                m.Figure(measure="response_rate", value=41, label="svarprosent 41"),
            ]
        ),
    }
    return m.ParsedReport(**{**fields, **changes})


def test_low_confidence_values_are_marked_in_words(client, secretariat):
    doubtful = report(
        kind_confidence=0.55,
        confidence={"title": 0.4, "venue": 0.95, "date": 0.69},
        sessions=[
            m.Session(number=1, title="Arbeid", confidence=0.3),
            m.Session(number=2, title="Bolig", confidence=0.9),
        ],
    )
    page = client.get(preview_url(draft_task(doubtful))).content.decode()
    # kind, title, date and session 1; not the venue, not session 2
    assert page.count(MARK) == 4
    assert 'id="id_title_unsure"' in page and 'aria-describedby="id_title_unsure"' in page
    assert 'id="id_date_unsure"' in page and 'id="id_venue_unsure"' not in page
    assert "Programmet fant: Konferanserapport (55 % sikker)." in page
    assert "(30 % sikker)" in page and "(90 % sikker)" not in page


def test_a_sure_report_has_no_marks(client, secretariat):
    page = client.get(preview_url(draft_task(report()))).content.decode()
    assert page.count(MARK) == 0
    assert "Programmet fant: Konferanserapport (100 % sikker)." in page


def test_disagreeing_year_sources_must_be_answered_before_saving(client, secretariat):
    conflicting = report(
        year=2014,
        year_confidence=0.5,
        year_candidates=[
            m.YearCandidate(year=2017, source="cover", text="Integreringskonferansen 2017"),
            m.YearCandidate(year=2014, source="title", text="siden 2014"),
            m.YearCandidate(year=2017, source="file_name", text="rapport-2017.pdf"),
        ],
    )
    url = preview_url(draft_task(conflicting))
    page = client.get(url).content.decode()
    assert "2017 – fra forsiden, filnavnet («Integreringskonferansen 2017»)" in page
    assert "2014 – fra tittelen («siden 2014»)" in page
    assert (
        'name="year_choice"' in page and "checked" not in page.split('name="year_choice"')[1][:80]
    )
    response = client.post(url, submitted(page))
    assert response.status_code == 200
    assert (
        "Kildene er uenige: velg ett av årene, eller skriv inn et annet."
        in response.content.decode()
    )
    assert (SourceDocument.objects.count(), Input.objects.count()) == (0, 0)
    response = client.post(url, submitted(page, {"year_choice": "2017"}))
    assert response.status_code == 302
    assert list(Cycle.objects.values_list("year", flat=True)) == [2017]
    assert set(Input.objects.values_list("year", flat=True)) == {2017}


def test_another_year_than_the_candidates_is_typed_in(client, secretariat):
    conflicting = report(
        year_candidates=[
            m.YearCandidate(year=2017, source="cover"),
            m.YearCandidate(year=2018, source="date"),
        ]
    )
    url = preview_url(draft_task(conflicting))
    page = client.get(url).content.decode()
    response = client.post(url, submitted(page, {"year_choice": "other"}))
    assert response.status_code == 200 and SourceDocument.objects.count() == 0
    response = client.post(url, submitted(page, {"year_choice": "other", "year": "2016"}))
    assert response.status_code == 302
    assert SourceDocument.objects.get().year == 2016


def test_agreeing_year_sources_ask_nothing(client, secretariat):
    agreeing = report(
        year_candidates=[
            m.YearCandidate(year=2017, source="cover"),
            m.YearCandidate(year=2017, source="date"),
        ]
    )
    url = preview_url(draft_task(agreeing))
    page = client.get(url).content.decode()
    assert 'name="year_choice"' not in page
    assert client.post(url, submitted(page)).status_code == 302


def test_edits_of_document_sessions_tips_summaries_and_figures_are_saved(client, secretariat):
    url = preview_url(draft_task(report()))
    page = client.get(url).content.decode()
    changes = {
        "title": "Den nasjonale integreringskonferansen 2017",
        "venue": "Trondheim",
        "participants": "310",
        "recurring": "Tolk må bestilles i god tid.\n\nMer norsk på jobben.",
        "s-0-leader": "Kari Nordmann Hansen",
        "s-0-leader_role": "kunnskaps- og integreringsminister",
        "s-1-title": "Bolig",
        "i-1-text": "Godkjenning av utdanning fra utlandet må gå raskere.",
        "i-1-group": "Utdanning",
        "i-2-session": "0",
        # tips: the first group rewritten, a new group in the empty row
        "t-0-topic": "Til kommunene og fylkene",
        "t-0-items": "Bruk frivilligheten mer.\nSamarbeid med næringslivet.",
        "t-1-topic": "Til staten",
        "t-1-items": "Gi flere tilskudd.",
        # summaries: the second removed, the first's text changed
        "o-0-items": "Takk for innspillene.\nVi følger dem opp.",
        "o-1-DELETE": "on",
        # figures: the first is a range, the second removed, a new one for sessions 1–2
        "f-0-value": "",
        "f-0-min": "55",
        "f-0-max": "90",
        "f-0-subject": "talks",
        "f-1-DELETE": "on",
        "f-2-measure": "satisfied",
        "f-2-subject": "sessions",
        "f-2-value": "66,7",  # as the report writes it
        "f-2-sessions": "1–2",
    }
    response = client.post(url, submitted(page, changes))
    assert response.status_code == 302
    conference = Conference.objects.get()
    assert (conference.title, conference.venue, conference.participants) == (
        "Den nasjonale integreringskonferansen 2017",
        "Trondheim",
        310,
    )
    assert list(
        Session.objects.order_by("number").values_list(
            "number", "title", "leader_name", "leader_role"
        )
    ) == [
        (
            1,
            "Arbeid og kvalifisering",
            "Kari Nordmann Hansen",
            "kunnskaps- og integreringsminister",
        ),
        (2, "Bolig", "", ""),
    ]
    assert list(
        Input.objects.filter(section="")
        .order_by("session__number", "position")
        .values_list("session__number", "text", "group_heading")
    ) == [
        (1, "Flere språkpraksisplasser i kommunene.", "Språk"),
        (1, "Godkjenning av utdanning fra utlandet må gå raskere.", "Utdanning"),
        (1, "Bygg flere utleieboliger for store familier.", ""),
    ]
    assert list(
        Input.objects.filter(section=Section.TIPS)
        .order_by("position")
        .values_list("group_heading", "text")
    ) == [
        ("Til kommunene og fylkene", "Bruk frivilligheten mer."),
        ("Til kommunene og fylkene", "Samarbeid med næringslivet."),
        ("Til staten", "Gi flere tilskudd."),
    ]
    assert list(
        Input.objects.filter(section=Section.RECURRING)
        .order_by("position")
        .values_list("text", flat=True)
    ) == ["Tolk må bestilles i god tid.", "Mer norsk på jobben."]
    assert list(Summary.objects.values_list("leader_name", "session__number", "items")) == [
        ("Ola Nordmann", 1, ["Takk for innspillene.", "Vi følger dem opp."])
    ]
    figures = SourceDocument.objects.get().structure["evaluation"]["figures"]
    assert figures == [
        {
            "measure": "satisfied",
            "subject": "talks",
            "value": None,
            "min": 55,
            "max": 90,
            "sessions": [],
            "label": "88 % fornøyde",
            "page": None,
            "qualifier": "",
        },
        {
            "measure": "satisfied",
            "subject": "sessions",
            "value": 66.7,
            "min": None,
            "max": None,
            "sessions": [1, 2],
            "label": "",
            "page": None,
            "qualifier": "",
        },
    ]


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"f-0-min": "40", "f-0-max": "60"}, "Oppgi enten én prosent eller et intervall"),
        ({"f-0-value": "", "f-0-min": "70", "f-0-max": "60"}, "Fra-prosenten er større"),
        ({"f-0-value": "", "f-0-min": "40"}, "både fra og til"),
        ({"f-0-sessions": "en og to"}, "Skriv sesjonsnumre som"),
    ],
)
def test_a_figure_that_does_not_add_up_is_refused(client, secretariat, values, error):
    url = preview_url(draft_task(report()))
    page = client.get(url).content.decode()
    response = client.post(url, submitted(page, values))
    assert response.status_code == 200 and error in response.content.decode()
    assert SourceDocument.objects.count() == 0


def test_a_post_that_lost_inputs_saves_nothing(client, secretariat):
    url = preview_url(draft_task(report()))
    page = client.get(url).content.decode()
    data = submitted(page, {"i-TOTAL_FORMS": "2", "i-2-text": None})
    response = client.post(url, data)
    assert "Skjemaet stemmer ikke med dokumentet" in response.content.decode()
    assert SourceDocument.objects.count() == 0


def test_inputs_the_reader_lost_are_typed_in_under_their_session(client, secretariat):
    url = preview_url(draft_task(report()))
    page = client.get(url).content.decode()
    assert "Legg til innspill som mangler" in page
    added = "Tolk må bestilles i god tid.\n\n  Mer norsk på jobben.  "
    response = client.post(url, submitted(page, {"s-1-added": added}))
    assert response.status_code == 302
    assert list(
        Input.objects.filter(section="")
        .order_by("session__number", "position")
        .values_list("session__number", "text")
    ) == [
        (1, "Flere språkpraksisplasser i kommunene."),
        (1, "Godkjenning av utdanning må gå raskere."),
        (2, "Bygg flere utleieboliger for store familier."),
        (2, "Tolk må bestilles i god tid."),
        (2, "Mer norsk på jobben."),
    ]


def test_an_added_input_that_is_too_long_is_refused(client, secretariat):
    url = preview_url(draft_task(report()))
    page = client.get(url).content.decode()
    response = client.post(url, submitted(page, {"s-0-added": "x" * 20_001}))
    assert response.status_code == 200 and "Et innspill kan ha høyst" in response.content.decode()
    assert SourceDocument.objects.count() == 0


def stored_by_kind() -> tuple:
    return (
        Conference.objects.count(),
        Session.objects.count(),
        Summary.objects.count(),
        list(QuestionRound.objects.values_list("title", flat=True)),
        list(
            Input.objects.order_by("section", "session__number", "position").values_list(
                "section", "group_heading", "session__number", "question_round__title", "position"
            )
        ),
    )


TIP = (Section.TIPS, "Til kommunene", None, None, 10_000)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (
            "conference_report",
            (
                1,
                2,
                2,
                [],
                [
                    ("", "Språk", 1, None, 0),
                    ("", "", 1, None, 1),
                    ("", "", 2, None, 0),
                    TIP,
                ],
            ),
        ),
        (
            # the chapters are the round's questions: their titles head the inputs
            "input_report",
            (
                0,
                0,
                0,
                ["Integreringskonferansen 2017"],
                [
                    ("", "Arbeid og kvalifisering", None, "Integreringskonferansen 2017", 0),
                    ("", "Arbeid og kvalifisering", None, "Integreringskonferansen 2017", 1),
                    ("", "Bolig og nærmiljø", None, "Integreringskonferansen 2017", 2),
                    (Section.TIPS, "Til kommunene", None, "Integreringskonferansen 2017", 10_000),
                ],
            ),
        ),
        (
            "practices",
            (
                0,
                0,
                0,
                [],
                [
                    ("", "Språk", None, None, 0),
                    ("", "Arbeid og kvalifisering", None, None, 1),
                    ("", "Bolig og nærmiljø", None, None, 2),
                    TIP,
                ],
            ),
        ),
        (
            "other",
            (
                0,
                0,
                0,
                [],
                [
                    ("", "Språk", None, None, 0),
                    ("", "Arbeid og kvalifisering", None, None, 1),
                    ("", "Bolig og nærmiljø", None, None, 2),
                    TIP,
                ],
            ),
        ),
    ],
)
def test_the_chosen_kind_decides_what_is_created(client, secretariat, kind, expected):
    url = preview_url(draft_task(report(kind="conference_report", kind_confidence=0.5)))
    page = client.get(url).content.decode()
    assert client.post(url, submitted(page, {"kind": kind})).status_code == 302
    assert stored_by_kind() == expected
    document = SourceDocument.objects.get()
    assert (document.kind, document.structure["kind"]) == (kind, kind)
    # a booklet's title does not name the year's cycle
    assert Cycle.objects.get().title == (
        "Integreringskonferansen 2017"
        if kind == "conference_report"
        else "Den nasjonale integreringskonferansen 2017"
    )


def pdf_task() -> Task:
    parsed = report(sessions=[m.Session(number=1, title="Arbeid", page=2)])
    return draft_task(parsed, name=PDF_2017, content=corpus_file(PDF_2017).read_bytes())


def test_page_image_of_a_pdf_draft_is_a_png_made_once(client, secretariat, settings):
    task = pdf_task()
    response = client.get(reverse("inputs:import-page", args=[task.pk, 2]))
    body = b"".join(response.streaming_content)
    assert (response.status_code, response["Content-Type"]) == (200, "image/png")
    assert body[:8] == b"\x89PNG\r\n\x1a\n"
    assert "private" in response["Cache-Control"]
    cached = list((settings.MEDIA_ROOT / importing.DRAFT_DIR).glob("*.page-0002.png"))
    assert [p.read_bytes() for p in cached] == [body]
    again = client.get(reverse("inputs:import-page", args=[task.pk, 2]))
    assert b"".join(again.streaming_content) == body
    assert client.get(reverse("inputs:import-page", args=[task.pk, 999])).status_code == 404


def test_preview_of_a_pdf_shows_the_session_page_beside_it(client, secretariat):
    task = pdf_task()
    page = client.get(preview_url(task)).content.decode()
    src = reverse("inputs:import-page", args=[task.pk, 2])
    assert f'<img src="{src}" loading="lazy"' in page
    assert 'alt="Side 2 i kildedokumentet, der sesjon 1 står"' in page


def test_text_draft_has_no_page_images(client, secretariat):
    task = draft_task(report())
    assert client.get(reverse("inputs:import-page", args=[task.pk, 1])).status_code == 404
    assert "<img" not in client.get(preview_url(task)).content.decode()


@pytest.mark.parametrize("role", ["researcher", "rapporteur"])
def test_preview_and_page_images_need_the_import_capability(client, vocabulary, role):
    task = pdf_task()
    login(client, role)
    assert client.get(preview_url(task)).status_code == 403
    assert client.post(preview_url(task), {}).status_code == 403
    assert client.get(reverse("inputs:import-page", args=[task.pk, 1])).status_code == 403
    assert SourceDocument.objects.count() == 0


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    task = draft_task(report())
    for url in (preview_url(task), reverse("inputs:import-page", args=[task.pk, 1])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
