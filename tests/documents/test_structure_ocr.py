"""Structure rules for what OCR does to report text."""

from innspill.documents.structure import parse_text
from innspill.documents.structure.common import mend_session_word


def test_mend_session_word_puts_right_a_slip_before_a_number():
    assert mend_session_word("Paralleilsesjon 2 Bolig og levekår") == (
        "Parallellsesjon 2 Bolig og levekår"
    )
    assert mend_session_word("Parallelisesjon 8: Bolig") == "Parallellsesjon 8: Bolig"
    assert mend_session_word("Gruppesesjan B: Arbeid") == "Gruppesesjon B: Arbeid"


def test_mend_session_word_leaves_other_words_and_inflections():
    assert mend_session_word("Parallellsesjoner 3 og 4 handlet om arbeid.") == (
        "Parallellsesjoner 3 og 4 handlet om arbeid."
    )
    assert mend_session_word("Parallellsesjon 2: Bolig") == "Parallellsesjon 2: Bolig"
    assert mend_session_word("Seksjon 2: Metode") == "Seksjon 2: Metode"
    assert mend_session_word("Parallellsesjonen var godt besøkt.") == (
        "Parallellsesjonen var godt besøkt."
    )


def test_session_heading_with_an_ocr_slip_opens_its_session():
    text = (
        "Parallellsesjon 1: Arbeid\n\nVed statsråd Kari Nordmann\n\n"
        "• Flere møteplasser for frivillige.\n• Bedre informasjon om tilbudene.\n\n"
        "Paralleilsesjon 2: Bolig og levekår\n\nVed statssekretær Ola Hansen\n\n"
        "• Flere boliger i distriktene.\n• Startlån til flere.\n"
    )
    report = parse_text(text, kind="conference_report")
    assert [(s.number, s.title, s.leader, [i.text for i in s.inputs]) for s in report.sessions] == [
        (
            1,
            "Arbeid",
            "Kari Nordmann",
            ["Flere møteplasser for frivillige.", "Bedre informasjon om tilbudene."],
        ),
        (
            2,
            "Bolig og levekår",
            "Ola Hansen",
            ["Flere boliger i distriktene.", "Startlån til flere."],
        ),
    ]
