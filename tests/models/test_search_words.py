"""Words people use: what a card shows, « bac+N », synonyms and abbreviations, on both engines,
with alerts finding exactly what the search finds; misspelt words get a suggestion, never a
changed search; and migration 0011 gives stored offers their new words."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from tortoise import connections

from models.alerts.matching import facts_of, matches
from models.alerts.search_index import SavedSearchIndex
from models.demo.example_offer import EXAMPLE_REFERENCE
from models.derived_data import forget_derived_data
from models.migrations import __name__ as migrations_package
from models.offers.tables import Offer, OfferStatus
from models.reference.labels import vocabulary
from models.search.criteria import SearchCriteria
from models.search.offers import SearchPage, search_offers


async def _search(**raw: object) -> SearchPage:
    criteria = SearchCriteria.build(**raw, vocabulary=await vocabulary())  # type: ignore[arg-type]
    page = await search_offers(criteria, first=100)
    assert page.total == len(page.offers)  # the demo catalogue fits in a page
    return page


async def _found(keywords: str) -> set[str]:
    """The offers the keywords find, checked against what alerts for them would match."""
    words = await vocabulary()
    criteria = SearchCriteria.build(keywords=keywords, vocabulary=words)
    found = {o.reference for o in (await _search(keywords=keywords)).offers}
    live = {o.reference for o in (await _search()).offers}
    offers = await Offer.filter(status=OfferStatus.PUBLISHED, reference__in=live)
    index = SavedSearchIndex()
    index.put_many([(1, criteria)])
    alerted = {o.reference for o in offers if list(index.matching(facts_of(o))) == [1]}
    assert {o.reference for o in offers if matches(criteria, facts_of(o))} == found, keywords
    assert alerted == found, keywords
    return found


async def _with(**raw: object) -> set[str]:
    return {o.reference for o in (await _search(**raw)).offers}


async def test_what_the_example_offer_card_shows_finds_it(demo_db: str) -> None:
    # Its domain reads « Numérique, digital », its place « Paris, Île-de-France, FRANCE ».
    for keywords in ("marketing digital", "digital", "Île-de-France marketing", "ile de france"):
        assert EXAMPLE_REFERENCE in await _found(keywords), keywords


@pytest.mark.parametrize(
    ("keywords", "level"),
    [
        ("bac+3", "6"),
        ("Bac + 4", "6"),
        ("BAC +2", "5"),
        ("bac+5", "7"),
        ('"niveau 6"', "6"),
    ],
)
async def test_bac_plus_n_finds_exactly_the_offers_of_its_level(
    demo_db: str, keywords: str, level: str
) -> None:
    of_level = await _with(diploma_level=level)
    assert of_level
    assert await _found(keywords) == of_level


async def test_niveau_6_finds_every_offer_of_level_6(demo_db: str) -> None:
    assert await _with(diploma_level="6") <= await _found("niveau 6")


async def test_bac_and_a_number_elsewhere_are_not_bac_plus_n(demo_db: str) -> None:
    # « bac » (level 4, « baccalauréat ») and « 3 » are both in offers of other levels.
    assert await _found("bac 3") != await _found("bac+3")
    assert await _found("bac+9") == set()


async def test_alternance_finds_every_apprenticeship(demo_db: str) -> None:
    apprenticeships = await _with(types=["apprentissage"])
    assert len(apprenticeships) == 24
    assert apprenticeships <= await _found("alternance")
    assert apprenticeships <= await _found("Alternance")


@pytest.mark.parametrize(
    ("abbreviation", "meaning"),
    [
        ("SI", '"systèmes d\'information"'),
        ("BTS", '"brevet de technicien supérieur"'),
        ("DUT", '"diplome universitaire de technologie"'),
        ("informatique", "info"),
        ("comptabilité", "compta"),
    ],
)
async def test_an_abbreviation_and_its_meaning_find_the_same_offers(
    demo_db: str, abbreviation: str, meaning: str
) -> None:
    found = await _found(abbreviation)
    assert found
    assert found == await _found(meaning)


async def test_the_abbreviations_of_the_issue_find_their_offers(demo_db: str) -> None:
    # « rh » is also in mail addresses (« rh@culture.gouv.fr »), found as written.
    assert await _found('"ressources humaines"') <= await _found("RH")
    assert await _with(domains=["rh"]) <= await _found("RH")
    # Level 5 profiles ask for « un BTS ou un BUT ».
    level_5 = await _with(diploma_level="5")
    assert level_5 <= await _found("BTS")
    assert level_5 <= await _found("BUT")
    assert level_5 <= await _found("DUT")
    assert await _found("SI")


async def test_a_department_or_region_name_finds_the_offers_placed_there(demo_db: str) -> None:
    for keywords, criteria in (
        ("Bretagne", {"regions": ["BRE"]}),
        ("Rhône", {"departments": ["69"]}),
        ("paris", {"departments": ["75"]}),
        ("Occitanie", {"regions": ["OCC"]}),
    ):
        placed = await _with(**criteria)
        assert placed, keywords
        assert placed <= await _found(keywords), keywords


async def test_a_misspelt_word_gets_a_suggestion_and_the_search_is_unchanged(
    demo_db: str,
) -> None:
    page = await _search(keywords="numerque")
    assert page.total == 0
    assert page.did_you_mean == "numerique"
    # The rest of the keywords is kept as typed; a word of 9+ letters may be two edits away.
    page = await _search(keywords="Stagiaire informatqiue")
    assert page.total == 0
    assert page.did_you_mean == "Stagiaire informatique"
    # Two neighbours swapped are one edit.
    assert (await _search(keywords="jursite")).did_you_mean == "juriste"
    assert (await _search(keywords="numerique")).total > 0
    assert (await _search(keywords="numerique")).did_you_mean is None


@pytest.mark.parametrize(
    "keywords",
    [
        "zzzzzzzzz",  # nothing near
        "numerqe",  # 7 letters, two edits: too far
        "nmrq",  # too short to guess from
        "de la le",  # only stop words: every offer, nothing to suggest
        "x" * 10_000,
        "<script>alert(1)</script>",
        "stagiaire juriste",  # known words that are never together
        "numerque zzzzzz yyyyyy xxxxxx wwwwww",  # more unknown words than typos
    ],
)
async def test_no_suggestion_when_none_is_useful(demo_db: str, keywords: str) -> None:
    assert (await _search(keywords=keywords)).did_you_mean is None


async def test_the_migration_gives_stored_offers_their_new_words(demo_db: str) -> None:
    from importlib import import_module

    migration = import_module(f"{migrations_package}.0011_offer_search_words")
    client = connections.get("default")
    example = await Offer.get(reference=EXAMPLE_REFERENCE)
    before = (example.search_title, example.search_body)
    # As offers were indexed before: their title and texts only, without labels or synonyms.
    old_body = "le jeu du marketing"
    await Offer.filter(id=example.id).update(search_body=old_body)
    if client.capabilities.dialect != "postgres":
        await client.execute_query(
            "UPDATE offer_fts SET body = ? WHERE rowid = ?", [old_body, example.seq]
        )
    forget_derived_data()
    assert EXAMPLE_REFERENCE not in await _with(keywords="marketing digital")

    await migration.recompute_search_words(None, SimpleNamespace(client=client))
    forget_derived_data()

    example = await Offer.get(reference=EXAMPLE_REFERENCE)
    assert (example.search_title, example.search_body) == before
    assert EXAMPLE_REFERENCE in await _found("marketing digital")
    assert EXAMPLE_REFERENCE in await _found("alternance")
