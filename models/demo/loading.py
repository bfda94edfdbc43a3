"""Loads the demo catalogue into an empty database: the manual's example and generated offers."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from models.clock import today
from models.demo.example_offer import (
    EXAMPLE_ATTACHMENT_NAME,
    example_attachment_pdf,
    example_offer_draft,
)
from models.demo.generator import generate_expired_offers, generate_offers
from models.offers.publishing import create_offers, publish_offers
from models.offers.tables import Offer, OfferAttachment
from models.storage import file_storage

__all__ = ["DEMO_SEED", "load_demo_catalogue"]

DEMO_SEED = 2021


async def load_demo_catalogue(
    *, apprenticeships: int = 24, stages: int = 53, seed: int = DEMO_SEED
) -> int:
    """Fills an empty offer table; does nothing when offers exist. Returns offers added."""
    if await Offer.exists():
        return 0
    day = today()
    example = example_offer_draft(day)
    # The example offer takes one of the apprenticeship places, so the counts stay as asked.
    drafts = [
        *generate_expired_offers(count=3, seed=seed, today=day),
        *generate_offers(
            apprenticeships=max(0, apprenticeships - 1), stages=stages, seed=seed, today=day
        ),
        example,
    ]
    offers = await create_offers(drafts)
    # Spread publication over the last weeks, oldest first, the example offer newest.
    moment = datetime.combine(day, time(9, 0), tzinfo=UTC)
    step = timedelta(minutes=max(1, (60 * 24 * 45) // max(1, len(offers))))
    for position, offer in enumerate(offers):
        offer.published_at = moment - step * (len(offers) - 1 - position)
    await publish_offers(offers)
    # Written a day before their publication, as a recruiter's drafts are: « Mes offres » would
    # otherwise show offers created after they were published.
    for offer in offers:
        assert offer.published_at is not None
        offer.created_at = offer.published_at - timedelta(days=1)
    await Offer.bulk_update(offers, fields=["created_at"], batch_size=500)
    pdf = example_attachment_pdf()
    await OfferAttachment.create(
        offer=offers[-1],
        filename=EXAMPLE_ATTACHMENT_NAME,
        content_type="application/pdf",
        size=len(pdf),
        storage_key=file_storage().put(pdf),
    )
    return len(offers)
