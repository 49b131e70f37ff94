"""The contents-title matcher: the cheap bounds never change its answer."""

import random

from innspill.documents.structure.common import _close_enough, _similar


def test_close_enough_agrees_with_the_full_ratio() -> None:
    rng = random.Random(7)
    words = ["Arbeid", "og", "kvalifisering", "for", "innvandrere", "Parallellsesjon", "3", "helse"]
    pairs = []
    for _ in range(2_000):
        a = " ".join(rng.choice(words) for _ in range(rng.randint(1, 6)))
        b = list(a)
        for _ in range(rng.randint(0, 4)):  # a few typos, as OCR and layout make them
            if b:
                b[rng.randrange(len(b))] = rng.choice("aeiou ")
        pairs.append((a, "".join(b)))
    agreed = [_close_enough(a, b, 0.9) == (_similar(a, b) >= 0.9) for a, b in pairs]
    assert all(agreed)
    # Both outcomes occur, so the comparison above tests something.
    assert {_close_enough(a, b, 0.9) for a, b in pairs} == {True, False}
