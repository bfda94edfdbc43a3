"""The plain HTTP routes over the real ASGI app: Atom feeds, offer attachments, health."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import httpx

from tests.web_app import app

ATOM = "{http://www.w3.org/2005/Atom}"


async def _get(path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://pass.test") as client:
        return await client.get(path)


async def test_feed_of_a_search(demo_db: str) -> None:
    response = await _get("/flux/offres.atom?type=apprentissage&q=marketing")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Apprenti Marketing et expérience client/usager (F/H) – A-2021-0192"
    ]
    link = entries[0].find(f"{ATOM}link")
    assert link is not None and link.get("href") == "http://pass.test/offres/A-2021-0192"
    alternate = feed.find(f"{ATOM}link[@rel='alternate']")
    assert alternate is not None
    assert alternate.get("href") == "http://pass.test/recherche?type=apprentissage&q=marketing"


async def test_feed_lists_the_newest_first(demo_db: str) -> None:
    feed = ET.fromstring((await _get("/flux/offres.atom?type=stage")).content)
    published = [e.findtext(f"{ATOM}published") or "" for e in feed.findall(f"{ATOM}entry")]
    assert len(published) == 50  # the feed's size; 53 stages match
    assert published == sorted(published, reverse=True)
    assert all("S-" in (e.findtext(f"{ATOM}title") or "") for e in feed.findall(f"{ATOM}entry"))


async def test_feed_with_an_unknown_code_is_refused_clearly(demo_db: str) -> None:
    response = await _get("/flux/offres.atom?domaine=astrologie")
    assert response.status_code == 400
    assert "astrologie" in response.text


async def test_attachment_is_downloaded_as_an_attachment(demo_db: str) -> None:
    page = await _get('/graphql?query={offer(reference:"A-2021-0192"){attachments{url}}}')
    url = page.json()["data"]["offer"]["attachments"][0]["url"]
    response = await _get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-disposition"].startswith("attachment;")


async def test_attachment_of_another_offer_is_not_found(demo_db: str) -> None:
    page = await _get('/graphql?query={offer(reference:"A-2021-0192"){attachments{url}}}')
    url: str = page.json()["data"]["offer"]["attachments"][0]["url"]
    attachment_id = url.rsplit("/", 1)[1]
    assert (await _get(f"/offres/S-2026-0001/pieces-jointes/{attachment_id}")).status_code == 404
    assert (await _get("/offres/A-2021-0192/pieces-jointes/999999")).status_code == 404


async def test_health(demo_db: str) -> None:
    response = await _get("/health")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


async def test_a_feed_with_keywords_lists_the_newest_first_not_title_matches_first(
    demo_db: str,
) -> None:
    feed = ET.fromstring((await _get("/flux/offres.atom?q=communication")).content)
    published = [e.findtext(f"{ATOM}published") or "" for e in feed.findall(f"{ATOM}entry")]
    assert len(published) > 2
    assert published == sorted(published, reverse=True)
