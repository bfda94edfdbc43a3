"""« Environ N offres par semaine »: the preview counts exactly the offers of the last 90 days
that the alerts' own predicate accepts — archived and expired ones included, drafts and older
publications not."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings

from models.alerts import preview
from models.alerts.matching import facts_of, matches
from models.alerts.preview import (
    WINDOW_DAYS,
    alert_preview,
    expected_per_week,
    forget_alert_preview,
)
from models.clock import now, today
from models.errors import ErrorCode, UserErrors
from models.offers.tables import Offer, OfferStatus
from models.reference.labels import vocabulary
from models.search.criteria import SearchCriteria
from models.search.fulltext import index_offer_text, unindex_offer_text
from tests.models.test_facets_property import criteria_strategy

WEEKS = WINDOW_DAYS / 7


async def _shape_window() -> None:
    """Gives the demo catalogue every kind of offer the window must sort out (idempotent: the
    catalogue is shared by the module's tests)."""
    offers = await Offer.all().order_by("id")
    moment = now()
    for position, offer in enumerate(offers):
        kind = position % 6
        if kind == 0:  # archived, published 30 days ago: counted
            offer.status = OfferStatus.ARCHIVED
            offer.published_at = moment - timedelta(days=30)
        elif kind == 1:  # published 91 days ago: too old
            offer.published_at = moment - timedelta(days=91)
        elif kind == 2:  # expired yesterday, published 89 days ago: counted
            offer.published_at = moment - timedelta(days=89)
            offer.expires_on = today() - timedelta(days=1)
        elif kind == 3:  # a draft with a recent date: never counted
            offer.status = OfferStatus.DRAFT
            offer.published_at = moment - timedelta(days=2)
        else:  # published lately
            offer.published_at = moment - timedelta(days=position % 80)
        offer.updated_at = moment
        await offer.save()
    forget_alert_preview()


_shaped: set[str] = set()


@pytest.fixture
async def window_db(demo_db: str) -> str:
    if demo_db not in _shaped:
        await _shape_window()
        _shaped.add(demo_db)
    return demo_db


async def _add_words(offer: Offer, words: str) -> None:
    """As an edit through the site does: the text, and a published offer's full-text row."""
    offer.search_body += f" {words}"
    offer.updated_at = now()
    await offer.save()
    if offer.status is OfferStatus.PUBLISHED and offer.seq is not None:
        await unindex_offer_text([offer.seq])
        await index_offer_text([(offer.seq, offer.search_title, offer.search_body)])


async def _plain_count(criteria: SearchCriteria) -> int:
    """The definition, row by row: published in the last 90 days, not a draft, matching."""
    since = now() - timedelta(days=WINDOW_DAYS)
    rows = await Offer.filter(published_at__gte=since).exclude(status=OfferStatus.DRAFT)
    return sum(1 for o in rows if matches(criteria, facts_of(o)))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=criteria_strategy())
async def test_preview_counts_the_rows_the_alerts_predicate_accepts(
    window_db: str, raw: dict[str, object]
) -> None:
    criteria = SearchCriteria.build(**raw, vocabulary=await vocabulary())  # type: ignore[arg-type]
    expected = await _plain_count(criteria)
    preview = await alert_preview(criteria)
    assert preview.last_ninety_days == expected, criteria
    assert preview.per_week == pytest.approx(expected / WEEKS)


async def test_archived_and_expired_count_drafts_and_old_ones_do_not(window_db: str) -> None:
    everything = SearchCriteria.build(vocabulary=await vocabulary())
    rows = await Offer.all().order_by("id")
    counted = sum(1 for position in range(len(rows)) if position % 6 in (0, 2, 4, 5))
    assert 0 < counted < len(rows)
    assert (await alert_preview(everything)).last_ninety_days == counted
    assert await expected_per_week(everything) == pytest.approx(counted / WEEKS)


