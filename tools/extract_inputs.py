"""Pull candidate inputs from the corpus reports for hand labelling.

Usage: python tools/extract_inputs.py [CORPUS_DIR] > candidates.tsv
       python tools/extract_inputs.py --merge LABELS... > src/innspill/analysis/data/labelled_inputs.jsonl

Writes one candidate per line: id, source, group heading, weak theme (from the session title or
heading), text. The weak theme is only a hint for the labeller. Hand labels are written as
`id|theme|secondary,...|actor,...|t/b/e` lines and merged into
src/innspill/analysis/data/labelled_inputs.jsonl (candidates nobody labelled keep their weak
theme, marked `label_origin: "weak"`). The 2020 report is OCR text: lost ø/å/æ are
restored where a dictionary word results (wordfreq), other lines are left as they are.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
from pathlib import Path

import wordfreq

SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«])")

# Session titles and headings → weak theme (first matching keyword wins).
WEAK_RULES = [
    ("asylsøk", "tilflytting"),
    ("tilflytt", "tilflytting"),
    ("bosett", "tilflytting"),
    ("frivillig", "frivillighet"),
    ("kultur", "kultur_idrett"),
    ("idrett", "kultur_idrett"),
    ("rasisme", "diskriminering"),
    ("diskriminering", "diskriminering"),
    ("holdning", "diskriminering"),
    ("skole", "oppvekst"),
    ("barnevern", "barnevern"),
    ("tvangsekteskap", "sosial_kontroll"),
    ("velferd", "velferd"),
    ("utdanning", "kvalifisering"),
    ("kvalifiser", "kvalifisering"),
    ("læring", "kvalifisering"),
    ("ungdomsledig", "arbeid"),
    ("arbeid", "arbeid"),
    ("jobb", "arbeid"),
    ("helse", "helse"),
    ("gründer", "entreprenorskap"),
    ("næringsliv", "entreprenorskap"),
    ("bolig", "bolig"),
    ("utsatt", "bolig"),
    ("nettverk", "frivillighet"),
    ("bibliotek", "kultur_idrett"),
    ("språk", "sprak"),
    ("retning", "samordning"),
    ("samarbeid", "samordning"),
]


def weak_theme(heading: str) -> str:
    low = heading.lower()
    for key, theme in WEAK_RULES:
        if key in low:
            return theme
    return ""


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("*", "")).strip(" -–•\uf0b7")


def sentences(paragraph: str) -> list[str]:
    return [s for s in (clean(x) for x in SENTENCE_RE.split(paragraph)) if 30 <= len(s) <= 400]


def extract_2015(path: Path) -> list[tuple[str, str]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    titles = {clean(re.sub(r"\.{3,}.*", "", line)) for line in lines[:60] if "....." in line} - {
        "VEDLEGG",
        "Oppsummering",
    }
    out: list[tuple[str, str]] = []
    heading = "Oppsummering"
    paragraph: list[str] = []
    started = False

    def flush() -> None:
        if paragraph:
            out.extend((heading, s) for s in sentences(" ".join(paragraph)))
            paragraph.clear()

    for raw in lines[60:]:
        line = clean(raw)
        if line == "Oppsummering":
            started = True
            continue
        if not started:
            continue
        if line == "VEDLEGG":
            break
        if raw == "":
            continue
        if not line or re.fullmatch(r"\d+", line):
            if raw.strip() == "":
                flush()
            continue
        if line in titles:
            flush()
            heading = line
            continue
        if raw.lstrip().startswith("\uf0b7"):
            flush()
        paragraph.append(line)
    flush()
    return out


def extract_2017(path: Path) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    heading = ""
    session = ""
    body = False
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, raw in enumerate(lines):
        line = clean(raw)
        if not line:
            continue
        if line.startswith("Oppfordringer og tips") and i > 30:
            body = True
            session = line
            continue
        if not body:
            continue
        if line.startswith("Evaluering av konferansen"):
            break
        if line.startswith("Parallellsesjon"):
            session = line
            heading = ""
            continue
        if raw.startswith("- "):
            # A bullet broken over two lines continues on the next non-bullet line.
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            text = line
            if nxt and not nxt.startswith("- ") and nxt[:1].islower():
                text = f"{line} {clean(nxt)}"
            out.append((f"{session} / {heading}".strip(" /"), text))
        elif len(line) < 70 and not line.endswith(".") and not line.startswith("”"):
            heading = line
    return out


def extract_2019(path: Path) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    heading = ""
    article = ""
    in_grep = False
    lines = [clean(x) for x in path.read_text(encoding="utf-8").splitlines()]
    for i, line in enumerate(lines):
        if i < 40 or not line:
            continue
        if line.startswith("GODE GREP"):
            in_grep = True
            heading = line
            continue
        short = len(line) < 60 and not line.endswith((".", "!", "?"))
        if short and not line[:1].isdigit():
            if not in_grep or line.isupper():
                in_grep = False
            heading = line
            if lines[i - 1] == "" and len(line) > 15:
                article = line
            continue
        group = "GODE GREP" if in_grep else f"{article} / {heading}"
        for s in sentences(line):
            out.append((group, s))
    return out


_VOWEL_FIXES = {
    "g": ("ø",),
    "@": ("ø",),
    "a": ("å",),
    "d": ("å",),
    "&": ("å",),
    "8": ("å",),
    "3": ("å",),
    "é": ("å",),
}


def _ocr_variants(word: str) -> list[str]:
    low = word.lower()
    for bad, good in (("ae", "æ"), ("ze", "æ"), ("ee", "æ"), ("nz", "næ")):
        low = low.replace(bad, f"\0{good}") if bad in low else low
    # Keep both spellings of a replaced digraph open.
    pieces = re.split(r"(\0.)", low)
    choices: list[tuple[str, ...]] = []
    for piece in pieces:
        if piece.startswith("\0"):
            choices.append((piece[1],))
            continue
        for ch in piece:
            choices.append((ch, *_VOWEL_FIXES.get(ch, ())))
    variable = sum(1 for c in choices if len(c) > 1)
    if variable > 6:
        return []
    return ["".join(p) for p in itertools.product(*choices)]


def repair_ocr(text: str) -> str:
    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in {"&", "3", "8"}:
            return "å"
        if wordfreq.zipf_frequency(word.lower(), "nb") > 2.5:
            return word
        best = max(_ocr_variants(word), key=lambda w: wordfreq.zipf_frequency(w, "nb"), default="")
        if best and wordfreq.zipf_frequency(best, "nb") > 1.0:
            return best if word[:1].islower() else best[:1].upper() + best[1:]
        return word

    return re.sub(r"[\w@&é]+", fix, text)


def extract_2020(path: Path) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    heading = ""
    paragraph: list[str] = []
    body = False

    def flush() -> None:
        if paragraph and body:
            out.extend((heading, s) for s in sentences(repair_ocr(" ".join(paragraph))))
        paragraph.clear()

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = clean(raw)
        if re.match(r"^\d\. [A-ZÆØÅ]", line):
            flush()
            heading = repair_ocr(line)
            body = line[0] in "345"
            continue
        if line.startswith(("!", "2 https", "3 (liste")):
            flush()
            body = False
            continue
        if not line:
            flush()
            continue
        if raw.lstrip().startswith(("e ", "- ")) or (
            line.endswith(":") is False
            and raw[:1] != " "
            and paragraph
            and paragraph[-1].endswith(".")
        ):
            flush()
        paragraph.append(line[2:] if raw.lstrip().startswith("e ") else line)
    flush()
    return out


SOURCES = {
    "2015-dialogkonferansen-rapport.txt": ("2015-conference", extract_2015),
    "2017-integreringskonferansen-rapport.txt": ("2017-conference", extract_2017),
    "2019-temahefte-innvandring-inkludering-lokal-utvikling.txt": ("2019-booklet", extract_2019),
    "2020-integreringskonferansen-innspillsrapport-ocr.txt": ("2020-input-report", extract_2020),
}


# Residual OCR damage in the 2020 report, repaired by hand (checked against the scan's context).
HAND_REPAIRS = {
    "pd": "på",
    "pa": "på",
    "pad": "på",
    "p&": "på",
    "md": "må",
    "nd": "nå",
    "far": "får",
    "fa": "få",
    "fatt": "fått",
    "gar": "går",
    "ar": "år",
    "&r": "år",
    "Ø": "å",
    "s&": "så",
    "vaere": "være",
    "veaere": "være",
    "gjor": "gjør",
    "ogsa": "også",
    "stgttebelgp": "støttebeløp",
    "stette": "støtte",
    "etterspagrres": "etterspørres",
    "mgtearena": "møtearena",
    "tydeliggjaring": "tydeliggjøring",
    "Sma": "Små",
    "nzeringslivsaktgrene": "næringslivsaktørene",
    "nzeringsaktgrene": "næringsaktørene",
    "neaeringslivet": "næringslivet",
    "neaeringsselskap": "næringsselskap",
    "Igsninger": "løsninger",
    "synliggjare": "synliggjøre",
    "synliggjaring": "synliggjøring",
    "gjennomfart": "gjennomført",
    "morsmalsstgtte": "morsmålsstøtte",
    "farste": "første",
    "tjienester": "tjenester",
    "integreringstilboud": "integreringstilbud",
    "drafte": "drøfte",
    "Imdi": "IMDi",
    "fagsprékundervisning": "fagspråkundervisning",
    "naeringslivsseminar": "næringslivsseminar",
}


def hand_repair(text: str) -> str:
    text = re.sub(r"\b(for|seg) a\b", r"\1 å", text).replace(" a vaere", " å være")
    return re.sub(r"[\w&]+", lambda m: HAND_REPAIRS.get(m.group(0), m.group(0)), text)


def candidates(corpus: Path) -> list[tuple[int, str, str, str]]:
    out = []
    for name, (source, extract) in SOURCES.items():
        for group, text in extract(corpus / name):
            out.append((len(out) + 1, source, group, text))
    return out


def merge(corpus: Path, label_files: list[Path]) -> None:
    """Write labelled_inputs.jsonl lines from `id|theme|secondary,...|actor,...|t/b/e` label lines."""
    kinds = {"t": "tiltak", "b": "barriere", "e": "erfaring"}
    by_id = {c[0]: c for c in candidates(corpus)}
    labelled: set[int] = set()
    for label_file in label_files:
        for line in label_file.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            ident, theme, secondary, actors, kind = line.split("|")
            _, source, group, text = by_id[int(ident)]
            labelled.add(int(ident))
            if source == "2020-input-report":
                text = hand_repair(text)
            record = {
                "text": text,
                "source": source,
                "group": group,
                "theme": theme,
                "themes": [theme, *[t for t in secondary.split(",") if t]],
                "actors": [a for a in actors.split(",") if a],
                "kind": kinds[kind],
                "label_origin": "hand",
            }
            print(json.dumps(record, ensure_ascii=False))
    # Unchecked candidates from headed parts keep a weak theme label from their heading.
    for ident, source, group, text in by_id.values():
        theme = weak_theme(group)
        if ident in labelled or not theme or source == "2020-input-report" or len(text) < 50:
            continue
        record = {
            "text": text,
            "source": source,
            "group": group,
            "theme": theme,
            "themes": [theme],
            "actors": [],
            "kind": None,
            "label_origin": "weak",
        }
        print(json.dumps(record, ensure_ascii=False))


def main() -> None:
    default = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    args = sys.argv[1:]
    if args and args[0] == "--merge":
        merge(default, [Path(a) for a in args[1:]])
        return
    corpus = Path(args[0]) if args else default
    for ident, source, group, text in candidates(corpus):
        print(f"{ident}\t{source}\t{group}\t{weak_theme(group)}\t{text}")


if __name__ == "__main__":
    main()
