from innspill.analysis.text import compound_parts, stem


def test_compound_parts_split_modifier_and_head():
    assert compound_parts("innvandrerorganisasjonene") == ("innvandrer", "organisasjonene")


def test_compound_parts_drop_linking_s():
    assert compound_parts("arbeidsgivere") == ("arbeids", "givere")


def test_compound_parts_head_stems_like_the_simple_word():
    head = compound_parts("innvandrerorganisasjonene")[-1]
    assert stem(head) == stem("organisasjon")


def test_compound_parts_simple_word_is_not_split():
    assert compound_parts("organisasjonene") == ()


def test_compound_parts_short_word_is_not_split():
    assert compound_parts("skole") == ()


def test_compound_parts_hyphenated_word_splits_at_hyphens():
    assert compound_parts("nav-tiltak") == ("nav", "tiltak")
