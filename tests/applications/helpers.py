"""Offers and documents for the tracker's tests."""

from __future__ import annotations

from models.accounts.tables import Account
from models.clock import today
from models.demo.generator import generate_offers
from models.documents.library import add_document
from models.documents.tables import Document
from models.offers.publishing import create_offers, publish_offers
from models.offers.tables import Offer
from tests.documents.samples import SAMPLES, stream


async def published_offers(count: int = 1) -> list[Offer]:
    drafts = generate_offers(apprenticeships=0, stages=count, seed=7, today=today())
    for number, draft in enumerate(drafts):
        draft.title = f"Stage – chargé de mission {number + 1} (F/H)"
        draft.contact_name = "Service RH"
        draft.contact_email = f"rh{number + 1}@exemple.gouv.fr"
    offers = await create_offers(drafts)
    await publish_offers(offers)
    return [await Offer.get(id=o.id) for o in offers]


async def pdf(candidate: Account, name: str = "cv.pdf", category: str = "cv") -> Document:
    return await add_document(candidate, category, name, stream(SAMPLES["pdf"]))
