"""The lexicon holds general Norwegian built from the taxonomy, and a model knows which lexicon
and word features it was trained with (see the rule in `innspill.analysis.lexicon`)."""

import bisect
import re

import numpy as np
import pytest
import wordfreq

from innspill.analysis import classifier as clf
from innspill.analysis import lexicon
from innspill.analysis.classifier import (
    ModelMismatch,
    analyse_word,
    feature_hash,
    lexicon_hash,
    load_model,
    save_model,
)
from innspill.analysis.text import compound_parts, stem
from innspill.analysis.training import fit, load_labelled
from innspill.analysis.vocabulary import ACTOR_KEYS, THEME_KEYS
from tests.corpus import CORPUS_DIR

_NB = sorted(wordfreq.top_n_list("nb", 1_000_000))


def _taxonomy() -> str:
    return (CORPUS_DIR.parent / "TAXONOMY.md").read_text(encoding="utf-8").lower()


def _entries() -> list[tuple[str, str]]:
    """(list, entry) for every single-word entry; «a+b» pairs give both halves."""
    out = [(f"theme {t}", e) for t, terms in lexicon.THEME_TERMS.items() for e in terms]
    out += [
        (f"actor {a}", half)
        for a, terms in lexicon.ACTOR_TERMS.items()
        for e in terms
        for half in e.split("+")
    ]
    out += [(f"cue {k}", e) for k, cues in lexicon.KIND_CUES.items() for e in cues]
    for name, rules in (("rule", lexicon.KIND_RULES), ("strict", lexicon.KIND_RULES_STRICT)):
        out += [(f"{name} {k}", e) for k, cues in rules.items() for e in cues]
    out += [("soft barrier", e) for e in lexicon.BARRIER_SOFT]
    out += [("opener", e) for e in lexicon.TILTAK_OPENERS | lexicon.COMPARATIVE_OPENERS]
    out += [("immigrant subject", e) for e in lexicon.IMMIGRANT_SUBJECTS]
    return out


def _known(entry: str, taxonomy: str) -> bool:
    base = entry.removesuffix("*")
    if re.search(rf"\b{re.escape(base)}", taxonomy):
        return True
    if entry.endswith("*"):
        i = bisect.bisect_left(_NB, base)
        return i < len(_NB) and _NB[i].startswith(base)
    return wordfreq.zipf_frequency(base, "nb") > 0 or bool(compound_parts(base))


def test_every_lexicon_entry_is_a_norwegian_word_or_named_in_the_taxonomy():
    taxonomy = _taxonomy()
    unknown = [(where, e) for where, e in _entries() if not _known(e, taxonomy)]
    assert unknown == []


def test_no_lexicon_entry_is_an_english_word():
    # wordfreq's Norwegian list holds English words seen in Norwegian text («racial» 2.4);
    # a word far more frequent in English is one. The taxonomy's own («lgbt») may stay.
    taxonomy = _taxonomy()
    english = [
        (where, e)
        for where, e in _entries()
        if not e.endswith("*")
        and e not in taxonomy
        and wordfreq.zipf_frequency(e, "en") > wordfreq.zipf_frequency(e, "nb") + 1.0
    ]
    assert english == []


def test_the_corpus_typos_and_one_off_words_are_gone():
    every = {e for _, e in _entries()}
    gone = {"innvandrersorganisasjon*", "innvandreroorganisasjon*", "racial", "barnetjenest*"}
    assert every & gone == set()


def _columns() -> list[tuple[str, list[tuple[str, float]]]]:
    cols = [(f"theme {t}", list(terms.items())) for t, terms in lexicon.THEME_TERMS.items()]
    cols += [
        (f"actor {a}", [(e, 1.0) for e in terms if "+" not in e])
        for a, terms in lexicon.ACTOR_TERMS.items()
    ]
    cols += [(f"cue {k}", [(e, 1.0) for e in v]) for k, v in lexicon.KIND_CUES.items()]
    cols += [(f"rule {k}", [(e, 1.0) for e in v]) for k, v in lexicon.KIND_RULES.items()]
    cols += [(f"strict {k}", [(e, 1.0) for e in v]) for k, v in lexicon.KIND_RULES_STRICT.items()]
    cols += [("soft barrier", [(e, 1.0) for e in lexicon.BARRIER_SOFT])]
    return cols


def test_no_lexicon_entry_repeats_what_another_entry_of_its_list_matches():
    # A hit counts once per column at the highest weight, so a second form with the same stem,
    # or a word a prefix of at least its weight already catches, never changes anything.
    repeats = []
    for where, terms in _columns():
        prefixes = [(e[:-1], w) for e, w in terms if e.endswith("*")]
        by_stem: dict[str, str] = {}
        for e, w in terms:
            if e.endswith("*"):
                repeats += [
                    (where, e, p)
                    for p, pw in prefixes
                    if p != e[:-1] and e.startswith(p) and pw >= w
                ]
                continue
            if stem(e) in by_stem:
                repeats.append((where, e, by_stem[stem(e)]))
            by_stem[stem(e)] = e
            repeats += [(where, e, p) for p, pw in prefixes if e.startswith(p) and pw >= w]
    assert repeats == []


