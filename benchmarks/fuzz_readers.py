"""Mutation fuzzing of every document reader: no unhandled exception, bounded time and memory.

Seeds are small files of every format the importer takes: a conference report and an input
report rendered by our own renderers to PDF and DOCX (2 sessions, a few pages), the opening
of each text report in ../shared/corpus, and a Markdown file. Each case takes a seed and
applies one to three mutations (bit flips, byte runs overwritten, truncation, insertion,
duplication of a chunk, a DOCX member's XML mutated and re-zipped, a zip member inflated
into a bomb, random bytes behind a format's magic number) and runs the whole import parser
on it: every case through the reader (`read_document`), every fiftieth through the whole
import parser (`parse_document`: reader, OCR repair, layout, structure). A `DocumentError` is the expected
answer to a broken file; anything else is a failure and is printed with the case's seed.

    .venv/bin/python benchmarks/fuzz_readers.py --cases 100000     # the full run (tens of minutes)
    .venv/bin/python benchmarks/fuzz_readers.py --quick            # 2,000 cases
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from innspill.documents.errors import DocumentError  # noqa: E402
from innspill.documents.readers import read_document  # noqa: E402
from innspill.documents.structure import parse_document  # noqa: E402

CORPUS = Path(os.environ.get("INNSPILL_CORPUS", ROOT.parent / "shared" / "corpus"))


def seeds() -> dict[str, bytes]:
    from innspill.documents.render import sample
    from innspill.documents.render.builders import conference_report, input_report
    from innspill.documents.render.docx import render_docx
    from innspill.documents.render.pdf import render_pdf

    conference = conference_report(sample.conference_data(sessions=2, inputs_per_session=6))
    inputs = input_report(sample.input_data())
    out = {
        "conference.pdf": render_pdf(conference, toc=False),
        "conference.docx": render_docx(conference),
        "input.docx": render_docx(inputs),
        "notes.md": "# Sesjon 1\n\n- Flere lærlingplasser\n- Tolk i helsetjenesten\n".encode(),
    }
    for path in sorted(CORPUS.glob("*.txt")):
        out[path.name] = path.read_bytes()[:6_000]
    return out


def _mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    op = rng.randrange(6)
    if not buf:
        return bytes(rng.randbytes(rng.randint(1, 64)))
    pos = rng.randrange(len(buf))
    if op == 0:  # flip bits
        for _ in range(rng.randint(1, 16)):
            i = rng.randrange(len(buf))
            buf[i] ^= 1 << rng.randrange(8)
    elif op == 1:  # overwrite a run
        run = rng.randbytes(rng.randint(1, 256))
        buf[pos : pos + len(run)] = run
    elif op == 2:  # truncate
        del buf[pos:]
    elif op == 3:  # insert random bytes or a control character run
        insert = rng.choice([rng.randbytes(rng.randint(1, 512)), b"\x00" * 64, b"\f" * 30])
        buf[pos:pos] = insert
    elif op == 4:  # duplicate a chunk many times (long lines, repeated structure)
        chunk = bytes(buf[pos : pos + rng.randint(1, 400)])
        buf[pos:pos] = chunk * rng.randint(2, 200)
    else:  # delete a chunk
        del buf[pos : pos + rng.randint(1, 2_000)]
    return bytes(buf)


def _mutate_docx(data: bytes, rng: random.Random) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    target = rng.choice(sorted(members))
    if rng.random() < 0.1:
        # a bomb: one member that packs tiny and unpacks large
        members[target] = b"<w:p>" + b" " * rng.randint(2, 40) * 1_000_000
    else:
        members[target] = _mutate_bytes(members[target], rng)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def mutate(name: str, data: bytes, rng: random.Random) -> bytes:
    if rng.random() < 0.03:
        magic = rng.choice([b"%PDF-1.7\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"])
        return magic + rng.randbytes(rng.randint(0, 4096))
    for _ in range(rng.randint(1, 3)):
        if name.endswith(".docx") and rng.random() < 0.6:
            try:
                data = _mutate_docx(data, rng)
                continue
            except Exception:  # noqa: BLE001 - any archive an earlier mutation broke
                pass  # already broken by an earlier mutation: mutate the bytes instead
        data = _mutate_bytes(data, rng)
    return data


def run(cases: int, seed: int, parse_every: int = 50) -> int:
    pool = seeds()
    names = sorted(pool)
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    worst = (0.0, "")
    started = time.perf_counter()
    rss_start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory() as folder:
        for case in range(cases):
            rng = random.Random(seed * 1_000_003 + case)
            name = rng.choice(names)
            path = Path(folder) / f"case{Path(name).suffix}"
            path.write_bytes(mutate(name, pool[name], rng))
            t0 = time.process_time()
            try:
                if case % parse_every == 0:
                    parse_document(path)
                else:
                    read_document(path)
                outcomes["parsed"] += 1
            except DocumentError:
                outcomes["refused"] += 1
            except Exception:  # noqa: BLE001 - what the harness is looking for
                outcomes["failed"] += 1
                failures.append(f"case {case} (seed {name}):\n{traceback.format_exc(limit=4)}")
                print("UNHANDLED", failures[-1], flush=True)
            spent = time.process_time() - t0
            if spent > worst[0]:
                worst = (spent, f"case {case} ({name})")
            if (case + 1) % 1_000 == 0:
                print(
                    f"  {case + 1:,} cases, {time.perf_counter() - started:.0f} s, "
                    f"{outcomes['failed']} unhandled, slowest {worst[0]:.2f} s CPU",
                    flush=True,
                )
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"{cases:,} cases in {time.perf_counter() - started:.0f} s: "
        f"{outcomes['parsed']:,} read, {outcomes['refused']:,} refused with a message, "
        f"{outcomes['failed']:,} unhandled"
    )
    print(f"slowest case: {worst[0]:.2f} s CPU ({worst[1]})")
    print(f"peak RSS {rss_peak / 1024:.0f} MB (after loading the seeds: {rss_start / 1024:.0f} MB)")
    for failure in failures[:5]:
        print(failure)
    return 1 if failures else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="2,000 cases")
    args = parser.parse_args()
    sys.exit(run(2_000 if args.quick else args.cases, args.seed))


if __name__ == "__main__":
    main()
