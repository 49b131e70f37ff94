import json
import pickle

import pytest

from innspill.analysis.neardup import exact_near_duplicate_pairs
from innspill.analysis.similarity import (
    Featuriser,
    SimilarityIndex,
    approximate_top_matches,
    pairwise_similarity,
    similar_matches,
    top_matches,
)
from tests.corpus import corpus_file

DISTRACTORS = [
    "Flere boligkonsulenter i hver kommune.",
    "Leksehjelp for barn og unge er viktig og bør styrkes.",
    "Kommunene må bli mer fleksible med tilskudd til organisasjoner.",
    "Arbeidsgivere må tørre å satse på innvandrere på sin arbeidsplass.",
    "Bruk av kvalifiserte tolker i alle barnevernssaker.",
]


def bullets_2017() -> list[str]:
    text = corpus_file("2017-integreringskonferansen-rapport.txt").read_text(encoding="utf-8")
    return [line[2:].strip() for line in text.splitlines() if line.startswith("- ")]


def test_similarity_same_demand_in_other_words_ranks_first():
    target = "Krav om innkalling av innvandrere til intervju og bruk av anonyme søknader"
    index = SimilarityIndex.build([*DISTRACTORS, target])

    [matches] = index.query(["Benytt anonyme jobbsøknader"], top_k=3)

    assert matches[0][0] == len(DISTRACTORS)
    assert all(score < matches[0][1] / 2 for _, score in matches[1:])


def test_similarity_compound_head_split_against_known_stems():
    featuriser = Featuriser.from_texts(["søknad", "tolk", "tjeneste"], concepts={})

    assert featuriser.compound_parts("jobbsøknad") == ("søknad",)
    assert featuriser.compound_parts("tolketjenest") == ("tjenest", "tolk")
    assert featuriser.compound_parts("søknad") == ()


def test_similarity_short_head_not_split():
    featuriser = Featuriser.from_texts(["eie", "leie"], concepts={})

    assert featuriser.compound_parts("leie") == ()


def test_similarity_word_features_include_parts_and_concepts():
    featuriser = Featuriser.from_texts(["søknad"], concepts={"søknad": "jobbsøknad"})

    assert featuriser.word_features("Anonyme jobbsøknader") == [
        "anonym",
        "jobbsøknad",
        "søknad",
        "#jobbsøknad",
    ]


def test_similarity_identical_text_scores_one_and_ties_keep_corpus_order():
    corpus = ["fra leie til eie", "flere tolker", "fra leie til eie"]
    index = SimilarityIndex.build(corpus)

    [matches] = index.query(["Fra leie til eie!"], top_k=2)

    assert [j for j, _ in matches] == [0, 2]
    assert [round(s, 6) for _, s in matches] == [1.0, 1.0]


def test_similarity_scores_in_unit_interval_and_best_first():
    corpus = bullets_2017()
    index = SimilarityIndex.build(corpus)

    results = index.query(corpus[:40], top_k=8)

    for matches in results:
        scores = [s for _, s in matches]
        assert scores == sorted(scores, reverse=True)
        assert all(0.0 < s <= 1.0 for s in scores)
        assert len(matches) == 8


def test_similarity_every_bullet_finds_itself_first():
    corpus = bullets_2017()
    index = SimilarityIndex.build(corpus)

    results = index.query(corpus, top_k=1)

    # A bullet repeated word for word elsewhere in the report may come first instead.
    firsts = [corpus[matches[0][0]] for matches in results]
    assert firsts == corpus


def test_similarity_near_duplicate_bullets_are_each_others_best_other_match():
    corpus = bullets_2017()
    left, right, _ = exact_near_duplicate_pairs(corpus, threshold=0.6)
    sim = pairwise_similarity(corpus)
    assert len(left) > 0

    for a, b in zip(left.tolist(), right.tolist(), strict=True):
        row = sim[a].copy()
        row[a] = -1.0
        assert row[b] == row.max()


def test_similar_matches_json_lines_shape():
    out = similar_matches(
        corpus=["fra leie til eie", "flere tolker", "anonyme jobbsøknader"],
        queries=["bruk av tolk", "ingenting felles her"],
        top_k=2,
    )

    assert [json.loads(json.dumps(row)) for row in out] == out
    assert [row["query"] for row in out] == [0, 1]
    assert [m["index"] for m in out[0]["matches"]] == [1]
    assert out[1]["matches"] == []


def test_similarity_empty_corpus_gives_empty_matches():
    index = SimilarityIndex.build([])

    assert index.query(["noe", "annet"], top_k=3) == [[], []]


def test_similarity_stopword_only_corpus_matches_nothing():
    index = SimilarityIndex.build(["og i på", "det er"])

    assert index.query(["og i på", "tolk"], top_k=2) == [[], []]
    assert pairwise_similarity(["og i på", "det er"]).tolist() == [[0.0, 0.0], [0.0, 0.0]]


def test_similarity_index_survives_pickling():
    index = SimilarityIndex.build(["fra leie til eie", "flere tolker", "anonyme jobbsøknader"])

    restored = pickle.loads(pickle.dumps(index))  # noqa: S301 - bytes made two lines up

    assert restored.query(["bruk av tolk"], top_k=2) == index.query(["bruk av tolk"], top_k=2)


def assert_same_matches(got: list[list[tuple[int, float]]], want: list[list[tuple[int, float]]]):
    # Scores are float32 sums taken in another order: equal to about 1e-7.
    assert [[j for j, _ in found] for found in got] == [[j for j, _ in found] for found in want]
    flat = [score for found in want for _, score in found]
    assert [score for found in got for _, score in found] == pytest.approx(flat, abs=1e-6)


def test_similarity_approximate_top_matches_equal_exact_where_neighbours_share_a_word():
    corpus = bullets_2017()
    index = SimilarityIndex.build(corpus)
    words = index.word_weights(corpus)
    share_a_word = (words @ words.T).toarray() > 0

    exact = top_matches(index.matrix, index.matrix, top_k=3, exclude_self=True)
    approximate = approximate_top_matches(index, top_k=3)

    # 86 bullets: no posting list is cut, so every row whose exact neighbours all share a
    # word with it must come back unchanged.
    checked = [i for i, found in enumerate(exact) if all(share_a_word[i, j] for j, _ in found)]
    assert len(checked) == 85
    assert_same_matches([approximate[i] for i in checked], [exact[i] for i in checked])


def test_similarity_approximate_top_matches_same_on_small_set():
    corpus = [
        "Godkjenning av utenlandsk utdanning tar for lang tid",
        "Raskere godkjenning av utdanning fra utlandet",
        "NOKUT må godkjenne utenlandsk utdanning raskere",
        "Flere tolker i helsetjenesten",
        "Bruk kvalifiserte tolker i helsetjenesten",
        "Tolketjenesten må bli bedre",
    ]
    index = SimilarityIndex.build(corpus)
    exact = top_matches(index.matrix, index.matrix, top_k=2, exclude_self=True)

    assert_same_matches(approximate_top_matches(index, top_k=2), exact)


def test_similarity_approximate_top_matches_finds_nothing_without_shared_words():
    index = SimilarityIndex.build(["flere tolker", "anonyme jobbsøknader", "fra leie til eie"])

    assert approximate_top_matches(index, top_k=2) == [[], [], []]
    assert approximate_top_matches(SimilarityIndex.build([]), top_k=2) == []
