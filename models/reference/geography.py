"""French regions and departments and the world's countries, with French names, from ISO 3166.

The data come from pycountry (ISO 3166-1 and 3166-2 with their French translations), so nothing
here is typed by hand but the choice of which subdivision kinds count as a region or a
department.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import cache

import pycountry

__all__ = [
    "FRANCE",
    "Country",
    "Department",
    "Region",
    "countries",
    "country",
    "department",
    "departments",
    "region",
    "regions",
]

FRANCE = "FR"

# Overseas territories that are at once a region and a department (ISO 3166-2:FR types).
_OVERSEAS_REGION_DEPARTMENT_TYPES = {
    "Overseas departmental collectivity",
    "Overseas unique territorial collectivity",
}
_CORSICA = "FR-20R"
_PARIS = "FR-75C"


@dataclass(frozen=True, slots=True)
class Region:
    code: str  # ISO 3166-2 code without the "FR-" prefix: "IDF", "971"
    name: str


@dataclass(frozen=True, slots=True)
class Department:
    code: str  # the French department number: "75", "2A", "971"
    name: str
    region_code: str


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name: str


def _short(iso_code: str) -> str:
    return iso_code.removeprefix("FR-")


@cache
def regions() -> tuple[Region, ...]:
    found = [
        Region(_short(s.code), s.name)
        for s in pycountry.subdivisions.get(country_code=FRANCE)  # type: ignore[no-untyped-call]
        if s.type == "Metropolitan region"
        or s.code == _CORSICA
        or s.type in _OVERSEAS_REGION_DEPARTMENT_TYPES
    ]
    return tuple(sorted(found, key=lambda r: _collation_key(r.name)))


@cache
def departments() -> tuple[Department, ...]:
    found: list[Department] = []
    for s in pycountry.subdivisions.get(country_code=FRANCE):  # type: ignore[no-untyped-call]
        if s.type == "Metropolitan department":
            found.append(Department(_short(s.code), s.name, _short(s.parent_code)))
        elif s.code == _PARIS:
            found.append(Department("75", s.name, _short(s.parent_code)))
        elif s.type in _OVERSEAS_REGION_DEPARTMENT_TYPES:
            found.append(Department(_short(s.code), s.name, _short(s.code)))
    return tuple(sorted(found, key=lambda d: d.code))


@cache
def countries() -> tuple[Country, ...]:
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    found = [Country(c.alpha_2, french.gettext(c.name)) for c in pycountry.countries]
    return tuple(sorted(found, key=lambda c: _collation_key(c.name)))


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


def _collation_key(name: str) -> str:
    # Sort "Île-de-France" with the I's, as a French reader expects.
    from models.search.text import fold

    return fold(name)
