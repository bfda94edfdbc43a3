"""The benchmarks' bulk loader stores what the domain's create and publish functions store:
the same drafts, loaded both ways, give the same offers and the same search answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tortoise import connections

from bench.catalogue import load_catalogue, load_drafts
from models.clock import today
from models.db import dialect
from models.demo.example_offer import example_offer_draft
from models.demo.generator import generate_offers
from models.offers.publishing import OfferDraft, create_offers, publish_offers
from models.offers.tables import Offer, OfferStatus
from models.reference.catalogue import OfferType
from models.reference.labels import vocabulary
from models.search.criteria import Facet, SearchCriteria
from models.search.offers import search_offers
from tests.services import fresh_database

SEARCHES: list[dict[str, Any]] = [
    {},
    {"types": ["stage"]},
    {"keywords": "communication"},
    {"keywords": "développeur web"},
    {"keywords": "stagiaires juridique"},
    {"keywords": '"ressources humaines"'},
    {"keywords": "numérique", "regions": ["IDF"]},
    {"types": ["apprentissage"], "regions": ["IDF", "ARA"], "domains": ["numerique", "rh"]},
    {"countries": ["JP", "DE"]},
    {"diploma_level": "7", "administrations": ["interieur", "economie"]},
    {"departments": ["75", "69"], "keywords": "analyser"},
]

# Columns whose value is the moment of loading, not the offer's.
MOMENTS = ("published_at", "created_at", "updated_at", "changed_at")

# What each engine searches, beyond the model's fields: SQLite's FTS5 rows (written by the
# loader), PostgreSQL's generated tsvector columns (computed by the server during the copy).
FULL_TEXT = {
    "sqlite": "SELECT rowid, title, body FROM offer_fts ORDER BY rowid",
    "postgres": "SELECT seq, search_title_tsv::text AS title, search_all_tsv::text AS body"
    " FROM offer ORDER BY seq",
}


def _drafts() -> list[OfferDraft]:
    day = today()
    drafts = generate_offers(apprenticeships=90, stages=210, seed=11, today=day)
    # The manual's example brings its own reference and richer HTML; one more with markup
    # that sanitising must remove.
    hostile = generate_offers(apprenticeships=1, stages=0, seed=12, today=day)[0]
    hostile.post_description = '<p onclick="x()">Missions <script>alert(1)</script>&amp; plus</p>'
    hostile.profile = "<div><b>Gras</b> et <em>souligné</em></div>"
    return [*drafts[:150], example_offer_draft(day), hostile, *drafts[150:]]


async def _site() -> tuple[list[Any], list[dict[str, Any]], list[dict[str, Any]], list[Any]]:
    """What a visitor sees: the answers to SEARCHES (two pages each), every offer, and the
    full-text rows the engine searches; and the offer table's constraints and indexes, which
    the loader drops and makes again on PostgreSQL."""
    words = await vocabulary()
    answers = []
    for raw in SEARCHES:
        criteria = SearchCriteria.build(**raw, vocabulary=words)
        for skip in (0, 20):
            page = await search_offers(criteria, first=20, skip=skip)
            facets = {
                str(f): [(v.value, v.count, v.selected) for v in values]
                for f, values in page.facets.items()
            }
            answers.append((raw, skip, page.total, [o.reference for o in page.offers], facets))
    rows = await Offer.all().order_by("seq").values()
    for row in rows:
        for name in MOMENTS:
            assert row.pop(name) is not None, name
    client = connections.get("default")
    texts = await client.execute_query_dict(FULL_TEXT[dialect()])
    schema: list[Any] = []
    if dialect() == "postgres":
        schema = await client.execute_query_dict(
            "SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint"
            " WHERE conrelid = 'offer'::regclass UNION ALL SELECT indexname, indexdef"
            " FROM pg_indexes WHERE tablename = 'offer' ORDER BY name, definition"
        )
    return answers, rows, texts, schema


async def test_bulk_loaded_offers_are_the_ones_the_domain_publishes(
    engine: str, tmp_path: Path
) -> None:
    drafts = _drafts()
    async with fresh_database(engine, tmp_path):
        await publish_offers(await create_offers(drafts))
        expected = await _site()
    async with fresh_database(engine, tmp_path) as url:
        assert await load_drafts(url, drafts) == len(drafts)
        loaded = await _site()
    answers, rows, texts, schema = loaded
    assert len(rows) == len(drafts)
    assert all(r["status"] == OfferStatus.PUBLISHED for r in rows)
    assert answers[0][2] == len(drafts), "every offer is found"
    assert any(a[2] and a[0].get("keywords") for a in answers), "keywords find offers"
    assert "<script" not in str(rows) and "onclick" not in str(rows), "sanitised HTML"
    assert answers == expected[0]
    assert rows == expected[1]
    assert len(texts) == len(drafts) and all(t["title"] and t["body"] for t in texts)
    assert texts == expected[2]
    assert schema == expected[3]
    assert engine == "sqlite" or any("FOREIGN KEY (domain_id)" in s["definition"] for s in schema)


async def test_catalogue_is_generated_published_and_refuses_a_full_table(
    engine: str, tmp_path: Path
) -> None:
    async with fresh_database(engine, tmp_path) as url:
        assert await load_catalogue(url, 1_000, processes=1) == 1_000
        words = await vocabulary()
        page = await search_offers(SearchCriteria.build(vocabulary=words), first=20)
        assert page.total == 1_000
        types = {v.value: v.count for v in page.facets[Facet.TYPES]}
        assert types == {OfferType.APPRENTISSAGE: 300, OfferType.STAGE: 700}
        # New offers published afterwards by the site follow the loaded ones.
        (extra,) = await create_offers(
            generate_offers(apprenticeships=1, stages=0, seed=1, today=today())
        )
        await publish_offers([extra])
        assert extra.reference.endswith("-0301")
        assert extra.seq == 1_001
        newest = await search_offers(SearchCriteria.build(vocabulary=words), first=1)
        assert [o.reference for o in newest.offers] == [extra.reference]
        with pytest.raises(ValueError, match="not empty"):
            await load_catalogue(url, 10, processes=1)
