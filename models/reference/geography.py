"""French regions, departments and communes from the Code officiel géographique, and the world's
countries with their French names from ISO 3166.

Regions, departments and communes are read from `data/` (built by scripts/build_geography.py from
Etalab's « découpage administratif » and GeoNames positions; see the README's Data section), on
first use: a web process that never looks a commune up never parses the 35,000 of them.
Countries come from pycountry (ISO 3166-1 with its French translations).
"""

from __future__ import annotations

import bisect
import csv
import gettext
import gzip
import heapq
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry

__all__ = [
    "FRANCE",
    "MAX_PLACES",
    "MAX_PLACE_TEXT",
    "Commune",
    "Country",
    "Department",
    "Region",
    "commune",
    "communes",
    "countries",
    "country",
    "department",
    "departments",
    "find_places",
    "place_key",
    "region",
    "regions",
    "resolve_place",
]

FRANCE = "FR"
MAX_PLACES = 50
# The longest commune name has 45 characters: longer text names no place, and is not read.
MAX_PLACE_TEXT = 100
_DATA = Path(__file__).with_name("data")


@dataclass(frozen=True, slots=True)
class Region:
    code: str  # ISO 3166-2 code without the "FR-" prefix: "IDF", "GES", "971"
    name: str


@dataclass(frozen=True, slots=True)
class Department:
    code: str  # the French department number: "75", "2A", "971"
    name: str
    region_code: str


@dataclass(frozen=True, slots=True)
class Commune:
    code: str  # INSEE code « 67482 »
    name: str  # « Strasbourg »
    postal_codes: tuple[str, ...]
    department_code: str  # « 67 »
    region_code: str  # public code « GES »
    latitude: float
    longitude: float
    population: int


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name: str


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((_DATA / name).read_text("utf-8"))))


@cache
def regions() -> tuple[Region, ...]:
    found = [Region(row["code"], row["name"]) for row in _rows("regions.csv")]
    return tuple(sorted(found, key=lambda r: place_key(r.name)))


@cache
def departments() -> tuple[Department, ...]:
    return tuple(
        Department(row["code"], row["name"], row["region_code"]) for row in _rows("departments.csv")
    )


@cache
def countries() -> tuple[Country, ...]:
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    found = [Country(c.alpha_2, french.gettext(c.name)) for c in pycountry.countries]
    return tuple(sorted(found, key=lambda c: place_key(c.name)))


@cache
def _regions_by_code() -> dict[str, Region]:
    return {r.code: r for r in regions()}


@cache
def _departments_by_code() -> dict[str, Department]:
    return {d.code: d for d in departments()}


@cache
def _countries_by_code() -> dict[str, Country]:
    return {c.code: c for c in countries()}


def region(code: str) -> Region | None:
    return _regions_by_code().get(code)


def department(code: str) -> Department | None:
    return _departments_by_code().get(code)


def country(code: str) -> Country | None:
    return _countries_by_code().get(code)


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
# What people type for the saints that name some 4,000 communes.
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


def place_key(name: str) -> str:
    """A place name as compared: folded, words split by one space: « Saint-Étienne » and
    « SAINT ETIENNE » both give « saint etienne »."""
    # Decomposed then encoded as ASCII drops the accents: five times faster than filtering
    # combining characters one by one, which counts when 35,000 names are read at first use.
    plain = unicodedata.normalize("NFKD", name.translate(_LIGATURES)).encode("ascii", "ignore")
    return " ".join(_NOT_ALNUM.sub(" ", plain.decode().lower()).split())


def _keys(text: str) -> set[str]:
    """What a typed name may stand for: itself, and with « St »/« Ste » read as « Saint »/
    « Sainte » (« st etienne »). Both, because « st » may also be the start of « Strasbourg »."""
    key = place_key(text)
    words = key.split()
    return {key, " ".join(_ABBREVIATIONS.get(w, w) for w in words)} - {""}


