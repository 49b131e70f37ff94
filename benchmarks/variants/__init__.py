"""Generated conference reports in many layouts, to measure the importer on documents that
no one tuned it on (issue 16, item 2).

A variant is a seed and a format. The seed draws the content (`content.make_content`: the
truth a perfect importer would read back) and, independently, the layout
(`layout.choose_layout`); the format is plain text, DOCX, text PDF or a scan at 200 or
300 dpi (`writers`). The same seed always gives the same files.

Seeds are split in two, and the split is the point of the benchmark:

* DEV_SEEDS (0–99) are the ones to look at, debug on and write tests against;
* HELD_OUT_SEEDS come from a range far away (1,000,000 on) that no one looks at while
  changing the importer. Only their scores are read, never their files; the benchmark
  prints per-variant figures for held-out seeds only as numbers and layout names. If a
  held-out variant has to be inspected to understand a failure, move the range (say to
  2,000,000) afterwards, so the held-out scores stay unseen.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from benchmarks.variants.content import Truth, content_from_report, make_content
from benchmarks.variants.layout import Element, Layout, build, choose_layout
from benchmarks.variants.writers import FORMATS, write

DEV_SEEDS = range(0, 100)
HELD_OUT_SEEDS = range(1_000_000, 1_000_100)

__all__ = [
    "DEV_SEEDS",
    "FORMATS",
    "HELD_OUT_SEEDS",
    "Element",
    "Layout",
    "Truth",
    "Variant",
    "build",
    "choose_layout",
    "content_from_report",
    "make_content",
    "make_variant",
]


@dataclass
class Variant:
    seed: int
    format: str
    path: Path
    truth: Truth
    layout: Layout


def make_variant(seed: int, fmt: str, directory: Path, *, content: Truth | None = None) -> Variant:
    """Write variant `seed` as `fmt` into `directory`; `content` replaces the made-up one
    (see `content.content_from_report`), and the seed then draws only the layout."""
    truth = content or make_content(seed)
    layout = choose_layout(seed)
    elements = build(truth, layout)
    name = f"variant-{seed}-{fmt}" if content is None else f"variant-{seed}-{fmt}-own"
    path = write(elements, truth, layout, fmt, directory / name)
    return Variant(seed, fmt, path, truth, layout)
