"""Offers: their table, publishing and editing, the import, and the words they are shown with."""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.public_face import exports_of

if TYPE_CHECKING:
    from models.offers.announced import announced_offers
    from models.offers.attachments import (
        MAX_ATTACHMENT_BYTES,
        attach_offer_pdf,
        check_offer_pdf,
        remove_offer_attachment,
    )
    from models.offers.changes import (
        CHANGES_RETENTION,
        MAX_CHANGES_PAGE,
        ChangesExpired,
        ChangesPage,
        InvalidChangesCursor,
        forget_old_changes,
        offer_changes,
    )
    from models.offers.editing import (
        RICH_TEXT_MAX,
        TEXT_LIMITS,
        archive_offer,
        check_draft,
        create_offer,
        draft_from_offer,
        managed_offer,
        managed_offers,
        may_publish,
        owned_offer,
        publish_offer,
        update_offer,
    )
    from models.offers.importing import import_offers, read_offer_file
    from models.offers.listing import (
        URLS_PER_PART,
        LiveOffer,
        live_offer_parts,
        live_offers_of_part,
    )
    from models.offers.publishing import OfferDraft, archive_expired, build_offer
    from models.offers.queries import (
        MAX_ROW_ID,
        attachment_of,
        attachments_by_offer,
        could_be_reference,
        get_offer,
        get_offers,
        is_expired,
    )
    from models.offers.sanitize import sanitize_html
    from models.offers.tables import Offer, OfferAttachment, OfferChangeKind, OfferStatus
    from models.offers.visits import count_visit
    from models.offers.wording import french_date, month_year, place

__all__ = [
    "CHANGES_RETENTION",
    "MAX_ATTACHMENT_BYTES",
    "MAX_CHANGES_PAGE",
    "MAX_ROW_ID",
    "RICH_TEXT_MAX",
    "TEXT_LIMITS",
    "URLS_PER_PART",
    "ChangesExpired",
    "ChangesPage",
    "InvalidChangesCursor",
    "LiveOffer",
    "Offer",
    "OfferAttachment",
    "OfferChangeKind",
    "OfferDraft",
    "OfferStatus",
    "announced_offers",
    "archive_expired",
    "archive_offer",
    "attach_offer_pdf",
    "attachment_of",
    "attachments_by_offer",
    "build_offer",
    "check_draft",
    "check_offer_pdf",
    "could_be_reference",
    "count_visit",
    "create_offer",
    "draft_from_offer",
    "forget_old_changes",
    "french_date",
    "get_offer",
    "get_offers",
    "import_offers",
    "is_expired",
    "live_offer_parts",
    "live_offers_of_part",
    "managed_offer",
    "managed_offers",
    "may_publish",
    "month_year",
    "offer_changes",
    "owned_offer",
    "place",
    "publish_offer",
    "read_offer_file",
    "remove_offer_attachment",
    "sanitize_html",
    "update_offer",
]

__getattr__ = exports_of(__name__, __file__)
