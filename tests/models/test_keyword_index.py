"""The facet index answers words from its own term bitmaps: held to the full-text engine's
answers (SQLite FTS5, PostgreSQL tsvector), built at once or learnt offer by offer."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyroaring import BitMap

from models.clock import now
from models.offers.publishing import archive_offers, create_offers, publish_offers
from models.offers.tables import Offer, OfferStatus
from models.reference.labels import vocabulary
from models.search.criteria import SearchCriteria
from models.search.facet_index import (
    build_facet_index,
    current_facet_index,
    forget_facet_index,
    settled_facet_index,
)
from models.search.fulltext import (
    find_keyword_hits,
    index_offer_text,
    unindex_offer_text,
    word_terms,
)
from models.search.offers import _keyword_hits, search_offers
from models.search.ordering import SearchOrder
from models.search.published_offers import COLUMNS, indexed
from models.search.text import KeywordQuery, parse_keywords, words
from tests.models.test_fulltext import CASES, OFFERS, fulltext_drafts
from tests.services import ENGINES, fresh_database

# Words of the demo catalogue's texts, with a few that are in no offer, stop words, words
# whose stems or accents differ, synonyms and abbreviations, and « bac+N ».
EXTRA = [
    "zzzinconnu", "de", "la", "stagiaires", "numérique", "œuvre", "chargée", "2024",
    "alternance", "RH", "SI", "BUT", "compta", "bac+3", "bac + 5", "Bac+2", "niveau",
]  # fmt: skip


async def _demo_words() -> list[str]:
    found: dict[str, None] = {}
    for offer in await Offer.filter(status=OfferStatus.PUBLISHED).limit(40):
        for word in words(offer.search_title + " " + offer.search_body):
            found.setdefault(word, None)
    return [*found, *EXTRA]


@st.composite
def keyword_boxes(draw: st.DrawFn, vocabulary: list[str]) -> str:
    chosen = draw(st.lists(st.sampled_from(vocabulary), min_size=1, max_size=3))
    return " ".join(chosen)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
async def test_the_index_finds_what_the_full_text_engine_finds(
    demo_db: str, data: st.DataObject
) -> None:
    index = await settled_facet_index()
    assert index.terms_loaded
    box = data.draw(keyword_boxes(await _demo_words()))
    query = parse_keywords(box)
    if not query:
        return
    ours = await _keyword_hits(query, index)
    theirs = await find_keyword_hits(query)
    live = index.published
    assert ours.anywhere & live == theirs.anywhere & live, box
    assert ours.in_title & live == theirs.in_title & live, box


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
async def test_every_order_is_the_same_from_the_index_and_from_the_engine(
    demo_db: str, data: st.DataObject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before a process has read its terms, the full-text engine answers keywords: pages in
    every order must be those the index gives once it has."""
    settled = await settled_facet_index()
    assert settled.terms_loaded
    box = data.draw(keyword_boxes(await _demo_words()))
    order = data.draw(st.sampled_from([o for o in SearchOrder if o is not SearchOrder.DISTANCE]))
    criteria = SearchCriteria.build(keywords=box, vocabulary=await vocabulary())
    ours = await search_offers(criteria, first=30, order=order)
    unread = await build_facet_index(terms=False)
    with monkeypatch.context() as patched:
        patched.setattr("models.search.facet_index._index", unread)
        theirs = await search_offers(criteria, first=30, order=order)
    assert [o.reference for o in ours.offers] == [o.reference for o in theirs.offers], box
    assert (ours.total, ours.cursors) == (theirs.total, theirs.cursors), box


