"""The files at their stable addresses, over the real ASGI app: 503 before the first export,
then the current export with validators, 304 for a mirror that has it, and the /donnees page."""

from __future__ import annotations

import csv
import io
import json
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx

from models.offers.publishing import archive_offers
from models.opendata import export_open_data
from tests.opendata.catalogue import load_catalogue
from tests.opendata.conftest import SITE
from tests.web_app import app


async def _get(path: str, headers: dict[str, str] | None = None) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://pass.test") as client:
        return await client.get(path, headers=headers)


async def test_before_the_first_export_a_503_says_when_to_come_back(db: str, folder: Path) -> None:
    for path in ("/donnees/offres.csv", "/donnees/offres.json"):
        response = await _get(path)
        assert response.status_code == 503
        assert response.headers["retry-after"] == "300"
        assert response.headers["content-type"] == "application/json"
        assert "en cours de préparation" in response.json()["message"]
    page = await _get("/donnees")
    assert page.status_code == 200 and "en cours de préparation" in page.text


async def test_the_files_are_served_with_validators(db: str, folder: Path) -> None:
    await load_catalogue()
    export = await export_open_data(SITE)
    day = export.generated_at.astimezone().strftime("%Y")

    response = await _get("/donnees/offres.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["etag"] == export.file("csv").etag
    assert not response.headers["etag"].startswith("W/")
    assert response.headers["cache-control"] == "public, max-age=3600"
    assert parsedate_to_datetime(response.headers["last-modified"]) == export.generated_at
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="pass-offres-' + day)
    assert disposition.endswith('.csv"')
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 3

    response = await _get("/donnees/offres.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["etag"] == export.file("json").etag
    assert len(json.loads(response.content)["offres"]) == 3


async def test_a_mirror_that_has_the_file_gets_a_304(db: str, folder: Path) -> None:
    await load_catalogue()
    export = await export_open_data(SITE)
    etag = export.file("csv").etag

    for sent in (etag, f"W/{etag}", f'"autre", {etag}', "*"):
        response = await _get("/donnees/offres.csv", {"If-None-Match": sent})
        assert response.status_code == 304, sent
        assert response.content == b""
        assert response.headers["etag"] == etag
        assert response.headers["cache-control"] == "public, max-age=3600"
    stale = await _get("/donnees/offres.csv", {"If-None-Match": '"autre"'})
    assert stale.status_code == 200 and stale.content

    since = (await _get("/donnees/offres.json")).headers["last-modified"]
    assert (await _get("/donnees/offres.json", {"If-Modified-Since": since})).status_code == 304
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert (await _get("/donnees/offres.json", {"If-Modified-Since": old})).status_code == 200
    garbled = await _get("/donnees/offres.json", {"If-Modified-Since": "hier"})
    assert garbled.status_code == 200


async def test_a_new_export_changes_the_tag(db: str, folder: Path) -> None:
    catalogue = await load_catalogue()
    first = await export_open_data(SITE)
    await archive_offers([catalogue.live[0]])
    await export_open_data(SITE)
    response = await _get("/donnees/offres.csv", {"If-None-Match": first.file("csv").etag})
    assert response.status_code == 200
    assert response.content.count(b"\r\n") == 3  # header and the 2 offers left


async def test_a_file_removed_by_hand_is_a_503_not_a_crash(db: str, folder: Path) -> None:
    export = await export_open_data(SITE)
    (folder / export.file("json").stored_as).unlink()
    response = await _get("/donnees/offres.json")
    assert response.status_code == 503


async def test_the_page_presents_the_files(db: str, folder: Path) -> None:
    await load_catalogue()
    await export_open_data(SITE)
    page = await _get("/donnees")
    assert page.status_code == 200
    text = page.text
    assert 'href="/donnees/offres.csv"' in text and 'href="/donnees/offres.json"' in text
    assert "3 offre(s) en ligne" in text
    assert "https://www.etalab.gouv.fr/licence-ouverte-open-licence/" in text
    assert "commune_code_insee" in text
    assert 'href="/donnees">Données ouvertes</a>' in text  # the footer's link
