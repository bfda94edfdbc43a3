"""The per-request context that every resolver receives."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeAlias

import strawberry
from strawberry.dataloader import DataLoader

from models.offers.queries import attachments_by_offer
from models.offers.tables import OfferAttachment

__all__ = ["Context", "Info"]


async def _load_attachments(offer_ids: list[int]) -> list[list[OfferAttachment]]:
    found = await attachments_by_offer(offer_ids)
    return [found.get(i, []) for i in offer_ids]


@dataclass
class Context:
    request: Any
    response: Any = None
    attachments: DataLoader[int, list[OfferAttachment]] = field(
        default_factory=lambda: DataLoader(load_fn=_load_attachments)
    )


Info: TypeAlias = strawberry.Info[Context, None]
