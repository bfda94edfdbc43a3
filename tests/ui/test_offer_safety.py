"""Offers as candidates see them when their text is hostile or their end date has passed."""

from __future__ import annotations

from datetime import timedelta

from nicegui import ui
from nicegui.testing import User

from models.clock import today
from models.demo.generator import generate_offers
from models.offers import Offer
from models.offers.publishing import create_offers, publish_offers
from models.offers.queries import get_offer
from models.reference import vocabulary
from tests.schema.graphql import post
from ui.ascii_text import readable_html
from ui.offer_essentials import essentials_html

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
    rendered = [readable_html(element.content) for element in user.find(kind=ui.html).elements]
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


async def test_list_items_show_one_marker_even_on_offers_stored_before_the_rule(
    db: str, user: User
) -> None:
    typed = "<ul><li>- Accompagner les équipes</li><li>• <b>Suivre</b> les dossiers</li>"
    typed += "<li>-5 % de délai</li></ul>"
    [draft] = generate_offers(apprenticeships=1, stages=0, seed=11, today=today())
    draft.post_description = typed
    [offer] = await create_offers([draft])
    await publish_offers([offer])
    stored = await get_offer(offer.reference)
    assert stored is not None
    assert "<li>Accompagner les équipes</li>" in stored.post_description  # cleaned when stored
    # An offer stored before the rule keeps its typed markers in the database...
    await Offer.filter(id=offer.id).update(post_description=typed)

    await user.open(f"/offres/{offer.reference}")
    await user.should_see("Accompagner les équipes")
    # What the browser receives is the element's innerHTML, the content once sanitised again.
    shown = [element.props["innerHTML"] for element in user.find(kind=ui.html).elements]
    description = next(html for html in shown if "Accompagner" in html)
    # ...and is shown with the list's own marker only.
    assert "<li>Accompagner les équipes</li>" in description, description
    assert "<li><b>Suivre</b> les dossiers</li>" in description, description
    assert "<li>-5 % de délai</li>" in description, description  # a number is not a marker
    assert "- Accompagner" not in " ".join(shown)
    # The same in the HTML the server sends for browsers without JavaScript.
    old = await get_offer(offer.reference)
    assert old is not None
    noscript = essentials_html(old, await vocabulary(), ("Rechercher", "/recherche"))
    assert "<li>Accompagner les équipes</li>" in noscript
    assert "- Accompagner" not in noscript
