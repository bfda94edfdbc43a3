"""The export as a reuser reads it: both files parse, hold every live offer and nothing else,
with labels beside codes, absolute addresses and plain texts; a new export replaces the old
one whole, and a failed one leaves it served."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from models.clock import today
from models.demo.generator import generate_offers
from models.offers.publishing import archive_offers, create_offers, publish_offers
from models.opendata import COLUMNS, current_export, export_open_data
from models.opendata.export import export_is_due
from models.reference.geography import commune
from models.reference.tables import Domain
from tests.opendata.catalogue import RICH, load_catalogue, stored_names
from tests.opendata.conftest import SITE


def _csv_rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM, for Excel
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


async def test_both_files_hold_the_live_offers_only(db: str, folder: Path) -> None:
    catalogue = await load_catalogue()
    export = await export_open_data(SITE)

    assert export.count == 3
    rows = _csv_rows(folder / export.file("csv").stored_as)
    assert list(rows[0]) == [c.name for c in COLUMNS]
    live = sorted(o.reference for o in catalogue.live)
    assert sorted(r["reference"] for r in rows) == live

    document = json.loads((folder / export.file("json").stored_as).read_text("utf-8"))
    meta = document["metadonnees"]
    assert meta["nombre_offres"] == 3
    assert meta["licence"]["url"] == "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    assert meta["source"] == f"{SITE}/donnees"
    assert [f["nom"] for f in meta["champs"]] == [c.name for c in COLUMNS]
    assert sorted(o["reference"] for o in document["offres"]) == live
    for excluded in (catalogue.draft, catalogue.archived, catalogue.expired):
        assert excluded.reference not in {r["reference"] for r in rows}


async def test_values_carry_labels_absolute_urls_and_plain_text(db: str, folder: Path) -> None:
    catalogue = await load_catalogue()
    export = await export_open_data(SITE)
    offer = catalogue.live[0]
    row = next(
        r
        for r in _csv_rows(folder / export.file("csv").stored_as)
        if r["reference"] == offer.reference
    )
    document = json.loads((folder / export.file("json").stored_as).read_text("utf-8"))
    item = next(o for o in document["offres"] if o["reference"] == offer.reference)

    assert row["url"] == f"{SITE}/offres/{offer.reference}"
    assert row["type_code"] == offer.type.value and row["type_libelle"] == offer.type.label
    assert row["niveau_diplome_code"] == offer.diploma_level
    assert row["niveau_diplome_libelle"].startswith(f"Niveau {offer.diploma_level} – ")
    assert row["domaine_code"] == offer.domain_id  # type: ignore[attr-defined]
    assert row["domaine_libelle"] and row["administration_libelle"]
    strasbourg = commune("67482")
    assert strasbourg is not None
    assert row["commune_code_insee"] == "67482" and row["ville"] == "Strasbourg"
    assert row["departement_code"] == "67" and row["departement_libelle"] == "Bas-Rhin"
    assert row["region_code"] == "GES" and row["region_libelle"] == "Grand Est"
    assert row["pays_code"] == "FR" and row["pays_libelle"] == "France"
    assert float(row["latitude"]) == strasbourg.latitude
    assert item["latitude"] == strasbourg.latitude  # a number in JSON
    assert row["description_poste"] == "Au sein de la direction :\nrédiger\npublier"
    assert "<" not in row["description_poste"] and row["description_poste"] != RICH
    assert row["date_publication"].startswith(str(offer.published_at)[:10])
    assert row["date_publication"].endswith("+00:00")
    assert offer.duration and row["duree"] == item["duree"] == offer.duration  # « 6 mois »
    # Absent: an empty cell in the CSV, null in the JSON.
    absent = [name for name, value in row.items() if value == ""]
    assert absent and all(item[name] is None for name in absent)
    assert "contact_nom" not in row and "contact_telephone" not in row


async def test_an_empty_catalogue_exports_empty_files(db: str, folder: Path) -> None:
    export = await export_open_data(SITE)
    assert export.count == 0
    assert _csv_rows(folder / export.file("csv").stored_as) == []
    document = json.loads((folder / export.file("json").stored_as).read_text("utf-8"))
    assert document["offres"] == [] and document["metadonnees"]["nombre_offres"] == 0


async def test_a_new_export_replaces_the_old_whole(db: str, folder: Path) -> None:
    assert current_export() is None and await export_is_due(26)
    catalogue = await load_catalogue()
    first = await export_open_data(SITE)
    assert not await export_is_due(26)
    old_csv = folder / first.file("csv").stored_as
    with old_csv.open("rb") as reader_of_the_old_one:  # a download under way
        await archive_offers([catalogue.live[0]])
        second = await export_open_data(SITE)
        assert second.count == 2
        assert current_export() == second
        assert second.file("csv").etag != first.file("csv").etag
        # The old files stay until the next export, so a reader that had read the description
        # still finds them, complete.
        assert old_csv.exists()
        assert reader_of_the_old_one.read().count(b"\r\n") == 4  # header and 3 rows
    third = await export_open_data(SITE)
    assert not old_csv.exists()  # two exports later, gone
    assert third.file("csv").stored_as == second.file("csv").stored_as  # same bytes, same name
    assert [name for name in stored_names(folder) if name.startswith(".")] == []


async def test_a_failed_export_leaves_the_last_one_served(
    db: str, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await load_catalogue()
    first = await export_open_data(SITE)

    # The disk fills up while the JSON is assembled (a failure of the world, not of our code).
    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil, "copyfileobj", disk_full)
    with pytest.raises(OSError):
        await export_open_data(SITE)
    assert current_export() == first
    assert stored_names(folder) == {"offres.meta.json", *(f.stored_as for f in first.files)}


async def test_a_domain_added_since_the_process_started_is_named(db: str, folder: Path) -> None:
    await load_catalogue()
    await export_open_data(SITE)  # the process's vocabulary is read and kept now
    await Domain.create(code="astronomie", label="Astronomie")
    [draft] = generate_offers(apprenticeships=1, stages=0, seed=9, today=today())
    draft.domain = "astronomie"
    [offer] = await publish_offers(await create_offers([draft]))
    export = await export_open_data(SITE)
    rows = _csv_rows(folder / export.file("csv").stored_as)
    row = next(r for r in rows if r["reference"] == offer.reference)
    assert (row["domaine_code"], row["domaine_libelle"]) == ("astronomie", "Astronomie")