async def test_keywords_words_and_phrases_as_the_alerts_read_them(window_db: str) -> None:
    words = await vocabulary()
    rows = await Offer.all().order_by("id")
    archived, too_old, draft = rows[0], rows[1], rows[3]
    assert archived.status is OfferStatus.ARCHIVED and draft.status is OfferStatus.DRAFT
    for offer in (archived, too_old, draft):
        await _add_words(offer, "zorglub ultrasecret")
    forget_alert_preview()
    for keywords, found in [
        ("Zorglub", 1),
        ("zorglubs ULTRASÉCRETS", 1),  # stemmed, accent- and case-insensitive
        ('"zorglub ultrasecret"', 1),
        ('"ultrasecret zorglub"', 0),  # a phrase keeps its order
        ("zorglub introuvablement", 0),
    ]:
        criteria = SearchCriteria.build(keywords=keywords, vocabulary=words)
        assert await _plain_count(criteria) == found, keywords
        assert (await alert_preview(criteria)).last_ninety_days == found, keywords


async def test_a_change_shows_once_the_window_is_read_again(
    window_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    words = await vocabulary()
    criteria = SearchCriteria.build(keywords="hapaxissime", vocabulary=words)
    assert (await alert_preview(criteria)).last_ninety_days == 0
    rows = await Offer.all().order_by("id")
    fresh = rows[4]
    assert fresh.status is OfferStatus.PUBLISHED
    await _add_words(fresh, "hapaxissime")
    # Kept for a few minutes: the same answer until the window is read again.
    assert (await alert_preview(criteria)).last_ninety_days == 0
    monkeypatch.setattr(preview, "TTL_SECONDS", 0.0)
    assert (await alert_preview(criteria)).last_ninety_days == 1
    everything = SearchCriteria.build(vocabulary=words)
    assert (await alert_preview(everything)).last_ninety_days == await _plain_count(everything)


@pytest.mark.parametrize(
    ("per_week", "words"),
    [
        (0.0, "aucune offre ces 90 derniers jours"),
        (0.08, "moins d'une offre par semaine"),
        (0.99, "moins d'une offre par semaine"),
        (1.0, "environ 1 offre par semaine"),
        (1.49, "environ 1 offre par semaine"),
        (1.5, "environ 2 offres par semaine"),
        (2.5, "environ 3 offres par semaine"),
        (12.4, "environ 12 offres par semaine"),
        (1234.6, "environ 1\u202f235 offres par semaine"),
    ],
)
def test_the_pace_in_french(per_week: float, words: str) -> None:
    assert preview.pace_in_words(per_week) == words


def test_the_pace_in_a_sentence_says_where_it_comes_from() -> None:
    assert preview.pace_sentence(12.4) == (
        "Environ 12 offres par semaine, d'après les offres publiées ces 90 derniers jours."
    )
    assert preview.pace_sentence(0.5, "Avec une alerte :") == (
        "Avec une alerte : moins d'une offre par semaine, d'après les offres publiées ces 90 "
        "derniers jours."
    )
    assert preview.pace_sentence(0.0) == "Aucune offre ces 90 derniers jours."


async def test_beyond_its_bound_the_window_is_the_newest_offers_over_the_days_they_span(
    window_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(preview, "MAX_WINDOW_OFFERS", 3)
    forget_alert_preview()
    since = now() - timedelta(days=WINDOW_DAYS)
    newest = (
        await Offer.filter(published_at__gte=since)
        .exclude(status=OfferStatus.DRAFT)
        .order_by("-published_at", "-id")
        .limit(3)
    )
    oldest = min(o.published_at for o in newest if o.published_at is not None)
    span_days = (now() - oldest) / timedelta(days=1)
    assert span_days < WINDOW_DAYS
    result = await alert_preview(SearchCriteria.build(vocabulary=await vocabulary()))
    assert result.per_week == pytest.approx(3 / (max(span_days, 1.0) / 7), rel=1e-3)
    assert result.last_ninety_days == round(result.per_week * WINDOW_DAYS / 7)
    forget_alert_preview()


async def test_dated_criteria_are_no_alert_and_are_refused(window_db: str) -> None:
    """An alert holds no date (save_search refuses them): the domain says so, not only the API."""
    words = await vocabulary()
    for dated, field in (
        (SearchCriteria.build(published_since=now() - timedelta(days=3), vocabulary=words),
         "filter.published_since"),
        (SearchCriteria.build(updated_since=now() - timedelta(days=3), vocabulary=words),
         "filter.updated_since"),
    ):  # fmt: skip
        with pytest.raises(UserErrors) as refused:
            await alert_preview(dated)
        assert [(e.field, e.code) for e in refused.value.errors] == [(field, ErrorCode.INVALID)]
