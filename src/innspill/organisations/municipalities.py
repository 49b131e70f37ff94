"""The municipality register: today's municipalities and counties, and earlier names mapped to them.

No maintained package ships Norway's municipalities after the 2024 reform (the ones on PyPI
are older than 2024 or read a file from a postal service at run time), so the register is a
data file kept in this repository: `data/kommuner.csv` holds SSB's classification of
municipalities (KLASS 131) valid from 1 January 2024, 357 municipalities; a municipality's
first two digits are its county's number (KLASS 104, 15 counties). `data/kommuner-tidligere.csv`
maps municipalities that were merged away since 2016 to the municipality that holds them
today, so a name read in a report from the corpus years (Tjøme, Sandøy, Flora) finds today's.
Municipalities that were split between several (Snillfjord, Tysfjord) are left out: the
name alone does not say which part a report meant. Read once per process; no network.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

# KLASS 104 from 1 January 2024; the key is the organisation registry's `Region` value.
COUNTIES: dict[str, tuple[str, str]] = {
    "03": ("Oslo", "oslo"),
    "11": ("Rogaland", "rogaland"),
    "15": ("Møre og Romsdal", "more_og_romsdal"),
    "18": ("Nordland", "nordland"),
    "31": ("Østfold", "ostfold"),
    "32": ("Akershus", "akershus"),
    "33": ("Buskerud", "buskerud"),
    "34": ("Innlandet", "innlandet"),
    "39": ("Vestfold", "vestfold"),
    "40": ("Telemark", "telemark"),
    "42": ("Agder", "agder"),
    "46": ("Vestland", "vestland"),
    "50": ("Trøndelag", "trondelag"),
    "55": ("Troms", "troms"),
    "56": ("Finnmark", "finnmark"),
}


@dataclass(frozen=True)
class County:
    number: str
    name: str
    region: str  # organisations.models.Region value


@dataclass(frozen=True)
class Municipality:
    number: str
    name: str  # as SSB writes it, with the Sami or Kven name where it has one

    @property
    def county(self) -> County:
        return county(self.number[:2])

    @property
    def short_name(self) -> str:
        """The Norwegian name alone where SSB gives several («Tromsø», not «Tromsø - Romsa»)."""
        parts = _name_parts(self.name)
        return parts[1] if self.number in _SAMI_FIRST else parts[0]


# Municipalities whose official name puts the Sami or Kven name first.
_SAMI_FIRST = {"1875", "5512", "5516", "5518", "5540", "5610", "5612", "5628", "5636"}


def _name_parts(name: str) -> list[str]:
    name = re.sub(r"\s*\([^)]*\)$", "", name)
    return [part.strip() for part in name.split(" - ")]


def _key(name: str) -> str:
    return re.sub(r"[\s-]+", " ", name.strip().casefold())


def county(number: str) -> County:
    name, region = COUNTIES[number]
    return County(number=number, name=name, region=region)


def counties() -> list[County]:
    return [county(number) for number in COUNTIES]


@cache
def municipalities() -> dict[str, Municipality]:
    """Today's municipalities by number, in number order."""
    with (DATA / "kommuner.csv").open(encoding="utf-8", newline="") as fh:
        return {
            row["nummer"]: Municipality(row["nummer"], row["navn"]) for row in csv.DictReader(fh)
        }


@cache
def _by_name() -> dict[str, list[str]]:
    """Name (today's, each part of a multi-language name, or an earlier one) → numbers."""
    names: dict[str, list[str]] = {}
    for number, municipality in municipalities().items():
        whole = re.sub(r"\s*\([^)]*\)$", "", municipality.name)
        for part in {municipality.name, whole, *_name_parts(municipality.name)}:
            names.setdefault(_key(part), []).append(number)
    current = set(names)
    with (DATA / "kommuner-tidligere.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            # today's municipality of the same name wins: a recent report means it
            for part in {row["tidligere_navn"], *_name_parts(row["tidligere_navn"])}:
                if _key(part) not in current:
                    names.setdefault(_key(part), []).append(row["nummer"])
    return {name: sorted(set(numbers)) for name, numbers in names.items()}


def by_number(number: str) -> Municipality | None:
    return municipalities().get(number)


def lookup(name: str, *, county_number: str = "") -> Municipality | None:
    """Today's municipality for a name as a document writes it, earlier names included.

    «Herøy» names two municipalities; without `county_number` (or a «(Nordland)» in the name)
    such a name finds none rather than a guess.
    """
    text = (name or "").strip()
    text = re.sub(r"\s+kommune$", "", text, flags=re.I)
    in_brackets = re.search(r"\(([^)]*)\)$", text)
    if in_brackets and not county_number:
        wanted = _key(in_brackets.group(1))
        county_number = next((n for n, (cname, _) in COUNTIES.items() if _key(cname) == wanted), "")
    names = _by_name()
    numbers = names.get(_key(text)) or names.get(_key(re.sub(r"\s*\([^)]*\)$", "", text)), [])
    if county_number:
        numbers = [n for n in numbers if n.startswith(county_number)]
    return municipalities()[numbers[0]] if len(numbers) == 1 else None
