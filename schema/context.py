"""The per-request context that every resolver receives."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeAlias

import strawberry
from strawberry.dataloader import DataLoader

from models.accounts import Account
from models.offers import Offer, OfferAttachment, attachments_by_offer

__all__ = ["Context", "Info"]


async def _load_attachments(offer_ids: list[int]) -> list[list[OfferAttachment]]:
    found = await attachments_by_offer(offer_ids)
    return [found.get(i, []) for i in offer_ids]


async def _load_offer_rows(offer_ids: list[int]) -> list[Offer | None]:
    found = {o.id: o for o in await Offer.filter(id__in=offer_ids)}
    return [found.get(i) for i in offer_ids]


@dataclass
class Context:
    request: Any
    response: Any = None
    # The bearer token of the request (never a cookie: see server.graphql_app).
    token: str | None = None
    # The payload of a WebSocket's connection_init (Strawberry sets it): {"token": "…"}.
    connection_params: dict[str, object] | None = None
    # The signed-in account, of any role: filled on first use by schema.accounts.auth.
    account: Account | None = None
    attachments: DataLoader[int, list[OfferAttachment]] = field(
        default_factory=lambda: DataLoader(load_fn=_load_attachments)
    )
    # Rows of offers already shown, for fields that need more than their API object holds.
    offer_rows: DataLoader[int, Offer | None] = field(
        default_factory=lambda: DataLoader(load_fn=_load_offer_rows)
    )


Info: TypeAlias = strawberry.Info[Context, None]
