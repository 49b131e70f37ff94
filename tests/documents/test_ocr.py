"""OCR of the scanned session pages of the 2017 report against its text version."""

import re
from difflib import SequenceMatcher

import pytest

from innspill.documents.readers import read_document
from innspill.documents.structure import parse_document, parse_raw
from tests.corpus import corpus_file

SCANNED = "2017-integreringskonferansen-rapport-parallellsesjoner-skannet.pdf"
TEXT = "2017-integreringskonferansen-rapport.txt"

pytestmark = [pytest.mark.ocr, pytest.mark.slow]


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _pairs(text: str) -> set[tuple[str, str]]:
    words = text.split()
    return set(zip(words, words[1:], strict=False))


@pytest.fixture(scope="module")
def scanned():
    """OCR once per test session: it takes seconds per page."""
    progress: list[tuple[int, int]] = []
    raw = read_document(corpus_file(SCANNED), on_progress=lambda d, t: progress.append((d, t)))
    return raw, parse_raw(raw), progress


def test_scanned_pdf_is_ocred_with_progress_per_page(scanned):
    raw, _, progress = scanned
    assert raw.ocr_pages == [1, 2, 3, 4]
    assert progress[0] == (0, 4)
    assert sorted(progress)[-1] == (4, 4)
    assert len(progress) == 5


def test_scanned_pdf_sessions_have_the_leaders_of_the_text_version(scanned):
    _, report, _ = scanned
    text_sessions = parse_document(corpus_file(TEXT)).sessions
    assert [(s.number, s.leader) for s in report.sessions] == [
        (s.number, s.leader) for s in text_sessions
    ]


def test_scanned_pdf_inputs_match_text_version(scanned):
    raw, report, _ = scanned
    reference = [
        (session.number, _norm(item.text))
        for session in parse_document(corpus_file(TEXT)).sessions
        for item in session.inputs
    ]
    # the scan holds only some pages of the report: the expected inputs are the reference
    # inputs whose word pairs are mostly on the scanned pages, however badly they were read
    page_pairs = _pairs(_norm(" ".join(raw.pages)))
    expected = [
        ref for ref in reference if len(_pairs(ref[1]) & page_pairs) >= 0.5 * len(_pairs(ref[1]))
    ]
    found = [
        (session.number, _norm(item.text)) for session in report.sessions for item in session.inputs
    ]

    def matches(a, b):
        return a[0] == b[0] and SequenceMatcher(None, a[1], b[1]).ratio() >= 0.85

    precision = sum(1 for item in found if any(matches(item, ref) for ref in expected)) / len(found)
    recall = sum(1 for ref in expected if any(matches(item, ref) for item in found)) / len(expected)
    f1 = 2 * precision * recall / (precision + recall)
    assert len(expected) >= 40
    assert f1 >= 0.9, (precision, recall, len(found), len(expected))
