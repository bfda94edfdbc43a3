"""Every order of the results, held to a plain sort of the offers, on both engines and both
paths of keywords (the index's term bitmaps, and the full-text engine before they are read);
pages by cursor and by number join into the whole list."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta

import pytest
import pytest_asyncio

from models.clock import today
from models.offers.publishing import OfferDraft, create_offers, publish_offers
from models.offers.tables import Offer, OfferStatus
from models.reference.catalogue import OfferType
from models.reference.labels import vocabulary
from models.search.criteria import InvalidCriteria, SearchCriteria
from models.search.errors import SearchErrorCode
from models.search.facet_index import build_facet_index, forget_facet_index, settled_facet_index
from models.search.offers import search_offers
from models.search.ordering import InvalidCursor, SearchOrder
from models.search.text import stem, words
from tests.services import ENGINES, fresh_database

# (reference, title, post description, days to the deadline or None), published in this order.
OFFERS = [
    ("S-O-01", "Chargé de communication", "Relations presse.", 10),
    ("S-O-02", "Juriste", "Droit public et communication interne.", None),
    ("S-O-03", "Assistant de communication", "Réseaux sociaux.", 5),
    ("S-O-04", "Développeur", "Applications web.", 10),
    ("S-O-05", "Communication interne", "Journal des agents.", 30),
    ("S-O-06", "Économiste", "Études et communication.", None),
    ("S-O-07", "Archiviste", "Archives.", 5),
    ("S-O-08", "Juriste en communication", "Contrats.", 1),
    ("S-O-09", "Comptable", "Budget et communication financière.", 10),
    ("S-O-10", "Gestionnaire RH", "Paie.", 60),
    ("S-O-11", "Chargée de communication", "Événements.", None),
]
KEYWORDS = ["", "communication", "juriste", "communication interne", "zzzinconnu"]
ORDERS = [SearchOrder.RELEVANCE, SearchOrder.NEWEST, SearchOrder.DEADLINE]


def _drafts() -> list[OfferDraft]:
    return [
        OfferDraft(
            type=OfferType.STAGE,
            title=title,
            post_description=f"<p>{body}</p>",
            diploma_level="6",
            domain="communication",
            administration="interieur",
            service="Ministère de l'Intérieur",
            city="Paris",
            department_code="75",
            region_code="IDF",
            expires_on=None if days is None else today() + timedelta(days=days),
            reference=reference,
        )
        for reference, title, body, days in OFFERS
    ]


@pytest_asyncio.fixture(loop_scope="session", params=ENGINES, scope="module")
async def catalogue(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    async with fresh_database(request.param, tmp_path_factory.mktemp("db")):
        forget_facet_index()
        await publish_offers(await create_offers(_drafts()))
        yield request.param


@pytest_asyncio.fixture(loop_scope="session", params=["index", "engine"])
async def path(
    catalogue: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[str]:
    """« index »: keywords answered by the index's term bitmaps; « engine »: by the full-text
    engine, as before the index has read its terms."""
    if request.param == "index":
        assert (await settled_facet_index()).terms_loaded
    else:
        index = await build_facet_index(terms=False)
        monkeypatch.setattr("models.search.facet_index._index", index)
        assert not index.terms_loaded
    yield str(request.param)
    forget_facet_index()


def _expected(rows: list[Offer], keywords: str, order: SearchOrder) -> list[str]:
    """The order by a plain sort of the offers the search found."""
    wanted = {stem(w) for w in words(keywords)}

    def title_holds_all(row: Offer) -> bool:
        return wanted <= {stem(w) for w in words(row.title)}

    def key(row: Offer) -> tuple[object, ...]:
        newest = -(row.seq or 0)
        if order is SearchOrder.DEADLINE:
            return (row.expires_on is None, row.expires_on or date.max, newest)
        if order is SearchOrder.RELEVANCE and wanted:
            return (not title_holds_all(row), newest)
        return (newest,)

    return [r.reference for r in sorted(rows, key=key)]


async def _criteria(keywords: str) -> SearchCriteria:
    return SearchCriteria.build(keywords=keywords, vocabulary=await vocabulary())


async def _by_cursor(criteria: SearchCriteria, order: SearchOrder, size: int) -> list[str]:
    found: list[str] = []
    after = None
    for _ in range(len(OFFERS) + 1):
        page = await search_offers(criteria, first=size, after=after, order=order)
        found += [o.reference for o in page.offers]
        assert page.has_previous_page == (after is not None)
        if not page.has_next_page:
            return found
        after = page.end_cursor
    raise AssertionError("pages never end")


@pytest.mark.parametrize("order", ORDERS, ids=[o.value for o in ORDERS])
@pytest.mark.parametrize("keywords", KEYWORDS, ids=[k or "<none>" for k in KEYWORDS])
async def test_each_order_is_a_plain_sort_and_its_pages_join_up(
    path: str, keywords: str, order: SearchOrder
) -> None:
    criteria = await _criteria(keywords)
    whole = await search_offers(criteria, first=100, order=order)
    references = [o.reference for o in whole.offers]
    rows = await Offer.filter(reference__in=references, status=OfferStatus.PUBLISHED)
    assert whole.total == len(references)
    assert references == _expected(list(rows), keywords, order)
    for size in (1, 2, 3):
        assert await _by_cursor(criteria, order, size) == references, size
        numbered = []
        for skip in range(0, len(references) + size, size):
            page = await search_offers(criteria, first=size, skip=skip, order=order)
            numbered += [o.reference for o in page.offers]
        assert numbered == references, size


async def test_the_deadline_order_puts_soonest_first_and_offers_without_one_last(
    catalogue: str,
) -> None:
    page = await search_offers(SearchCriteria(), first=100, order=SearchOrder.DEADLINE)
    assert [o.reference for o in page.offers] == [
        "S-O-08",  # tomorrow
        "S-O-07",  # in 5 days, the newer of two
        "S-O-03",
        "S-O-09",  # in 10 days, newest first
        "S-O-04",
        "S-O-01",
        "S-O-05",  # 30 days
        "S-O-10",  # 60 days
        "S-O-11",  # no deadline, newest first
        "S-O-06",
        "S-O-02",
    ]


async def test_a_cursor_works_in_its_own_order_only(catalogue: str) -> None:
    criteria = await _criteria("communication")
    cursors = {
        order: (await search_offers(criteria, first=2, order=order)).end_cursor for order in ORDERS
    }
    for made_for, cursor in cursors.items():
        assert cursor is not None
        for order in ORDERS:
            if order is made_for:
                await search_offers(criteria, first=2, after=cursor, order=order)
                continue
            with pytest.raises(InvalidCursor, match="Curseur de pagination invalide"):
                await search_offers(criteria, first=2, after=cursor, order=order)


async def test_a_forged_cursor_is_refused_not_a_failure(catalogue: str) -> None:
    import base64

    for text in ("v2:n:0:99999999999999", "v2:n:0:-1", "v2:d:1e9:5", "v2:x:0:5", "v3:n:0:5"):
        forged = base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")
        for order in ORDERS:
            with pytest.raises(InvalidCursor):
                await search_offers(SearchCriteria(), first=2, after=forged, order=order)
    huge = base64.urlsafe_b64encode(b"v2:d:99999999999999:5").decode().rstrip("=")
    with pytest.raises(InvalidCursor):
        await search_offers(SearchCriteria(), first=2, after=huge, order=SearchOrder.DEADLINE)


async def test_a_cursor_made_before_orders_existed_still_pages_by_relevance(
    catalogue: str,
) -> None:
    import base64

    criteria = await _criteria("communication")
    pages = await search_offers(criteria, first=100)
    third = pages.offers[2]
    # v1 cursors named the title tier (1: the title holds every keyword) and the offer.
    old = base64.urlsafe_b64encode(f"v1:1:{third.seq}".encode()).decode().rstrip("=")
    following = await search_offers(criteria, first=100, after=old)
    assert following.offers == pages.offers[3:]


async def test_sorting_by_distance_needs_a_place(catalogue: str) -> None:
    with pytest.raises(InvalidCriteria) as raised:
        await search_offers(SearchCriteria(), first=5, order=SearchOrder.DISTANCE)
    assert raised.value.code is SearchErrorCode.ORDER_NEEDS_PLACE
    assert raised.value.field == "order"
    assert raised.value.message == (
        "Le tri par distance demande un lieu : indiquez un lieu et un rayon"
    )


async def test_pages_by_deadline_stay_exact_while_offers_are_published(db: str) -> None:
    await publish_offers(await create_offers(_drafts()))
    first = await search_offers(SearchCriteria(), first=4, order=SearchOrder.DEADLINE)
    assert [o.reference for o in first.offers] == ["S-O-08", "S-O-07", "S-O-03", "S-O-09"]
    # Published meanwhile: one due before the cursor's place (not shown again), one after.
    late = [
        OfferDraft(
            type=OfferType.STAGE,
            title=title,
            diploma_level="6",
            domain="communication",
            administration="interieur",
            service="Ministère de l'Intérieur",
            department_code="75",
            region_code="IDF",
            expires_on=today() + timedelta(days=days),
            reference=reference,
        )
        for reference, title, days in (("S-O-12", "Urgent", 2), ("S-O-13", "Plus tard", 20))
    ]
    await publish_offers(await create_offers(late))
    rest = await search_offers(
        SearchCriteria(), first=100, after=first.end_cursor, order=SearchOrder.DEADLINE
    )
    assert [o.reference for o in rest.offers] == [
        "S-O-04",
        "S-O-01",
        "S-O-13",
        "S-O-05",
        "S-O-10",
        "S-O-11",
        "S-O-06",
        "S-O-02",
    ]
