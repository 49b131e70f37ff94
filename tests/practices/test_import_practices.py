"""Importing the 2019 booklet and the 2020 input report stores their practices."""

import pytest

from innspill.inputs import importing
from innspill.inputs.models import SourceDocument
from innspill.practices.models import Practice
from tests.corpus import corpus_file

BOOKLET = "2019-temahefte-innvandring-inkludering-lokal-utvikling.txt"
INPUT_REPORT_2020 = "2020-integreringskonferansen-innspillsrapport-ocr.txt"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def booklet(vocabulary):
    importing.report_import(path=corpus_file(BOOKLET))
    return SourceDocument.objects.get(kind="practices")


def test_the_booklet_stores_its_practices_with_municipality_and_facts(booklet):
    rows = list(
        Practice.objects.filter(source_document=booklet)
        .order_by("pk")
        .values_list(
            "municipality_name",
            "municipality_number",
            "inhabitants",
            "inhabitants_date",
            "immigrant_share",
            "nationalities",
            "year",
        )
    )
    assert rows == [
        ("Frøya", "5014", 4842, "1.1.2019", 22.85, 36, 2019),
        ("Berg", "5530", 888, "1.1.2019", 16.4, 17, 2019),
        ("Gamvik", "5626", 1169, "1.1.2019", 28.8, 25, 2019),
        ("Fjellregionen", "", 22538, "1.1.2019", 8.7, 67, 2019),
        ("Haram", "1580", 9383, "1.1.2019", 15.1, 63, 2019),
        ("Fjell", "4626", 26166, "1.1.2019", 10.0, 89, 2019),
        ("Tranøy i Midt-Troms", "5530", 1513, "1.1.2019", 11.2, 22, 2019),
        ("Nordland", "", 243385, "1.1.2019", 9.3, 145, 2019),
        ("Herøy", "", 1780, "1.1.2019", 16.2, 26, 2019),
        ("Alta", "5601", 20665, "1.1.2019", 9.5, 83, 2019),
        ("Nærøy i Ytre Namdal", "5060", 10217, "1.1.2019", 10.0, 43, 2019),
        ("", "", None, "", None, None, 2019),
        ("Gloppen", "4650", 5836, "1.1. 2019", 9.3, 41, 2019),
    ]
    haram = Practice.objects.get(municipality_number="1580")
    assert haram.title == "Språkkurs og fagbrev for arbeidsinnvandrere"
    assert len(haram.measures) == 11
    assert " språkkur " in haram.search_stems


def test_a_second_import_of_the_same_file_stores_nothing(booklet):
    result = importing.report_import(path=corpus_file(BOOKLET))
    assert (result.status, Practice.objects.count()) == ("unchanged", 13)


def test_the_2020_input_report_stores_its_examples(vocabulary):
    importing.report_import(path=corpus_file(INPUT_REPORT_2020))
    practices = Practice.objects.order_by("pk")
    assert practices.count() == 17
    found = {p.municipality_number for p in practices if p.municipality_number}
    # «KulturMix i Skedsmo» is Lillestrøm today
    assert found == {"5501", "3205", "4204", "1563", "0301", "1127", "4621", "5006", "4014"}
    assert {p.year for p in practices} == {2020}


def test_related_inputs_are_stored_from_the_archive_similarity(booklet, vocabulary):
    importing.report_import(path=corpus_file(INPUT_REPORT_2020))
    haram = Practice.objects.get(municipality_number="1580")
    assert haram.matched_version != ""
    assert haram.matches.count() >= 1
    scores = list(haram.matches.values_list("score", flat=True))
    assert scores == sorted(scores, reverse=True) and min(scores) >= 0.12
