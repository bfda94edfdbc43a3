"""Keyword search semantics, held to the same answers on SQLite FTS5 and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
import pytest_asyncio

from models.clock import today
from models.offers.publishing import OfferDraft, create_offers, publish_offers
from models.reference.catalogue import OfferType
from models.reference.labels import vocabulary
from models.search.criteria import SearchCriteria
from models.search.offers import search_offers
from tests.services import ENGINES, fresh_database

# (reference, title, post description), published in this order: the last is the newest.
OFFERS = [
    ("S-T-01", "Stagiaire chargé de communication", "<p>Relations presse et réseaux.</p>"),
    ("S-T-02", "Assistant social", "<p>Accompagnement des agents, action sociale.</p>"),
    ("S-T-03", "Stage en intelligence artificielle (IA)", "<p>Modèles de langue.</p>"),
    ("S-T-04", "Développeur web", "<p>Transformation numérique des services.</p>"),
    ("S-T-05", "Chargée des stagiaires", "<p>Suivi des stagiaires et de la communication.</p>"),
    ("S-T-06", "Juriste", "<p>Le chargé de mission communication interne vous encadre.</p>"),
    ("S-T-07", "Économiste", "<p>Études sur l'œuvre de l'économie numérique.</p>"),
    ("S-T-08", "Gestionnaire", "<p>Ne pas confondre <b>communiquer</b> et informer.</p>"),
]

# (keywords, expected references in order). Titles holding every word come first, then the
# rest, newest first within each group.
CASES = [
    ("", ["S-T-08", "S-T-07", "S-T-06", "S-T-05", "S-T-04", "S-T-03", "S-T-02", "S-T-01"]),
    ("stagiaire", ["S-T-05", "S-T-01"]),
    ("STAGIAIRES", ["S-T-05", "S-T-01"]),
    ("numerique", ["S-T-07", "S-T-04"]),
    ("Numérique", ["S-T-07", "S-T-04"]),
    ("communication", ["S-T-01", "S-T-06", "S-T-05"]),
    ("communiquer", ["S-T-08"]),
    ("ia", ["S-T-03"]),
    ("social", ["S-T-02"]),
    ("sociale", ["S-T-02"]),
    ("oeuvre", ["S-T-07"]),
    ("œuvre economie", ["S-T-07"]),
    ("communication stagiaires", ["S-T-01", "S-T-05"]),
    ('"chargé de communication"', ["S-T-01"]),
    ('"charge de mission"', ["S-T-06"]),
    ('"mission charge"', []),
    ("stagiaire juriste", []),
    ("de la", ["S-T-08", "S-T-07", "S-T-06", "S-T-05", "S-T-04", "S-T-03", "S-T-02", "S-T-01"]),
    ("zzzinconnu", []),
]

HOSTILE = [
    '"',
    '"""',
    "*",
    "stag*",
    "NEAR(communication stagiaire)",
    "communication -stagiaire",
    "((communication",
    "communication)",
    "title:communication",
    "{title}: x",
    "a AND OR NOT b",
    "'; DROP TABLE offer; --",
    "😀 stagiaire 🎓",
    "\x00\x01",
    "x" * 10_000,
    "communication " * 2_000,
    "^communication",
    "communication:*",
    "!communication & | <->",
]


def fulltext_drafts(count: int = len(OFFERS)) -> list[OfferDraft]:
    """The first `count` of OFFERS, as drafts alike but for their texts."""
    return [
        OfferDraft(
            type=OfferType.STAGE,
            title=title,
            post_description=body,
            diploma_level="6",
            # A domain none of the CASES' words is found in: its label is searchable too.
            domain="juridique",
            administration="interieur",
            service="Ministère de l'Intérieur",
            city="Paris",
            department_code="75",
            region_code="IDF",
            expires_on=today() + timedelta(days=30),
            reference=reference,
        )
        for reference, title, body in OFFERS[:count]
    ]


@pytest_asyncio.fixture(loop_scope="session", params=ENGINES, scope="module")
async def catalogue(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    async with fresh_database(request.param, tmp_path_factory.mktemp("db")):
        await publish_offers(await create_offers(fulltext_drafts()))
        yield request.param


async def _references(keywords: str) -> list[str]:
    criteria = SearchCriteria.build(keywords=keywords, vocabulary=await vocabulary())
    page = await search_offers(criteria, first=100)
    assert page.total == len(page.offers)
    return [o.reference for o in page.offers]


@pytest.mark.parametrize(("keywords", "expected"), CASES, ids=[c[0] or "<none>" for c in CASES])
async def test_keyword_search(catalogue: str, keywords: str, expected: list[str]) -> None:
    assert await _references(keywords) == expected


@pytest.mark.parametrize("keywords", HOSTILE, ids=range(len(HOSTILE)))
async def test_any_keyword_input_is_safe(catalogue: str, keywords: str) -> None:
    found = await _references(keywords)
    assert set(found) <= {reference for reference, _, _ in OFFERS}
