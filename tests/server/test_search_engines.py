"""What search engines read, over the real ASGI app: an offer page's JobPosting JSON-LD, meta
description, canonical address and noindex once expired; /sitemap.xml; /robots.txt."""

from __future__ import annotations

import asyncio
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest
from nicegui import core

from models.clock import now, today
from models.demo.generator import generate_offers
from models.offers import live_offer_parts, live_offers_of_part
from models.offers.publishing import OfferDraft, create_offers, publish_offers
from models.offers.tables import Offer, OfferStatus
from tests.web_app import app

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOSTILE_TITLE = 'Stage </script><script>alert("x")</script> & <!-- « RH »'


@pytest.fixture(autouse=True)
async def _nicegui_loop() -> AsyncIterator[None]:
    """NiceGUI's start-up (a lifespan ASGITransport does not run) gives its pages their loop."""
    previous, core.loop = core.loop, asyncio.get_running_loop()
    yield
    core.loop = previous


async def _get(path: str, **headers: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://pass.test") as client:
        return await client.get(path, headers=headers)


class _Head(HTMLParser):
    """The JSON-LD scripts, meta tags and canonical link of a page, as a browser reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.json_ld: list[str] = []
        self.meta: dict[str, str] = {}
        self.canonical: list[str] = []
        self._in_json_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "script" and a.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")
        elif tag == "meta" and "name" in a:
            self.meta[a["name"]] = a.get("content", "")
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a["href"])

    def handle_data(self, data: str) -> None:
        if self._in_json_ld:
            self.json_ld[-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_json_ld = False


async def _head(reference: str) -> tuple[_Head, str]:
    response = await _get(f"/offres/{reference}")
    assert response.status_code == 200
    head = _Head()
    head.feed(response.text)
    return head, response.text


async def _publish(draft: OfferDraft) -> Offer:
    [offer] = await create_offers([draft])
    await publish_offers([offer])
    return offer


def _draft(seed: int, **changes: Any) -> OfferDraft:
    [draft] = generate_offers(apprenticeships=0, stages=1, seed=seed, today=today())
    for name, value in changes.items():
        setattr(draft, name, value)
    return draft


async def test_an_offer_page_carries_its_job_posting(db: str) -> None:
    draft = _draft(
        31,
        title=HOSTILE_TITLE,
        city="Strasbourg",
        commune_code="67482",
        department_code="67",
        region_code="GES",
        country_code="FR",
        post_description="<p>Accompagner le service RH </script> & les équipes.</p>",
        expires_on=today() + timedelta(days=20),
    )
    offer = await _publish(draft)
    head, html = await _head(offer.reference)

    # The hostile title cannot close the script: it is one JSON document, read back intact.
    assert len(head.json_ld) == 1
    assert "</script><script>alert" not in html
    posting = json.loads(head.json_ld[0])
    assert not re.search(r"[<>&]", head.json_ld[0])
    assert posting["@type"] == "JobPosting"
    assert posting["title"] == HOSTILE_TITLE
    # The description is the offer's sanitised rich text (HTML, as Google reads it).
    assert "<p>Accompagner le service RH" in posting["description"]
    assert "<script" not in posting["description"]
    assert posting["employmentType"] == "INTERN"
    assert posting["identifier"]["value"] == offer.reference
    assert posting["hiringOrganization"]["@type"] == "Organization"
    assert posting["hiringOrganization"]["name"]
    assert posting["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Strasbourg",
        "postalCode": "67000",
        "addressRegion": "Grand Est",
        "addressCountry": "FR",
    }
    assert posting["datePosted"] == today().isoformat()
    valid_through = datetime.fromisoformat(posting["validThrough"])
    assert valid_through.date() == today() + timedelta(days=20)
    assert valid_through > now()
    assert posting["url"] == f"http://pass.test/offres/{offer.reference}"

    assert head.canonical == [f"http://pass.test/offres/{offer.reference}"]
    assert head.meta["description"].startswith("Stage – ")
    assert "Strasbourg : Accompagner le service RH" in head.meta["description"]
    assert len(head.meta["description"]) <= 160
    assert "robots" not in head.meta  # a live offer is indexed
    # The page's title names the offer.
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title is not None and offer.reference in title.group(1)


async def test_an_apprenticeship_is_other_employment(db: str) -> None:
    [draft] = generate_offers(apprenticeships=1, stages=0, seed=32, today=today())
    offer = await _publish(draft)
    head, _ = await _head(offer.reference)
    assert json.loads(head.json_ld[0])["employmentType"] == "OTHER"


async def test_an_expired_offer_says_so_to_search_engines(db: str) -> None:
    draft = _draft(33, expires_on=today() + timedelta(days=2))
    offer = await _publish(draft)
    await Offer.filter(id=offer.id).update(expires_on=today() - timedelta(days=3))
    head, html = await _head(offer.reference)
    posting = json.loads(head.json_ld[0])
    assert datetime.fromisoformat(posting["validThrough"]) < now()
    assert head.meta["robots"] == "noindex"
    assert "Offre expirée" in html  # in the HTML itself, readable without JavaScript


async def test_a_withdrawn_offer_closes_when_it_was_withdrawn(db: str) -> None:
    offer = await _publish(_draft(34, expires_on=today() + timedelta(days=30)))
    await Offer.filter(id=offer.id).update(status=OfferStatus.ARCHIVED)
    head, _ = await _head(offer.reference)
    assert datetime.fromisoformat(json.loads(head.json_ld[0])["validThrough"]) <= now()
    assert head.meta["robots"] == "noindex"


async def test_an_unknown_offer_is_not_indexed(db: str) -> None:
    head = _Head()
    head.feed((await _get("/offres/S-1999-9999")).text)
    assert head.meta["robots"] == "noindex" and head.json_ld == []


def _locations(xml: bytes, element: str) -> list[str]:
    root = ET.fromstring(xml)
    return [e.findtext(f"{SITEMAP}loc") or "" for e in root.findall(f"{SITEMAP}{element}")]


async def test_the_sitemap_lists_live_offers_and_static_pages_only(db: str) -> None:
    live = await _publish(_draft(35, expires_on=today() + timedelta(days=5)))
    expired = await _publish(_draft(36, expires_on=today() + timedelta(days=5)))
    await Offer.filter(id=expired.id).update(expires_on=today() - timedelta(days=1))
    withdrawn = await _publish(_draft(37))
    await Offer.filter(id=withdrawn.id).update(status=OfferStatus.ARCHIVED)
    [draft_only] = await create_offers([_draft(38)])  # never published

    index = await _get("/sitemap.xml")
    assert index.status_code == 200
    assert index.headers["content-type"] == "application/xml; charset=utf-8"
    assert ET.fromstring(index.content).tag == f"{SITEMAP}sitemapindex"
    parts = _locations(index.content, "sitemap")
    assert parts == [
        "http://pass.test/sitemaps/pages.xml",
        "http://pass.test/sitemaps/offres-1.xml",
    ]

    pages = _locations((await _get("/sitemaps/pages.xml")).content, "url")
    assert "http://pass.test/recherche" in pages and "http://pass.test/accessibilite" in pages

    response = await _get("/sitemaps/offres-1.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    assert _locations(response.content, "url") == [f"http://pass.test/offres/{live.reference}"]
    lastmod = root.findtext(f"{SITEMAP}url/{SITEMAP}lastmod") or ""
    assert datetime.fromisoformat(lastmod).date() == today()
    for hidden in (expired, withdrawn, draft_only):
        assert hidden.reference not in response.text

    # A part with no live offer is gone, not an empty (invalid) file.
    assert (await _get("/sitemaps/offres-2.xml")).status_code == 404


async def test_sitemap_parts_never_exceed_their_size(db: str) -> None:
    drafts = generate_offers(apprenticeships=3, stages=4, seed=39, today=today())
    offers = await create_offers(drafts)
    await publish_offers(offers)
    gone = offers[2]
    await Offer.filter(id=gone.id).update(status=OfferStatus.ARCHIVED)
    parts = await live_offer_parts(per_part=3)
    assert parts == [1, 2, 3]
    listed = []
    for part in parts:
        chunks = [chunk async for chunk in live_offers_of_part(part, per_part=3)]
        listed.append([o.reference for chunk in chunks for o in chunk])
    assert all(len(part) <= 3 for part in listed)
    flat = [reference for part in listed for reference in part]
    assert sorted(flat) == sorted(o.reference for o in offers if o.id != gone.id)


async def test_an_empty_catalogue_has_an_index_of_static_pages(db: str) -> None:
    index = await _get("/sitemap.xml")
    assert _locations(index.content, "sitemap") == ["http://pass.test/sitemaps/pages.xml"]


async def test_robots_points_at_the_sitemap(db: str) -> None:
    response = await _get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert "Sitemap: http://pass.test/sitemap.xml" in lines
    assert "User-agent: *" in lines
    assert "Disallow: /mon-compte" in lines
    assert "Disallow: /recherche?" in lines
    assert "Disallow: /recruteur/offres" in lines and "Disallow: /invitation" in lines
    assert not any(line == "Disallow: /" for line in lines)
