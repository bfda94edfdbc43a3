"""The words that matched, marked as the search matches them, in text that stays text."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from models.offers.sanitize import sanitize_html
from models.offers.tables import Offer
from models.search.highlights import EXTRACT_LENGTH, highlight_offer, plain_text
from models.search.text import html_to_text, parse_keywords
from tests.services import fresh_database


@pytest_asyncio.fixture(loop_scope="session", scope="module")
async def models(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[None]:
    # Offers are built, never stored: the models need an initialised ORM, nothing more.
    async with fresh_database("sqlite", tmp_path_factory.mktemp("db")):
        yield


def _offer(title: str, post: str = "", profile: str = "", service: str = "") -> Offer:
    return Offer(title=title, post_description=post, profile=profile, service=service)


async def test_words_are_marked_as_the_search_finds_them(models: None) -> None:
    offer = _offer(
        "Ingénieur des systèmes d'information",
        post="<p>Rejoignez nos INGÉNIEURS réseau.</p>",
    )
    found = highlight_offer(offer, parse_keywords("ingénieurs systeme"))
    assert found is not None
    assert found.title == "<mark>Ingénieur</mark> des <mark>systèmes</mark> d&#x27;information"
    assert found.extract == "Rejoignez nos <mark>INGÉNIEURS</mark> réseau."


async def test_the_offer_text_is_escaped_and_only_marks_are_added(models: None) -> None:
    offer = _offer(
        "<script>alert(1)</script> Juriste & stagiaire",
        post="<p>&lt;b&gt;Juriste&lt;/b&gt; &amp; co <i>juristes</i></p>",
    )
    found = highlight_offer(offer, parse_keywords("juriste script"))
    assert found is not None
    assert found.title == (
        "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; "
        "<mark>Juriste</mark> &amp; stagiaire"
    )
    # The body's markup is dropped, its escaped text shown as text.
    assert found.extract == (
        "&lt;b&gt;<mark>Juriste</mark>&lt;/b&gt; &amp; co <mark>juristes</mark>"
    )
    assert "<script" not in found.title + found.extract


async def test_the_extract_is_a_window_around_the_first_match(models: None) -> None:
    before = " ".join(f"mot{i}" for i in range(80))
    after = " ".join(f"suite{i}" for i in range(80))
    offer = _offer("Juriste", post=f"<p>{before} archives {after}</p>")
    found = highlight_offer(offer, parse_keywords("archive"))
    assert found is not None and found.extract is not None
    assert found.title == "Juriste"
    assert found.extract.startswith("…mot") and found.extract.endswith("…")
    assert "<mark>archives</mark>" in found.extract
    shown = found.extract.replace("<mark>", "").replace("</mark>", "")
    assert EXTRACT_LENGTH - 20 <= len(shown) <= EXTRACT_LENGTH + 2


async def test_a_match_in_the_title_only_has_no_extract_and_no_keywords_no_highlights(
    models: None,
) -> None:
    offer = _offer("Juriste", post="<p>Droit public.</p>", profile="<p>Master.</p>")
    found = highlight_offer(offer, parse_keywords("juriste"))
    assert found is not None and found.extract is None
    assert highlight_offer(offer, parse_keywords("")) is None
    assert highlight_offer(offer, parse_keywords("le la")) is None  # stop words only
    later = highlight_offer(offer, parse_keywords("master"))
    assert later is not None and later.extract == "<mark>Master</mark>."  # the profile's
    phrase = highlight_offer(offer, parse_keywords('"droit public"'))
    assert phrase is not None and phrase.extract == "<mark>Droit</mark> <mark>public</mark>."


async def test_the_plain_text_of_sanitised_html_is_what_the_html_parser_reads(
    demo_db: str,
) -> None:
    offers = await Offer.all()
    tricky = [
        '<p>Un <a href="https://x.fr/?a=1&amp;b=2" title="a > b">lien</a> &amp; <b>gras</b>'
        "&nbsp;ici</p><ul><li>un</li><li>deux</li></ul>Fin&lt;script&gt;<br>Ligne",
        "Texte sans balise &eacute;",
    ]
    fields = ("post_description", "profile", "employer_description", "additional_information")
    htmls = [sanitize_html(h) for h in tricky] + [getattr(o, f) for o in offers for f in fields]
    assert len(htmls) > 200
    for html in htmls:
        assert plain_text(html) == " ".join(html_to_text(html).split()), html


async def test_an_offer_found_through_a_synonym_shows_its_own_words(models: None) -> None:
    offer = _offer(
        "Assistant ressources humaines",
        post="<p>Au sein de la direction des systèmes d'information, en alternance.</p>",
    )
    found = highlight_offer(offer, parse_keywords("RH"))
    assert found is not None
    assert found.title == "Assistant <mark>ressources</mark> <mark>humaines</mark>"
    # A group contains the groups its terms hold: « DSI » marks « systèmes d'information ».
    found = highlight_offer(offer, parse_keywords('"DSI" apprentissage'))
    assert found is not None
    assert found.extract == (
        "Au sein de la <mark>direction</mark> des <mark>systèmes</mark> "
        "d&#x27;<mark>information</mark>, en <mark>alternance</mark>."
    )
    # Part of a term is not the term: « ressources » alone does not mark « RH » words.
    found = highlight_offer(_offer("Stage RH, gestion des ressources"), parse_keywords("gestion"))
    assert found is not None
    assert found.title == "Stage RH, <mark>gestion</mark> des ressources"
