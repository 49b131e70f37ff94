"""Evaluation comments into evaluation categories, not into the input themes.

The comments below were written for this test after the lexicon, as a participant might write
them; none of them was used to choose the lexicon's words.
"""

from innspill.analysis.feedback import CATEGORIES, categorise, categorise_many, scores

HELD_OUT: list[tuple[str, str]] = [
    ("Send programmet tidligere, gjerne en måned før.", "program"),
    ("Innleggene var for like hverandre, savnet mer variasjon i temaene.", "program"),
    ("Foredragsholderen fra departementet var svært god.", "program"),
    ("Paneldebatten ble for overfladisk.", "program"),
    ("Gi gruppene bedre tid til å diskutere.", "sessions"),
    ("Sesjonslederen slapp ikke alle til.", "sessions"),
    ("Noen få personer dominerte samtalen ved bordet vårt.", "sessions"),
    ("Maten var kald og det var for lite vegetarisk.", "practical"),
    ("Påmeldingen var tungvint, og bekreftelsen kom aldri på e-post.", "practical"),
    ("Fint om presentasjonene blir lagt ut på nettsiden i etterkant.", "practical"),
    ("Kaffen tok slutt allerede før ti.", "practical"),
    ("Salen var altfor varm og luften dårlig.", "venue"),
    ("Vi hørte ikke hva som ble sagt, mikrofonene virket dårlig.", "venue"),
    ("Vanskelig å komme seg dit med rullestol.", "venue"),
    ("Hotellet ligger langt fra stasjonen.", "venue"),
    ("Dagen ble for lang, avslutt heller klokka tre.", "time"),
    ("Flere pauser, vi satt stille i to timer i strekk.", "time"),
    ("Konferansen kolliderte med høstferien i mange fylker.", "time"),
    ("Det meste gikk på overtid.", "time"),
    ("Tolkene gjorde en fantastisk jobb.", "language"),
    ("Mye fagspråk og forkortelser som vi ikke forsto.", "language"),
    ("Innlegget på engelsk burde hatt teksting.", "language"),
    ("Takk for en fin dag!", "other"),
    ("Flott arrangement, kommer gjerne igjen.", "other"),
    ("Ingen kommentarer.", "other"),
]


def test_send_the_program_earlier_is_about_the_program_not_adult_education():
    result = categorise("Send programmet tidligere")
    assert result.category == "program"
    # program 1.0 over «send» (practical 0.9) and «tidlig*» (time 0.6)
    assert result.scores == {"program": 1.0, "practical": 0.9, "time": 0.6}


def test_no_known_word_is_other_with_no_scores():
    result = categorise("Hilsen Kari")
    assert (result.category, result.scores) == ("other", {})


def test_a_compound_counts_its_head_fully_and_its_modifier_at_half():
    # «lunsj|pausen»: the head pause (time 0.8), the modifier lunsj (practical 1.0 × 0.5)
    assert scores("lunsjpausen") == {"time": 0.8, "practical": 0.5}


def test_a_phrase_entry_counts_when_its_words_follow_each_other():
    assert scores("Ikke alle fikk komme til orde") == {"sessions": 1.0}


def test_ties_go_to_the_earlier_category():
    # one program word (1.0) and one venue word (1.0)
    result = categorise("Programmet i salen")
    assert result.scores == {"program": 1.0, "venue": 1.0}
    assert result.category == "program"
    assert CATEGORIES.index("program") < CATEGORIES.index("venue")


def test_held_out_comments():
    got = [r.category for r in categorise_many([text for text, _ in HELD_OUT])]
    wrong = [
        (text, want, have) for (text, want), have in zip(HELD_OUT, got, strict=True) if have != want
    ]
    assert wrong == []


# Written after the first set had been run once (it led to the minimum score for weak hints).
# Run once, they showed «-lig» adjectives collapsing («punktlig» → «punkt» matched
# «høydepunkt»), fixed by making those entries prefixes; no word was added for them. What is
# still wrong is listed: 7 of 10.
HELD_OUT_SECOND: list[tuple[str, str]] = [
    ("Det var vanskelig å finne fram i bygget, skilting manglet.", "venue"),
    ("Jeg fikk aldri svar på spørsmålet om reiseutgifter.", "practical"),
    ("Workshopen om bolig var dagens høydepunkt.", "sessions"),
    ("Hovedinnlegget ga lite nytt.", "program"),
    ("Start litt senere, det er vanskelig å rekke toget tidlig om morgenen.", "time"),
    ("Kunne noen av innleggene vært på nynorsk?", "language"),
    ("Lydanlegget sviktet flere ganger.", "venue"),
    ("For mange deltakere i hver gruppe, vi rakk ikke rundt.", "sessions"),
    ("Godt organisert, tusen takk til sekretariatet.", "practical"),
    ("Jeg savnet ungdommens stemme.", "other"),
]


def test_second_held_out_comments():
    got = [r.category for r in categorise_many([text for text, _ in HELD_OUT_SECOND])]
    wrong = [
        (text, want, have)
        for (text, want), have in zip(HELD_OUT_SECOND, got, strict=True)
        if have != want
    ]
    assert wrong == [
        ("Det var vanskelig å finne fram i bygget, skilting manglet.", "venue", "other"),
        ("Kunne noen av innleggene vært på nynorsk?", "language", "program"),
        ("Godt organisert, tusen takk til sekretariatet.", "practical", "other"),
    ]
