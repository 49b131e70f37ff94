"""OCR repair on the real wrong-language OCR of the 2020 report and on clean Norwegian text."""

import random
import re
from pathlib import Path

from innspill.documents.ocr_repair import (
    Change,
    load_lexicon,
    needs_repair,
    repair_changes,
    repair_text,
    repair_token,
    token_readings,
)
from tests.corpus import corpus_file

DATA = Path(__file__).parent / "data"
OCR_2020 = "2020-integreringskonferansen-innspillsrapport-ocr.txt"
# the hand-corrected sample is lines 1..SAMPLE_LINES of the raw 2020 file, line for line
SAMPLE_LINES = 294


def _sample() -> tuple[list[str], list[str]]:
    raw = corpus_file(OCR_2020).read_text(encoding="utf-8").split("\n")[:SAMPLE_LINES]
    corrected = (DATA / "2020-ocr-sample-corrected.txt").read_text(encoding="utf-8").split("\n")
    return raw, corrected[:SAMPLE_LINES]


def word_accuracy(*, produced: list[str], expected: list[str]) -> float:
    """Share of expected words reproduced exactly, aligned word by word within each line."""
    right = total = 0
    for got_line, want_line in zip(produced, expected, strict=True):
        got, want = got_line.split(), want_line.split()
        total += len(want)
        if len(got) == len(want):
            right += sum(g == w for g, w in zip(got, want, strict=True))
    return right / total


def test_sample_is_substantial_and_aligned():
    raw, corrected = _sample()
    assert len(corrected) == SAMPLE_LINES
    assert sum(len(line.split()) for line in corrected) >= 1500
    assert [len(line.split()) for line in raw] == [len(line.split()) for line in corrected]


def test_repair_text_word_accuracy_on_2020_sample_reaches_097():
    raw, corrected = _sample()
    baseline = word_accuracy(produced=raw, expected=corrected)
    repaired = repair_text("\n".join(raw)).split("\n")
    accuracy = word_accuracy(produced=repaired, expected=corrected)
    assert baseline < 0.9
    assert accuracy >= 0.97


def test_repair_text_keeps_line_breaks_of_whole_2020_file():
    raw = corpus_file(OCR_2020).read_text(encoding="utf-8")
    repaired = repair_text(raw)
    assert repaired.count("\n") == raw.count("\n")
    assert [len(line.split()) for line in repaired.split("\n")] == [
        len(line.split()) for line in raw.split("\n")
    ]


def test_repair_text_of_repaired_2020_file_changes_nothing():
    repaired = repair_text(corpus_file(OCR_2020).read_text(encoding="utf-8"))
    assert needs_repair(repaired) is False
    assert repair_changes(repaired) == []


def test_repair_text_leaves_urls_alone():
    raw = corpus_file(OCR_2020).read_text(encoding="utf-8")
    urls = re.findall(r"https?://\S+", raw)
    repaired = repair_text(raw)
    assert urls
    assert re.findall(r"https?://\S+", repaired) == urls


def test_needs_repair_on_wrong_language_ocr_is_true():
    assert needs_repair(corpus_file(OCR_2020).read_text(encoding="utf-8")) is True


def test_needs_repair_on_clean_reports_is_false():
    for name in (
        "2017-integreringskonferansen-rapport.txt",
        "2015-dialogkonferansen-rapport.txt",
        "2019-temahefte-innvandring-inkludering-lokal-utvikling.txt",
    ):
        assert needs_repair(corpus_file(name).read_text(encoding="utf-8")) is False


def test_repair_text_barely_touches_correct_2017_report():
    text = corpus_file("2017-integreringskonferansen-rapport.txt").read_text(encoding="utf-8")
    changes = repair_changes(text)
    assert len(changes) / len(text.split()) < 0.002


def test_repair_text_forced_wrong_language_barely_touches_correct_reports():
    for name in (
        "2017-integreringskonferansen-rapport.txt",
        "2019-temahefte-innvandring-inkludering-lokal-utvikling.txt",
    ):
        text = corpus_file(name).read_text(encoding="utf-8")
        changes = repair_changes(text, wrong_language=True)
        assert len(changes) / len(text.split()) < 0.002


def test_repair_text_of_clean_text_is_unchanged():
    text = "Vi må få til et bedre samarbeid med næringslivet på våren, sa han.\n"
    assert repair_text(text) == text


def test_repair_token_undoes_common_confusions():
    lexicon = load_lexicon()
    assert repair_token("mgte", lexicon=lexicon) == "møte"
    assert repair_token("gjgr", lexicon=lexicon) == "gjør"
    assert repair_token("pd", lexicon=lexicon) == "på"
    assert repair_token("naeringslivet", lexicon=lexicon) == "næringslivet"
    assert repair_token("nzeringslivet", lexicon=lexicon) == "næringslivet"
    assert repair_token("Tromsg", lexicon=lexicon) == "Tromsø"
    assert repair_token("NARINGSLIV", lexicon=lexicon) == "NÆRINGSLIV"


def test_repair_token_keeps_common_words_names_and_numbers():
    lexicon = load_lexicon()
    for token in ("for", "og", "Drammen", "Randaberg", "2020", "IMDi", "covid"):
        assert repair_token(token, lexicon=lexicon) == token


