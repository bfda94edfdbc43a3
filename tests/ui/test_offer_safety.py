"""Offers as candidates see them when their text is hostile or their end date has passed."""

from __future__ import annotations

from datetime import timedelta

from nicegui import ui
from nicegui.testing import User

from models.clock import today
from models.demo.generator import generate_offers
from models.offers.publishing import create_offers, publish_offers
from models.offers.queries import get_offer
from tests.schema.graphql import post

HOSTILE = (
    '<p onclick="steal()">Bonjour <script>alert("xss")</script><b>tous</b></p>'
    '<a href="javascript:alert(1)">lien</a><img src=x onerror="alert(2)">'
    '<a href="https://www.service-public.fr" onmouseover="x()">site</a><style>p{}</style>'
)


def _assert_harmless(html: str) -> None:
    lowered = html.lower()
    for bad in ("<script", "onclick", "onerror", "onmouseover", "javascript:", "<img", "<style"):
        assert bad not in lowered, (bad, html)


async def _hostile_offer() -> str:
    [draft] = generate_offers(apprenticeships=1, stages=0, seed=9, today=today())
    draft.employer_description = HOSTILE
    draft.post_description = HOSTILE
    draft.profile = HOSTILE
    [offer] = await create_offers([draft])
    await publish_offers([offer])
    return offer.reference


async def test_scripts_and_handlers_never_reach_a_page(db: str, user: User) -> None:
    reference = await _hostile_offer()
    stored = await get_offer(reference)
    assert stored is not None
    _assert_harmless(stored.employer_description)
    assert "<b>tous</b>" in stored.employer_description  # formatting is kept
    assert 'href="https://www.service-public.fr"' in stored.employer_description

    query = (
        "query($r: String!) { offer(reference: $r) "
        "{ employerDescription postDescription profile } }"
    )
    body = await post(query, {"r": reference})
    for html in body["data"]["offer"].values():
        _assert_harmless(html)

    await user.open(f"/offres/{reference}")
    await user.should_see("Bonjour")
    rendered = [element.content for element in user.find(kind=ui.html).elements]
    assert rendered, "the rich-text fields are on the page"
    for html in rendered:
        _assert_harmless(html)


async def test_expired_offer_keeps_its_page_with_a_notice(db: str, user: User) -> None:
    [draft] = generate_offers(apprenticeships=0, stages=1, seed=10, today=today())
    draft.expires_on = today() - timedelta(days=3)
    [offer] = await create_offers([draft])
    await publish_offers([offer])
    await user.open(f"/offres/{offer.reference}")
    await user.should_see("Offre expirée")
    await user.should_see(offer.title)
    await user.open("/recherche")
    await user.should_see("Aucune offre ne correspond à votre recherche")
