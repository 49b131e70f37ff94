from innspill.analysis.similarity import pairwise_similarity
from innspill.analysis.summarise import DUPLICATE_SIMILARITY, centrality, representative
from tests.corpus import corpus_file

TEXTS = [
    "Flere kvalifiserte tolker i helsetjenesten",
    "Bruk kvalifiserte tolker hos fastlegen og i helsetjenesten",
    "Bruk kvalifiserte tolker hos fastlegen og i helsetjenesten.",
    "Tolker må brukes i barnevernet",
    "Idrettslag bør få mer støtte til kontingent",
    "og i på",
]


def bullets_2017() -> list[str]:
    text = corpus_file("2017-integreringskonferansen-rapport.txt").read_text(encoding="utf-8")
    return [line[2:].strip() for line in text.splitlines() if line.startswith("- ")]


def test_summarise_most_central_first_and_repeats_skipped():
    picked = representative(TEXTS, k=5)

    assert picked == [1, 0, 3, 4]


def test_summarise_k_limits_and_stopword_only_never_picked():
    assert representative(TEXTS, k=2) == [1, 0]
    assert 5 not in representative(TEXTS, k=10)
    assert representative(["og i på", "det er"], k=3) == []
    assert representative([], k=3) == []


def test_summarise_centrality_highest_for_the_typical_text():
    scores = centrality(TEXTS)

    assert max(range(len(TEXTS)), key=scores.__getitem__) == 1
    assert scores[5] == 0.0
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_summarise_report_bullets_are_central_and_distinct():
    texts = bullets_2017()
    scores = centrality(texts)
    sim = pairwise_similarity(texts)

    picked = representative(texts, k=8)

    assert len(picked) == 8
    assert picked[0] == max(range(len(texts)), key=scores.__getitem__)
    for a in picked:
        for b in picked:
            if a != b:
                assert sim[a, b] < DUPLICATE_SIMILARITY
    median = sorted(scores)[len(scores) // 2]
    assert all(scores[i] > median for i in picked)