@dataclass(frozen=True, slots=True)
class _Communes:
    all: tuple[Commune, ...]
    by_code: dict[str, Commune]
    by_postal_code: dict[str, list[Commune]]  # most populous first


@dataclass(frozen=True, slots=True)
class _Index:
    # Sorted (key, position in `all`) pairs, searched by prefix with bisect.
    names: list[tuple[str, int]]
    codes: list[tuple[str, int]]  # INSEE and postal codes alike
    by_name: dict[str, list[Commune]]  # most populous first


@cache
def _communes() -> _Communes:
    region_of = {d.code: d.region_code for d in departments()}
    with gzip.open(_DATA / "communes.csv.gz", "rt", encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        next(rows)  # code, name, postal_codes, department_code, latitude, longitude, population
        found = tuple(
            Commune(
                code,
                name,
                tuple(postal.split()),
                dep,
                region_of[dep],
                float(lat),
                float(lng),
                int(population),
            )
            for code, name, postal, dep, lat, lng, population in rows
        )
    by_postal_code: dict[str, list[Commune]] = {}
    for c in found:
        for postal_code in c.postal_codes:
            by_postal_code.setdefault(postal_code, []).append(c)
    for group in by_postal_code.values():
        group.sort(key=lambda c: -c.population)
    return _Communes(found, {c.code: c for c in found}, by_postal_code)


@cache
def _index() -> _Index:
    found = _communes().all
    names = sorted((place_key(c.name), i) for i, c in enumerate(found))
    codes = sorted({(code, i) for i, c in enumerate(found) for code in (c.code, *c.postal_codes)})
    by_name: dict[str, list[Commune]] = {}
    for key, i in names:
        by_name.setdefault(key, []).append(found[i])
    for group in by_name.values():
        group.sort(key=lambda c: -c.population)
    return _Index(names, codes, by_name)


def communes() -> tuple[Commune, ...]:
    return _communes().all


def commune(code: str) -> Commune | None:
    return _communes().by_code.get(code.strip().upper())


# An INSEE code (« 2A004 ») or a postal code (« 67000 »), or the start of one.
_CODE_PREFIX = re.compile(r"[0-9][0-9AB]?[0-9]{0,3}")


def find_places(prefix: str, first: int = 10) -> list[Commune]:
    """Communes whose name, INSEE code or postal code starts with `prefix` (names compared
    without accents, case or punctuation), the most populous first; at most `first`, clamped
    to 1..MAX_PLACES."""
    first = min(max(first, 1), MAX_PLACES)
    text = prefix.strip().upper()
    if not text or len(text) > MAX_PLACE_TEXT:
        return []
    index, found = _index(), _communes().all
    if _CODE_PREFIX.fullmatch(text):
        positions = {i for _, i in _prefixed(index.codes, text)}
    else:
        positions = {i for key in _keys(text) for _, i in _prefixed(index.names, key)}
    return [found[i] for i in heapq.nlargest(first, positions, key=lambda i: found[i].population)]


def _prefixed(pairs: list[tuple[str, int]], prefix: str) -> list[tuple[str, int]]:
    start = bisect.bisect_left(pairs, (prefix, -1))
    end = bisect.bisect_left(pairs, (prefix + "\U0010ffff", -1), lo=start)
    return pairs[start:end]


def resolve_place(text: str) -> Commune | None:
    """The commune `text` names: an INSEE code, a postal code (its most populous commune) or a
    commune's name (the most populous of that name); None if none.

    An INSEE code wins over the same postal code (2,992 five-digit strings are both: « 67100 »
    is Donnenheim's INSEE code and one of Strasbourg's postal codes), so that the code
    `find_places` gives for a commune always names that commune."""
    code = text.strip().upper()
    if not code or len(code) > MAX_PLACE_TEXT:
        return None
    data = _communes()
    if code in data.by_code:
        return data.by_code[code]
    if code in data.by_postal_code:
        return data.by_postal_code[code][0]
    by_name = _index().by_name
    named = [c for key in _keys(text) for c in by_name.get(key, ())]
    return max(named, key=lambda c: c.population, default=None)