# Words the taxonomy names, in the forms a report writes them → the theme they settle.
TAXONOMY_WORDS = {
    "praksisplasser": "arbeid",
    "lønnstilskudd": "arbeid",
    "arbeidstrening": "arbeid",
    "introduksjonsprogrammet": "kvalifisering",
    "fagbrev": "kvalifisering",
    "realkompetansen": "kvalifisering",
    "karriereveiledning": "kvalifisering",
    "nokut": "kvalifisering",
    "språkpraksis": "sprak",
    "språkkafeen": "sprak",
    "morsmålet": "sprak",
    "leksehjelp": "oppvekst",
    "barnehagene": "oppvekst",
    "startlån": "bolig",
    "husbanken": "bolig",
    "levekårene": "bolig",
    "frivilligsentralen": "frivillighet",
    "rasismen": "diskriminering",
    "tvangsekteskap": "sosial_kontroll",
    "barnevernet": "barnevern",
    "politiet": "trygghet",
    "helsetjenesten": "helse",
    "gründere": "entreprenorskap",
    "bibliotekene": "kultur_idrett",
    "tolk": "informasjon",
    "klarspråk": "informasjon",
    "kontantstøtten": "velferd",
    "sosialhjelp": "velferd",
    "regelverket": "samordning",
    "bosetting": "tilflytting",
    "innvandrerrådet": "medvirkning",
}


@pytest.mark.parametrize(("word", "theme"), sorted(TAXONOMY_WORDS.items()))
def test_taxonomy_word_reaches_its_theme_in_any_form(word, theme):
    lex = analyse_word(word).lexicon
    assert THEME_KEYS[int(np.argmax(lex))] == theme
    assert lex.max() >= 0.8


def test_prefixes_no_longer_catch_unrelated_frequent_words():
    # «politikk» is not the police, «navn» is not NAV, «gjengitt» is no gang.
    for word in ("politikk", "politiske", "navnet", "gjengitt", "tolkningen"):
        assert analyse_word(word).lexicon.max() == 0.0, word
        assert not analyse_word(word).actors.any(), word
    assert analyse_word("navkontoret").actors[ACTOR_KEYS.index("nav")] == 1.0
    assert analyse_word("politimesteren").actors[ACTOR_KEYS.index("politiet")] == 1.0


# --- The model records what it was trained with -----------------------------------------------


def test_shipped_model_matches_the_shipped_lexicon_and_features():
    meta = load_model().meta
    assert (meta["lexicon_hash"], meta["feature_hash"]) == (lexicon_hash(), feature_hash())


@pytest.fixture(scope="module")
def small_model():
    return fit(load_labelled()[:120])


def test_a_changed_lexicon_makes_an_old_model_refuse_to_load(small_model, tmp_path, monkeypatch):
    path = tmp_path / "model.npz"
    save_model(small_model, path)
    monkeypatch.setitem(lexicon.THEME_TERMS["bolig"], "husleie", 1.0)
    with pytest.raises(ModelMismatch, match=r"another lexicon than the code has") as caught:
        load_model(path)
    assert "python -m innspill.analysis.retrain" in str(caught.value)
    assert "word features" not in str(caught.value)


def test_changed_feature_code_makes_an_old_model_refuse_to_load(small_model, tmp_path, monkeypatch):
    path = tmp_path / "model.npz"
    save_model(small_model, path)
    monkeypatch.setattr(clf, "_PART_WEIGHT", 0.7)
    with pytest.raises(ModelMismatch, match=r"another word features than the code has"):
        load_model(path)


def test_a_model_that_records_no_hashes_refuses_to_load(small_model, tmp_path):
    path = tmp_path / "model.npz"
    small_model_meta = dict(small_model.meta)
    try:
        small_model.meta = {}
        save_model(small_model, path)
    finally:
        small_model.meta = small_model_meta
    with pytest.raises(ModelMismatch, match=r"lexicon and word features .*not recorded"):
        load_model(path)


def test_unchanged_code_and_lexicon_load_the_saved_model(small_model, tmp_path):
    path = tmp_path / "model.npz"
    save_model(small_model, path)
    assert load_model(path).meta == small_model.meta


def test_lexicon_hash_ignores_order_but_not_content(monkeypatch):
    before = lexicon_hash()
    reordered = dict(reversed(list(lexicon.THEME_TERMS.items())))
    monkeypatch.setattr(lexicon, "THEME_TERMS", reordered)
    assert lexicon_hash() == before
    monkeypatch.setattr(lexicon, "IMMIGRANT_SUBJECTS", lexicon.IMMIGRANT_SUBJECTS | {"asylsøkere"})
    assert lexicon_hash() != before


def test_feature_code_text_ignores_comments_docstrings_and_line_wrapping():
    def a(x):
        """Doc."""
        # a comment
        return max(x, 1)

    # fmt: off
    def b(x):
        return max(x,
                   1)
    # fmt: on

    def c(x):
        return max(x, 2)

    def d(x):
        for _ in range(2):
            x += 1
        return max(x, 1)

    def e(x):
        for _ in range(2):
            x += 1
            return max(x, 1)

    def text(f):
        return clf._code_text(f).replace(f"def{f.__name__}(", "def?(")

    assert text(a) == text(b)
    assert text(a) != text(c)
    assert text(d) != text(e)  # indentation is meaning
