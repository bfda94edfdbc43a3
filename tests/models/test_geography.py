"""The official geography: the COG's 18 regions and 101 departments under the public region
codes, every commune placed, and places found the way people type them."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest

from models.reference import geography
from models.reference.geography import commune, communes, find_places, resolve_place

OVERSEAS = {"971", "972", "973", "974", "976"}


def test_eighteen_regions_and_every_department_in_one_of_them() -> None:
    regions = {r.code: r.name for r in geography.regions()}
    assert len(regions) == 18
    assert len(set(regions) - OVERSEAS) == 13
    assert regions["GES"] == "Grand Est" and regions["IDF"] == "Île-de-France"
    assert regions["974"] == "La Réunion" and regions["20R"] == "Corse"
    departments = geography.departments()
    assert len(departments) == 101
    assert all(d.region_code in regions for d in departments)
    assert {d.code for d in departments} >= {"01", "2A", "2B", "75", *OVERSEAS}
    # The Collectivité européenne d'Alsace is not a region: its departments are in Grand Est.
    assert [geography.department(c).region_code for c in ("67", "68", "57")] == ["GES"] * 3  # type: ignore[union-attr]
    assert geography.region("6AE") is None
    assert set(Counter(d.region_code for d in departments)) == set(regions)


def test_every_commune_has_a_place_in_its_department_and_region() -> None:
    found = communes()
    assert len(found) > 34_000
    assert len({c.code for c in found}) == len(found)
    for c in found:
        department = geography.department(c.department_code)
        assert department is not None and department.region_code == c.region_code, c
        if c.department_code in OVERSEAS:
            assert -22 < c.latitude < 19 and -62 < c.longitude < 56, c
        else:  # metropolitan France and Corsica
            assert 41.3 < c.latitude < 51.1 and -5.2 < c.longitude < 9.6, c
    strasbourg = commune("67482")
    assert strasbourg is not None
    assert (strasbourg.name, strasbourg.region_code, strasbourg.postal_codes) == (
        "Strasbourg",
        "GES",
        ("67000", "67100", "67200"),
    )
    assert abs(strasbourg.latitude - 48.58) < 0.05 and abs(strasbourg.longitude - 7.75) < 0.05


def _names(prefix: str, first: int = 10) -> list[str]:
    return [c.name for c in find_places(prefix, first)]


def test_places_by_name_ignore_accents_case_hyphens_and_saint_abbreviations() -> None:
    assert _names("saint-é", 1) == _names("SAINT E", 1) == ["Saint-Étienne"]
    # « st » is « Saint » and the start of « Strasbourg »: the most populous of both first.
    assert _names("st", 3) == ["Strasbourg", "Saint-Étienne", "Saint-Denis"]
    assert _names("ste", 2) == ["Sainte-Marie", "Sainte-Geneviève-des-Bois"]
    assert _names("st etienne", 2) == ["Saint-Étienne", "Saint-Étienne-du-Rouvray"]
    assert _names("ile", 3)[0].startswith("Île")
    assert _names("besancon", 1) == ["Besançon"]
    # The most populous first: Paris before its arrondissements.
    assert _names("paris", 2) == ["Paris", "Paris 15e Arrondissement"]


def test_places_by_postal_or_insee_code() -> None:
    assert _names("67000") == ["Strasbourg"]
    assert _names("67482") == ["Strasbourg"]
    assert _names("2a00", 1) == ["Ajaccio"]
    by_department = find_places("67", 50)
    assert by_department[0].name == "Strasbourg"
    assert all(c.department_code == "67" or "67" in c.code[:2] for c in by_department)
    assert len(by_department) == 50


@pytest.mark.parametrize(
    ("first", "count"), [(-5, 1), (0, 1), (1, 1), (3, 3), (50, 50), (10_000, 50)]
)
def test_places_asked_for_are_clamped_to_one_to_fifty(first: int, count: int) -> None:
    assert len(find_places("sa", first)) == count


@pytest.mark.parametrize("prefix", ["", "   ", "-'", "zzzzq", "x" * 100, "99999", "Paris" * 21])
def test_places_nothing_for_an_empty_or_unknown_prefix(prefix: str) -> None:
    assert find_places(prefix) == []


def test_resolve_place_by_code_postal_code_or_name() -> None:
    assert resolve_place("67482") == resolve_place("67000") == resolve_place(" strasbourg ")
    assert resolve_place("67482") == commune("67482")
    # A postal code or a name shared by several communes: the most populous.
    assert resolve_place("75015") == commune("75056")
    assert resolve_place("Saint-Denis") == commune("97411")
    assert resolve_place("st denis") == commune("97411")
    assert resolve_place("2a004") == commune("2A004")
    # Both an INSEE code and a postal code: the INSEE code, which `places` gives for it.
    assert resolve_place("67100") == commune("67100") != resolve_place("67000")
    assert all(resolve_place(c.code) == c for c in communes())
    for unknown in ("", "Atlantide", "00000", "6AE", "x" * 1000, "67482" + " " * 200 + "x"):
        assert resolve_place(unknown) is None


def test_importing_the_geography_reads_no_commune() -> None:
    """A web process starts without parsing 35,000 communes; the first look-up does it."""
    script = (
        "from models.reference import geography as g\n"
        "assert g._communes.cache_info().currsize == 0\n"
        "g.regions(); g.departments()\n"
        "assert g._communes.cache_info().currsize == 0\n"
        "assert g.commune('67482').name == 'Strasbourg'\n"
        "assert g._index.cache_info().currsize == 0\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)