@pytest_asyncio.fixture(loop_scope="session", params=ENGINES, scope="module")
async def learnt(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    """The keyword tests' offers, published into an index built before them: it learns each
    offer's terms as it is published, without reading the engine's whole index again."""
    async with fresh_database(request.param, tmp_path_factory.mktemp("db")):
        forget_facet_index()
        index = await settled_facet_index()
        assert len(index) == 0 and index.terms_loaded
        await publish_offers(await create_offers(fulltext_drafts()))
        assert await current_facet_index() is index
        assert len(index) == len(OFFERS)
        yield request.param


async def _references(keywords: str) -> list[str]:
    criteria = SearchCriteria.build(keywords=keywords, vocabulary=await vocabulary())
    page = await search_offers(criteria, first=100)
    return [o.reference for o in page.offers]


@pytest.mark.parametrize(("keywords", "expected"), CASES, ids=[c[0] or "<none>" for c in CASES])
async def test_offers_published_into_a_built_index_are_found_by_their_words(
    learnt: str, keywords: str, expected: list[str]
) -> None:
    assert await _references(keywords) == expected


async def test_an_edit_made_elsewhere_changes_the_words_an_offer_is_found_by(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    offers = await create_offers(fulltext_drafts(3))
    await publish_offers(offers)
    assert await _references("stagiaire") == ["S-T-01"]
    assert (await settled_facet_index()).terms_loaded

    # Another process edits S-T-01, as update_offer does: new texts, re-indexed, updated_at.
    stored = await Offer.get(reference="S-T-01")
    assert stored.seq is not None
    await unindex_offer_text([stored.seq])
    await index_offer_text([(stored.seq, "archiviste", "gestion des archives")])
    await Offer.filter(id=stored.id).update(
        search_title="archiviste", search_body="gestion des archives", updated_at=now()
    )
    monkeypatch.setattr("models.search.facet_index.SYNC_SECONDS", 0.0)
    assert await _references("stagiaire") == []
    assert await _references("archiviste") == ["S-T-01"]
    assert await _references("archives") == ["S-T-01"]

    # Withdrawn here: its words find it no more, in this process at once.
    await archive_offers([await Offer.get(reference="S-T-03")])
    assert await _references("intelligence") == []
    assert await _references("social") == ["S-T-02"]


async def test_a_word_in_no_offer_finds_nothing_and_a_common_word_some(
    demo_db: str,
) -> None:
    index = await settled_facet_index()
    hits = await _keyword_hits(KeywordQuery(words=("zzzinconnu",)), index)
    assert hits.anywhere == BitMap() and hits.in_title == BitMap()
    everything = await search_offers(SearchCriteria(), first=0)
    stage = await search_offers(
        SearchCriteria.build(keywords="stage", vocabulary=await vocabulary()), first=0
    )
    assert 0 < stage.total < everything.total


async def test_a_change_learnt_while_the_terms_are_read_has_the_last_word(db: str) -> None:
    """The terms are read in the background: an edit the index learns meanwhile must win over
    the engine's answer, which may predate it."""
    await publish_offers(await create_offers(fulltext_drafts(2)))
    forget_facet_index()
    index = await build_facet_index(terms=False)
    edited = await Offer.get(reference="S-T-01")
    withdrawn = await Offer.get(reference="S-T-02")
    assert edited.seq is not None and withdrawn.seq is not None

    index.read_terms()  # starts at the next await: the engine answers for the old texts
    row = {c: getattr(edited, c) for c in COLUMNS} | {"updated_at": now()}
    index.add([indexed(row, *await _terms("archiviste", "archiviste"))])
    index.remove([withdrawn.seq])
    await index.terms_read()

    assert index.terms_loaded
    for word, expected in [("archiviste", {edited.seq}), ("stagiaire", set()), ("social", set())]:
        terms = await word_terms([word])
        assert terms is not None
        assert set(index.keyword_hits(terms).anywhere) == expected, word


async def _terms(title: str, body: str) -> tuple[frozenset[str], frozenset[str]]:
    """The terms the engine gives these texts, as a catch-up reads them."""
    terms = await word_terms(words(title + " " + body))
    titles = await word_terms(words(title))
    assert terms is not None and titles is not None
    return frozenset(titles), frozenset(terms)
