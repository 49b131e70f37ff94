"""Audit the classifier's lexicon: in how many corpus reports does each entry occur?

Usage: python tools/lexicon_audit.py [--all] [CORPUS_DIR]
       python tools/lexicon_audit.py --heldout [CORPUS_DIR]

For every entry of `innspill.analysis.lexicon` it prints the number of corpus reports the entry
occurs in (the labelled inputs' `source`, joined with the text files of ../shared/corpus), its
Zipf frequency in wordfreq's Norwegian list, whether TAXONOMY.md names it, and — for a prefix
entry — the most frequent Norwegian words the prefix also catches. Without `--all` only the
entries worth a look are printed: those found in at most one report, those wordfreq does not
know, and plain entries another entry of the same list already covers. An entry is matched as
the classifier matches it (by stem or prefix, on the word and its compound parts).

`--heldout` measures how optimistic the shared lexicon leaves `python -m
innspill.analysis.evaluate`: leave one report out as it does, but with every lexicon entry that
occurs in the held-out report and in no other, and that TAXONOMY.md does not name, left out of
that fold (theme terms, kind cues and rules, openers, headings): the held-out report is scored
with what could have been written before anyone read it.

Build/check time only: wordfreq's list ships in its package, nothing is downloaded.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import wordfreq

from innspill.analysis import classifier as clf
from innspill.analysis import lexicon
from innspill.analysis.classifier import words_of
from innspill.analysis.text import compound_parts, stem
from innspill.analysis.training import (
    LABELLED_PATH,
    fit,
    kind_balanced_accuracy,
    load_labelled,
    select_params,
    theme_metrics,
)
from innspill.analysis.vocabulary import KIND_KEYS, THEME_KEYS

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
TAXONOMY = ROOT.parent / "shared" / "TAXONOMY.md"
# Corpus file name → the report's `source` key in the labelled inputs.
REPORT_OF_FILE = (
    ("2015-", "2015-conference"),
    ("2017-", "2017-conference"),
    ("2019-", "2019-booklet"),
    ("2020-", "2020-input-report"),
)


def report_texts(corpus: Path) -> dict[str, str]:
    texts: dict[str, list[str]] = defaultdict(list)
    for line in LABELLED_PATH.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            texts[r["source"]].extend((r["text"], r.get("group") or ""))
    for path in sorted(corpus.glob("*.txt")):
        for prefix, source in REPORT_OF_FILE:
            if path.name.startswith(prefix):
                texts[source].append(path.read_text(encoding="utf-8"))
    return {source: "\n".join(parts) for source, parts in texts.items()}


class Report:
    """The words of one report, as the classifier sees them."""

    def __init__(self, text: str) -> None:
        self.text = text.lower()
        self.words = set(words_of(text))
        self.stems: set[str] = set()
        self.surfaces: set[str] = set()
        self.word_stems = {stem(w.replace("-", "")) for w in self.words}
        for w in self.words:
            flat = w.replace("-", "")
            parts = compound_parts(w)
            self.surfaces.update((flat, *parts))
            self.stems.update(stem(s) for s in (flat, *parts))

    def has(self, entry: str, *, parts: bool, exact: bool = False) -> bool:
        if exact:
            return entry in self.words
        if " " in entry:
            return entry in self.text
        if entry.endswith("*"):
            pool = self.surfaces if parts else {w.replace("-", "") for w in self.words}
            return any(s.startswith(entry[:-1]) for s in pool)
        return stem(entry) in (self.stems if parts else self.word_stems)


def entries() -> Iterable[tuple[str, str, bool, bool]]:
    """(list name, entry, matched on compound parts too, matched as the exact word)."""
    for theme, terms in lexicon.THEME_TERMS.items():
        for t in terms:
            yield f"THEME_TERMS[{theme}]", t, True, False
    for actor, actor_terms in lexicon.ACTOR_TERMS.items():
        for t in actor_terms:
            for half in t.split("+"):
                yield f"ACTOR_TERMS[{actor}]", half, True, False
    for kind, cues in lexicon.KIND_CUES.items():
        for t in cues:
            yield f"KIND_CUES[{kind}]", t, False, False
    for name, rules in (("KIND_RULES", lexicon.KIND_RULES), ("STRICT", lexicon.KIND_RULES_STRICT)):
        for kind, cues in rules.items():
            for t in cues:
                yield f"{name}[{kind}]", t, False, False
    for t in lexicon.BARRIER_SOFT:
        yield "BARRIER_SOFT", t, False, False
    for name in ("TILTAK_OPENERS", "COMPARATIVE_OPENERS", "IMMIGRANT_SUBJECTS"):
        for t in sorted(getattr(lexicon, name)):
            yield name, t, False, True
    for heading, _kind in lexicon.KIND_HEADINGS:
        yield "KIND_HEADINGS", heading, False, False


_TOP = wordfreq.top_n_list("nb", 400_000)


def prefix_catches(prefix: str, n: int = 6) -> list[str]:
    return [w for w in _TOP if w.startswith(prefix)][:n]


def covered_by_other(list_name: str, entry: str) -> str | None:
    """A prefix entry of the same list that already catches this plain entry."""
    if entry.endswith("*") or " " in entry:
        return None
    siblings = [e for name, e, *_ in entries() if name == list_name and e != entry]
    for other in siblings:
        if other.endswith("*") and entry.startswith(other[:-1]):
            return other
        if not other.endswith("*") and stem(other) == stem(entry):
            return other
    return None


def _use_lexicon(drop: set[tuple[str, str]]) -> None:
    """Point the classifier at the lexicon without the (list, entry) pairs in `drop`.

    Measurement only: it rebinds the classifier's module-level matchers and clears its word cache.
    """

    def keep(name: str, entries: Iterable[str]) -> list[str]:
        return [e for e in entries if (name, e) not in drop]

    clf._THEME_MATCHER = clf._TermMatcher(
        [
            [
                (t, w)
                for t, w in lexicon.THEME_TERMS.get(k, {}).items()
                if (f"THEME_TERMS[{k}]", t) not in drop
            ]
            for k in THEME_KEYS
        ]
    )
    clf._KIND_MATCHER = clf._TermMatcher(
        [
            [(t, 1.0) for t in keep(f"KIND_CUES[{k}]", lexicon.KIND_CUES.get(k, ()))]
            for k in KIND_KEYS
        ]
    )
    clf._RULE_MATCHER = clf._TermMatcher(
        [
            [(t, 1.0) for t in keep(f"{name}[{k}]", rules[k])]
            for name, rules in (
                ("KIND_RULES", lexicon.KIND_RULES),
                ("STRICT", lexicon.KIND_RULES_STRICT),
            )
            for k in ("tiltak", "barriere")
        ]
        + [[(t, 1.0) for t in keep("BARRIER_SOFT", lexicon.BARRIER_SOFT)]]
    )
    clf.TILTAK_OPENERS = frozenset(keep("TILTAK_OPENERS", lexicon.TILTAK_OPENERS))
    clf.COMPARATIVE_OPENERS = frozenset(keep("COMPARATIVE_OPENERS", lexicon.COMPARATIVE_OPENERS))
    clf.KIND_HEADINGS = tuple(
        (h, k) for h, k in lexicon.KIND_HEADINGS if ("KIND_HEADINGS", h) not in drop
    )
    clf.analyse_word.cache_clear()


def _named_in_taxonomy(entry: str, taxonomy: str) -> bool:
    return re.search(rf"\b{re.escape(entry.rstrip('*'))}", taxonomy) is not None


def heldout_without_own_entries(reports: dict[str, Report]) -> None:
    examples = load_labelled()
    taxonomy = TAXONOMY.read_text(encoding="utf-8").lower()
    found = {
        (name, entry): {s for s, r in reports.items() if r.has(entry, parts=parts, exact=exact)}
        for name, entry, parts, exact in entries()
        if not _named_in_taxonomy(entry, taxonomy)
    }
    pred: list[list[str]] = []
    truth: list[tuple[str, ...]] = []
    kind_pred: list[str] = []
    kind_true: list[str] = []
    print(
        "| held-out report | entries only it has | n | primary in set | theme F1 | kind bal. acc. |"
    )
    print("|---|---|---|---|---|---|")
    for source in sorted({e.source for e in examples if e.label_origin == "hand"}):
        own = {key for key, where in found.items() if where == {source}}
        _use_lexicon(own)
        train = [e for e in examples if e.source != source]
        test = [e for e in examples if e.source == source and e.label_origin == "hand"]
        params, _ = select_params(train)
        got = clf.classify_with(
            fit(train, params), [e.text for e in test], groups=[e.group for e in test]
        )
        p = [list(r.themes) for r in got]
        t = [e.themes for e in test]
        kinds = [(r.kind, e.kind) for r, e in zip(got, test, strict=True) if e.kind]
        hit, f1 = theme_metrics(p, t)
        ba = kind_balanced_accuracy([a for a, _ in kinds], [b for _, b in kinds])
        print(f"| {source} | {len(own)} | {len(test)} | {hit:.3f} | {f1:.3f} | {ba:.3f} |")
        pred += p
        truth += t
        kind_pred += [a for a, _ in kinds]
        kind_true += [b for _, b in kinds]
    _use_lexicon(set())
    hit, f1 = theme_metrics(pred, truth)
    ba = kind_balanced_accuracy(kind_pred, kind_true)
    print(f"| **pooled** | | {len(truth)} | {hit:.3f} | {f1:.3f} | {ba:.3f} |")
    for source in sorted({s for where in found.values() for s in where}):
        own = sorted(e for (_, e), where in found.items() if where == {source})
        print(f"\n{source}: {', '.join(dict.fromkeys(own))}")


def main(argv: list[str]) -> None:
    show_all = "--all" in argv
    args = [a for a in argv if not a.startswith("--")]
    reports = {s: Report(t) for s, t in report_texts(Path(args[0]) if args else CORPUS).items()}
    if "--heldout" in argv:
        heldout_without_own_entries(reports)
        return
    taxonomy = TAXONOMY.read_text(encoding="utf-8").lower()
    print("| list | entry | reports | zipf | taxonomy | note |")
    print("|---|---|---|---|---|---|")
    for list_name, entry, parts, exact in entries():
        found = [s for s, r in reports.items() if r.has(entry, parts=parts, exact=exact)]
        base = entry.rstrip("*")
        zipf = wordfreq.zipf_frequency(base, "nb") if " " not in base else float("nan")
        in_taxonomy = _named_in_taxonomy(entry, taxonomy)
        notes = []
        if entry.endswith("*"):
            notes.append("catches " + ", ".join(prefix_catches(base)))
        cover = covered_by_other(list_name, entry)
        if cover:
            notes.append(f"covered by {cover}")
        if not show_all and len(found) > 1 and (zipf > 0 or " " in base) and not cover:
            continue
        print(
            f"| {list_name} | {entry} | {len(found)} {','.join(s[:4] for s in found)} | "
            f"{zipf:.2f} | {'yes' if in_taxonomy else ''} | {'; '.join(notes)} |"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