def test_repair_token_without_known_swaps_keeps_real_words():
    assert repair_token("far", allow_known=False) == "far"
    assert repair_token("far", allow_known=True) == "får"


def test_repair_text_lone_symbol_before_verb_becomes_aa():
    text = "Det er viktig & styrke dialogen. Vi gnsker 3 lgfte fram saken og mgte dem pd vdren.\n"
    assert repair_text(text) == (
        "Det er viktig å styrke dialogen. Vi ønsker å løfte fram saken og møte dem på våren.\n"
    )


def test_repair_text_keeps_list_letters_and_numbers():
    text = (
        "Vi kontaktet a) seks kommuner og b) 19 aktgrer i punkt 3 i brevet pd mandag for mgtet.\n"
    )
    assert repair_text(text) == (
        "Vi kontaktet a) seks kommuner og b) 19 aktører i punkt 3 i brevet på mandag for møtet.\n"
    )


def test_repair_text_short_text_without_evidence_swaps_no_real_words():
    text = "Han gar hjem til sin far.\n"
    assert repair_text(text) == text


def test_repair_text_wrong_language_forced_for_short_text():
    text = "Han gar hjem pa fredag.\n"
    assert repair_text(text, wrong_language=True) == "Han går hjem på fredag.\n"


def test_repair_text_bullet_e_becomes_bullet():
    text = "Tre innspill gar igjen:\n\ne Behovet for faste mgteplasser.\n e Stgtte til lokaler.\n"
    assert repair_text(text) == (
        "Tre innspill går igjen:\n\n• Behovet for faste møteplasser.\n • Støtte til lokaler.\n"
    )


def test_repair_changes_report_old_new_and_position():
    text = "Vi har mgte\npd fredag med naeringslivet."
    changes = repair_changes(text)
    assert changes == [
        Change(old="mgte", new="møte", start=7, end=11, line=1),
        Change(old="pd", new="på", start=12, end=14, line=2),
        Change(old="naeringslivet", new="næringslivet", start=26, end=39, line=2),
    ]
    for change in changes:
        assert text[change.start : change.end] == change.old


# Wrong-language OCR as observed in the 2020 file, used to garble clean text the repair never saw.
GARBLE = {"ø": ("g", "g", "g", "o"), "å": ("a", "a", "d", "&"), "æ": ("ae", "ae", "ee", "ze")}


def _garble(text: str, *, seed: int) -> str:
    rng = random.Random(seed)
    out = []
    for ch in text:
        options = GARBLE.get(ch.lower())
        if options is None:
            out.append(ch)
            continue
        new = rng.choice(options)
        out.append(new.upper() if ch.isupper() else new)
    return "".join(out)


def test_repair_text_restores_garbled_2017_report():
    clean = corpus_file("2017-integreringskonferansen-rapport.txt").read_text(encoding="utf-8")
    lines = clean.split("\n")
    garbled = _garble(clean, seed=2017).split("\n")
    repaired = repair_text("\n".join(garbled)).split("\n")
    baseline = word_accuracy(produced=garbled, expected=lines)
    accuracy = word_accuracy(produced=repaired, expected=lines)
    assert baseline < 0.9
    assert accuracy >= 0.97


def test_repair_text_infinitive_marker_at_sentence_start_becomes_capital_aa():
    text = "Vi gnsker mer stgtte. A styrke frivilligheten er viktig for mgteplassene.\n"
    assert repair_text(text) == (
        "Vi ønsker mer støtte. Å styrke frivilligheten er viktig for møteplassene.\n"
    )


def test_repair_text_headings_addresses_hyphens_and_numbers():
    text = (
        "4. GODE EKSEMPLER PA SAMARBEID MED NARINGSLIVET\n"
        "Kontakt post@imdi.no eller se www.imdi.no/tilskudd for mer. Pa mgtet ble NAV-ansatte og\n"
        "barne- og ungdomsrad enige om & gjgre mer. Nzeringslivet i Tromsg gnsker stgtte til\n"
        "mgteplasser, jf. side 3 og kapittel 8 i rapporten fra 2019. Asker & Baerum deltok.\n"
    )
    assert repair_text(text) == (
        "4. GODE EKSEMPLER PÅ SAMARBEID MED NÆRINGSLIVET\n"
        "Kontakt post@imdi.no eller se www.imdi.no/tilskudd for mer. På møtet ble NAV-ansatte og\n"
        "barne- og ungdomsråd enige om å gjøre mer. Næringslivet i Tromsø ønsker støtte til\n"
        "møteplasser, jf. side 3 og kapittel 8 i rapporten fra 2019. Asker & Bærum deltok.\n"
    )


def test_token_readings_rank_the_repair_first_and_keep_the_token():
    readings = token_readings("pd")
    assert readings[0].text == "på"
    assert "pd" in [reading.text for reading in readings]
    assert readings == sorted(readings, key=lambda reading: -reading.score)


def test_token_readings_keep_letter_case():
    assert token_readings("Tromsg")[0].text == "Tromsø"


def test_a_glued_run_of_characters_is_left_alone_quickly():
    # A damaged file can glue thousands of letters into one token; every edit combination of
    # it would not fit in memory.
    token = "Iaerlnmvo" * 600
    assert repair_token(token, lexicon=load_lexicon(), allow_known=False) == token
