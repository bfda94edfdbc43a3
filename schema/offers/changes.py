"""`offerChanges`: the journal a mirror follows, page by page, from a cursor it keeps."""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry import relay

from models.offers import (
    CHANGES_RETENTION,
    MAX_CHANGES_PAGE,
    ChangesExpired,
    InvalidChangesCursor,
    offer_changes,
)
from models.offers import (
    OfferChangeKind as DomainKind,
)
from models.reference import vocabulary
from schema.errors import bad_request
from schema.offers.types import Offer, offer_from_row

__all__ = ["OfferChangeConnection", "OfferChangeQuery"]

_DAYS = CHANGES_RETENTION.days


@strawberry.enum(description="What happened to an offer, as a mirror must replay it.")
class OfferChangeKind(Enum):
    _value_: str
    PUBLISHED = strawberry.enum_value(
        DomainKind.PUBLISHED.value,
        description="It became public: add it (`offer` holds its current state).",
    )
    UPDATED = strawberry.enum_value(
        DomainKind.UPDATED.value,
        description="Its content changed while published: replace it (`offer.updatedAt` is "
        "this change's `at` or later).",
    )
    WITHDRAWN = strawberry.enum_value(
        DomainKind.WITHDRAWN.value,
        description="Archived by its recruiter: remove it from the live offers (its page "
        "stays readable, `offer.expired` true).",
    )
    EXPIRED = strawberry.enum_value(
        DomainKind.EXPIRED.value,
        description="Its end date passed: remove it. `at` is the end of its last day (the "
        "next midnight, Paris time), when it left the searches; the change is recorded by an "
        "hourly job, so it may come after changes with a later `at`.",
    )


@strawberry.type(description="One change of one offer, in the journal `offerChanges` lists.")
class OfferChange:
    reference: str = strawberry.field(
        description="The offer's reference (« A-2021-0192 »), also when it is withdrawn."
    )
    kind: OfferChangeKind = strawberry.field(description="What happened.")
    at: datetime.datetime = strawberry.field(
        description="When it took effect for the public (ISO 8601 date and time, UTC): the "
        "commit of the change, or for EXPIRED the end of the deadline's day."
    )
    offer: Offer | None = strawberry.field(
        description="The offer as it is NOW (not as it was at this change: replaying the "
        "changes in order ends on the current state); after a WITHDRAWN or EXPIRED it is the "
        "archived offer (`expired` true). Null only if the offer is no longer public at all."
    )


@strawberry.type(description="A change and the cursor just after it.")
class OfferChangeEdge:
    cursor: str = strawberry.field(
        description="Opaque: pass it as `after` to get the changes recorded after this one."
    )
    node: OfferChange = strawberry.field(description="The change.")


@strawberry.type(
    description="A page of the change journal, oldest first, with the cursor to resume from."
)
class OfferChangeConnection:
    edges: list[OfferChangeEdge] = strawberry.field(
        description="The changes of this page in the order they were recorded; at most `first`."
    )
    page_info: relay.PageInfo = strawberry.field(
        description="`endCursor`: the cursor to store and send back as `after` (null when the "
        "page is empty: keep the previous one); `hasNextPage`: whether more changes are "
        "already recorded after this page."
    )


@strawberry.type
class OfferChangeQuery:
    @strawberry.field(
        description=f"What changed in the public offers: each publication, update, withdrawal "
        f"and expiry, in the order recorded, so that a mirror replaying them stays equal to "
        f"`offers`. Start with `since` (the instant of your full copy), then store "
        f"`pageInfo.endCursor` and pass it back as `after`. Changes are kept {_DAYS} days: an "
        f"older `since` or cursor is a CHANGES_EXPIRED error (copy `offers` again)."
    )
    async def offer_changes(
        self,
        since: Annotated[
            datetime.datetime,
            strawberry.argument(
                description="Changes recorded at or after this instant (inclusive; without an "
                f"offset, UTC). At most {_DAYS} days ago, else CHANGES_EXPIRED. Ignored with "
                "`after`, which says where to resume."
            ),
        ],
        first: Annotated[
            int,
            strawberry.argument(
                description=f"Changes per page, from 1 to {MAX_CHANGES_PAGE}; outside, an "
                "INVALID_FIRST error."
            ),
        ] = 100,
        after: Annotated[
            str | None,
            strawberry.argument(
                description="A cursor of a previous page (`pageInfo.endCursor` or an edge's "
                "`cursor`): the changes recorded after it, however old `since` is. One that "
                "is not a cursor of `offerChanges` is an INVALID_CURSOR error; one older than "
                f"{_DAYS} days, CHANGES_EXPIRED."
            ),
        ] = None,
    ) -> OfferChangeConnection:
        if not 1 <= first <= MAX_CHANGES_PAGE:
            raise bad_request(
                f"first must be between 1 and {MAX_CHANGES_PAGE}", "INVALID_FIRST", "first"
            )
        try:
            page = await offer_changes(since, first=first, after=after)
        except InvalidChangesCursor as error:
            raise bad_request(str(error), "INVALID_CURSOR", "after") from None
        except ChangesExpired as error:
            field = "after" if after is not None else "since"
            message = f"{error}: changes are kept {_DAYS} days; copy `offers` again"
            raise bad_request(message, "CHANGES_EXPIRED", field) from None
        words = await vocabulary()
        offers = {key: offer_from_row(row, words) for key, row in page.offers.items()}
        edges = [
            OfferChangeEdge(
                cursor=cursor,
                node=OfferChange(
                    reference=change.reference,
                    kind=OfferChangeKind(change.kind.value),
                    at=change.at,
                    offer=offers.get(change.offer_id),  # type: ignore[attr-defined]
                ),
            )
            for change, cursor in zip(page.changes, page.cursors, strict=True)
        ]
        return OfferChangeConnection(
            edges=edges,
            page_info=relay.PageInfo(
                has_next_page=page.has_next_page,
                has_previous_page=after is not None,
                start_cursor=page.cursors[0] if page.cursors else None,
                end_cursor=page.end_cursor,
            ),
        )
