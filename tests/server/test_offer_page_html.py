"""The offer page as a plain HTTP GET returns it: its essentials in the HTML itself (for a
browser without JavaScript, a text browser, a search engine), a French message, and the way
back to the search the candidate came from."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from html import unescape

import httpx
import pytest
from nicegui import core

from models.offers.tables import Offer, OfferVisitDay
from tests.recruiting.helpers import offers_of
from tests.web_app import app

OFFER = "/offres/A-2021-0192"


@pytest.fixture(autouse=True)
async def _nicegui_loop() -> AsyncIterator[None]:
    """NiceGUI's start-up (a lifespan ASGITransport does not run) gives its pages their loop."""
    previous, core.loop = core.loop, asyncio.get_running_loop()
    yield
    core.loop = previous


async def _get(path: str, status: int = 200, **headers: str) -> str:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://pass.test") as client:
        response = await client.get(path, headers=headers)
    assert response.status_code == status
    return response.text


def _noscript(html: str) -> str:
    """The text of the page's <noscript> blocks, tags removed."""
    blocks = re.findall(r"<noscript>(.*?)</noscript>", html, re.S)
    return unescape(re.sub(r"<[^>]+>", " ", " ".join(blocks)))


async def test_the_offer_essentials_are_in_the_html_the_server_sends(demo_db: str) -> None:
    text = " ".join(_noscript(await _get(OFFER)).split())
    for essential in (
        "JavaScript est désactivé",
        "Apprenti Marketing et expérience client/usager (F/H)",
        "Numéro d'offre A-2021-0192",
        "Administration Ministère de l'Intérieur",
        "Service d'affectation Ministère de l'Intérieur - Agence nationale de traitement",
        "Localisation du poste Paris, Île-de-France, FRANCE",
        "Date de publication",
        "Date limite",
        "Écrire au recruteur",
        "E-mail : antai-recrutement@interieur.gouv.fr",
        "Pour candidater, écrivez au contact ci-dessus",
        "Mentions légales",
    ):
        assert essential in text, essential


async def test_every_page_replaces_the_english_message(demo_db: str) -> None:
    pages = {"/": 200, "/recherche": 200, OFFER: 200, "/mentions-legales": 200}
    pages["/cette-page-n-existe-pas"] = 404  # NiceGUI's own error page
    for path, status in pages.items():
        html = await _get(path, status)
        assert "JavaScript est désactivé" in _noscript(html), path
        # NiceGUI's own English message is hidden without JavaScript, and reworded in French
        # for browsers too old to run the page.
        assert "<noscript><style>#esm-fallback { display: none !important; }" in html
        assert "Votre navigateur est trop ancien pour" in html
        assert html.count("JavaScript est désactivé") == 1


async def test_the_way_back_is_the_search_the_candidate_came_from(demo_db: str) -> None:
    came_from = "http://pass.test/recherche?type=stage&q=communication"
    html = await _get(OFFER, referer=came_from)
    assert "Retour aux résultats" in html
    assert '<a href="/recherche?type=stage&amp;q=communication">Retour' in html  # noscript
    # The page's link, in the elements NiceGUI sends (their props HTML-escaped).
    assert '"href":"/recherche?type=stage&amp;q=communication"' in html


async def test_another_site_is_never_the_way_back(demo_db: str) -> None:
    html = await _get(OFFER, referer="https://ailleurs.example/recherche?q=x")
    assert "Retour aux résultats" not in html
    assert "Rechercher d'autres offres" in html
    assert "ailleurs.example" not in html


async def test_serving_the_page_counts_a_visit_of_people_only(db: str) -> None:
    """A number per offer and day goes up with each page served to a browser; robots and
    drafts add nothing, and nothing about the visitor is stored."""
    [offer] = await offers_of("culture")
    [draft] = await offers_of("culture", publish=False, seed=5)
    browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0"
    for agent in (browser, browser, "Mozilla/5.0 (compatible; Googlebot/2.1)", "curl/8.5.0"):
        await _get(f"/offres/{offer.reference}", 200, **{"User-Agent": agent})
    await _get(f"/offres/{draft.reference}", 404, **{"User-Agent": browser})  # not public
    rows = await OfferVisitDay.all().values()
    assert [(r["offer_id"], r["visits"]) for r in rows] == [(offer.id, 2)]
    assert set(rows[0]) == {"id", "offer_id", "day", "visits"}
    assert await Offer.filter(id=draft.id).exists()
