"""Benchmark OCR repair: word accuracy and speed against no repair and a naive dictionary fix.

Run: .venv/bin/python benchmarks/bench_ocr_repair.py [--quick]
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from innspill.documents import ocr_repair  # noqa: E402
from tests.corpus import corpus_file  # noqa: E402

OCR_2020 = "2020-integreringskonferansen-innspillsrapport-ocr.txt"
SAMPLE = ROOT / "tests" / "documents" / "data" / "2020-ocr-sample-corrected.txt"
SAMPLE_LINES = 294
CLEAN = (
    "2017-integreringskonferansen-rapport.txt",
    "2015-dialogkonferansen-rapport.txt",
    "2019-temahefte-innvandring-inkludering-lokal-utvikling.txt",
)
GARBLE = {"ø": ("g", "g", "g", "o"), "å": ("a", "a", "d", "&"), "æ": ("ae", "ae", "ee", "ze")}
NAIVE_RULES = [
    ("&", "å"),
    ("ae", "æ"),
    ("ze", "æ"),
    ("ee", "æ"),
    ("g", "ø"),
    ("d", "å"),
    ("a", "å"),
]


def word_accuracy(produced: list[str], expected: list[str]) -> float:
    right = total = 0
    for got_line, want_line in zip(produced, expected, strict=True):
        got, want = got_line.split(), want_line.split()
        total += len(want)
        if len(got) == len(want):
            right += sum(g == w for g, w in zip(got, want, strict=True))
    return right / total


def garble(text: str, seed: int) -> str:
    rng = random.Random(seed)
    out = []
    for ch in text:
        options = GARBLE.get(ch.lower())
        new = rng.choice(options) if options else ch
        out.append(new.upper() if options and ch.isupper() else new)
    return "".join(out)


def naive_repair(text: str, lexicon: ocr_repair.Lexicon) -> str:
    """Dictionary-only fix: replace one confusion everywhere in an unlisted token, first hit wins."""

    def fix(match) -> str:
        token = match.group()
        lower = token.lower()
        if lexicon.listed(lower) or any(c.isdigit() for c in token):
            return token
        for seen, meant in NAIVE_RULES:
            candidate = lower.replace(seen, meant)
            if candidate != lower and lexicon.listed(candidate) >= 1.5:
                return candidate.capitalize() if token[0].isupper() else candidate
        return token

    return ocr_repair.TOKEN_RE.sub(fix, text)


def clear_caches(lexicon: ocr_repair.Lexicon) -> None:
    ocr_repair._best_reading.cache_clear()
    lexicon.score.cache_clear()


def timed(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    repeat = 1 if args.quick else 5

    start = time.perf_counter()
    lexicon = ocr_repair.load_lexicon()
    load = time.perf_counter() - start
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        "?",
    )
    print(f"nproc={os.cpu_count()} cpu={cpu}")
    print(f"lexicon: {len(lexicon)} words, load {load:.2f} s")

    raw_full = corpus_file(OCR_2020).read_text(encoding="utf-8")
    raw = raw_full.split("\n")[:SAMPLE_LINES]
    expected = SAMPLE.read_text(encoding="utf-8").split("\n")[:SAMPLE_LINES]
    sample_text = "\n".join(raw)

    print(f"\n2020 hand-corrected sample: {SAMPLE_LINES} lines, {len(sample_text.split())} words")
    print(f"  {'method':<28}{'word accuracy':>14}")
    print(f"  {'no repair':<28}{word_accuracy(raw, expected):>14.4f}")
    naive = naive_repair(sample_text, lexicon).split("\n")
    print(f"  {'naive dictionary fix':<28}{word_accuracy(naive, expected):>14.4f}")
    ours = ocr_repair.repair_text(sample_text).split("\n")
    print(f"  {'repair_text':<28}{word_accuracy(ours, expected):>14.4f}")

    words = len(raw_full.split())

    def cold() -> None:
        clear_caches(lexicon)
        ocr_repair.repair_text(raw_full)

    cold_s = timed(cold, repeat)
    warm_s = timed(lambda: ocr_repair.repair_text(raw_full), repeat)
    naive_s = timed(lambda: naive_repair(raw_full, lexicon), repeat)
    print(f"\nwhole 2020 file ({words} words), best of {repeat}:")
    print(f"  repair_text cold caches  {cold_s:.3f} s  {words / cold_s:>9.0f} words/s")
    print(f"  repair_text warm caches  {warm_s:.3f} s  {words / warm_s:>9.0f} words/s")
    print(f"  naive dictionary fix     {naive_s:.3f} s  {words / naive_s:>9.0f} words/s")

    print("\nclean reports (should stay untouched):")
    for name in CLEAN[:1] if args.quick else CLEAN:
        text = corpus_file(name).read_text(encoding="utf-8")
        n_words = len(text.split())
        changed = len(ocr_repair.repair_changes(text))
        naive_changed = sum(
            a != b for a, b in zip(text.split(), naive_repair(text, lexicon).split(), strict=True)
        )
        print(
            f"  {name[:40]:<40} {n_words:>6} words  repair_text changes {changed}"
            f" ({changed / n_words:.3%})  naive changes {naive_changed}"
        )

    print("\nclean reports garbled like the 2020 OCR (seeded), word accuracy:")
    print(f"  {'report':<40}{'garbled':>9}{'naive':>9}{'repair':>9}")
    for name in CLEAN[:1] if args.quick else CLEAN:
        text = corpus_file(name).read_text(encoding="utf-8")
        lines = text.split("\n")
        garbled = garble(text, seed=1)
        g = garbled.split("\n")
        n = naive_repair(garbled, lexicon).split("\n")
        r = ocr_repair.repair_text(garbled).split("\n")
        print(
            f"  {name[:40]:<40}{word_accuracy(g, lines):>9.4f}"
            f"{word_accuracy(n, lines):>9.4f}{word_accuracy(r, lines):>9.4f}"
        )


if __name__ == "__main__":
    main()
