import itertools
import random

import numpy as np
import pytest

from innspill.analysis.neardup import (
    TARGET_RECALL_AT_THRESHOLD,
    candidate_pairs,
    exact_near_duplicate_pairs,
    group_near_duplicates,
    group_near_duplicates_exact,
    jaccard_of_pairs,
    lsh_shape,
    pair_agreement,
    token_sets,
)
from tests.corpus import corpus_file


def synthetic(n: int, *, seed: int) -> list[str]:
    """Pseudo-words, Zipf-ish; about a third of the texts are edited copies of earlier ones."""
    rng = random.Random(seed)
    syllables = ["ka", "ro", "ne", "vi", "lu", "sa", "to", "mi", "de", "pa", "gre", "sko"]
    vocab = sorted({"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(3000)})
    cum = list(itertools.accumulate(1.0 / (rank + 10) for rank in range(len(vocab))))
    texts: list[str] = []
    for i in range(n):
        if texts and rng.random() < 0.35:
            words = rng.choice(texts).split()
            for _ in range(rng.randint(1, 4)):
                words[rng.randrange(len(words))] = rng.choices(vocab, cum_weights=cum)[0]
            texts.append(" ".join(words))
        else:
            texts.append(" ".join(rng.choices(vocab, cum_weights=cum, k=rng.randint(10, 30))))
        assert len(texts) == i + 1
    return texts


def bullets_2017() -> list[str]:
    text = corpus_file("2017-integreringskonferansen-rapport.txt").read_text(encoding="utf-8")
    return [line[2:].strip() for line in text.splitlines() if line.startswith("- ")]


def test_neardup_inflected_rewording_groups_and_unrelated_stays_apart():
    texts = [
        "Økt bruk av «fra leie til eie», gjerne i kombinasjon med startlån.",
        "Flere boligkonsulenter i hver kommune.",
        "Økt bruk av «fra leie til eie», og gjerne kombinert med startlån.",
        "Økte bruken av fra leie til eie, gjerne i kombinasjon med startlånet",
    ]

    assert group_near_duplicates(texts) == [0, 1, 0, 0]


def test_neardup_texts_without_content_words_stay_alone():
    assert group_near_duplicates(["og i på", "og i på", "", "tolk tolk"]) == [0, 1, 2, 3]


def test_neardup_group_ids_follow_first_appearance():
    texts = ["delta dugnad nabolag", "tolk helse", "tolk helse", "delta dugnad nabolag"]

    assert group_near_duplicates(texts) == [0, 1, 1, 0]


def test_neardup_token_sets_are_distinct_stems_without_stopwords():
    sets = token_sets(["Tolker og tolken i NAV", "og på i"])

    assert sets.sizes.tolist() == [2, 0]
    assert sets.vocabulary_size == 2


def test_neardup_jaccard_of_pairs_exact_values():
    sets = token_sets(["alfa beta gamma delta", "alfa beta gamma epsilon", "zeta"])

    sim = jaccard_of_pairs(sets, np.array([0, 0]), np.array([1, 2]))

    assert sim.tolist() == [np.float32(3 / 5), 0.0]


def test_neardup_lsh_shape_catches_pairs_at_threshold():
    for threshold in (0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        bands, rows = lsh_shape(threshold=threshold, num_perm=128)
        assert bands * rows <= 128
        assert 1 - (1 - threshold**rows) ** bands >= TARGET_RECALL_AT_THRESHOLD
        # One more row per band would miss too many pairs at the threshold ...
        more = 128 // (rows + 1)
        assert 1 - (1 - threshold ** (rows + 1)) ** more < TARGET_RECALL_AT_THRESHOLD
        # ... and one band fewer too.
        assert 1 - (1 - threshold**rows) ** (bands - 1) < TARGET_RECALL_AT_THRESHOLD


def test_neardup_pair_agreement_counts_same_group_pairs():
    found = [0, 0, 0, 1, 2]
    reference = [0, 0, 1, 1, 2]

    assert pair_agreement(found, reference) == (1 / 3, 1 / 2)


@pytest.mark.parametrize("threshold", [0.5, 0.6, 0.8])
def test_neardup_lsh_matches_all_pairs_on_synthetic_inputs(threshold):
    texts = synthetic(3000, seed=5)

    fast = group_near_duplicates(texts, threshold=threshold)
    exact = group_near_duplicates_exact(texts, threshold=threshold)

    precision, recall = pair_agreement(fast, exact)
    assert precision == 1.0
    assert recall >= 0.99
    assert len(set(exact)) < 2700


def test_neardup_candidates_are_far_fewer_than_all_pairs():
    sets = token_sets(synthetic(3000, seed=9))

    left, right = candidate_pairs(sets, threshold=0.6)

    assert len(left) < 3000 * 2999 / 2 / 50
    assert bool(np.all(left < right))


def test_neardup_lsh_matches_all_pairs_on_report_bullets():
    texts = bullets_2017()
    left, _, _ = exact_near_duplicate_pairs(texts, threshold=0.5)

    fast = group_near_duplicates(texts, threshold=0.5)

    assert len(left) > 0
    assert fast == group_near_duplicates_exact(texts, threshold=0.5)


def test_neardup_stem_ids_in_order_of_first_appearance():
    sets = token_sets(["Tolker hjelper", "og hjelpen", "Ny tolk"])

    assert sets.indices.tolist() == [0, 1, 1, 0, 2]
    assert sets.indptr.tolist() == [0, 2, 3, 5]
