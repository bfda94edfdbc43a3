"""An offer's PDF attachment (« Document attaché » on its page): one per offer, added,
replaced or removed by whoever may edit the offer.

The file is stored first and checked there (its size, and that it is a PDF by its content, not
by its name); then one transaction, under the offer-writes lock, deletes the rows of the files
it replaces and writes its own. Any failure before the commit removes the new file; the
replaced files leave storage only after the commit, so that a rollback never leaves a row
without its file. A file whose removal failed is left to the orphan sweep
(models.documents.sweep_orphan_files), which knows attachments.

A change of a published offer's attachment is an update for the public: `updatedAt` moves and
the change journal gets an UPDATED entry, as `update_offer` does.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from tortoise.transactions import in_transaction

from models.accounts.tables import Account
from models.clock import now
from models.documents.library import clean_filename
from models.documents.sniffing import Verdict, inspect_upload
from models.errors import ErrorCode, UserErrors
from models.offers.changes import record_changes
from models.offers.editing import check_editable, owned_offer
from models.offers.publishing import lock_offer_writes
from models.offers.tables import Offer, OfferAttachment, OfferChangeKind, OfferStatus
from models.search.indexing import publish_to_facet_index
from models.storage import StoredFile, TooLarge, file_storage

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "attach_offer_pdf",
    "check_offer_pdf",
    "remove_offer_attachment",
]

log = logging.getLogger(__name__)

MAX_ATTACHMENT_BYTES = 5_000_000
_PDF = "application/pdf"


def _too_large() -> UserErrors:
    return UserErrors.one(
        "file",
        ErrorCode.TOO_LARGE,
        f"Fichier trop volumineux : {MAX_ATTACHMENT_BYTES // 1_000_000} Mo au plus.",
    )


def _pdf_name(raw: str) -> str:
    """The name shown and given to downloads: cleaned like a document's, ending in .pdf."""
    name = clean_filename(raw)
    if name.lower().endswith(".pdf"):
        return name
    return clean_filename(name.removesuffix(".")[:116] + ".pdf")


async def _once(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def _changed(offer: Offer) -> bool:
    """Within the transaction: the offer's attachment changed. Returns whether it is public."""
    offer.updated_at = now()
    public = offer.status is OfferStatus.PUBLISHED and offer.seq is not None
    if public:
        offer.changed_at = offer.updated_at
        await offer.save(update_fields=["updated_at", "changed_at"])
        await record_changes([offer], OfferChangeKind.UPDATED, offer.updated_at)
    else:
        await offer.save(update_fields=["updated_at"])
    return public


def _forget_files(keys: list[str]) -> None:
    """After the commit: a failure leaves an orphan for the sweep, not an error for the user,
    whose change is done."""
    storage = file_storage()
    for key in keys:
        try:
            storage.delete(key)
        except OSError:
            log.exception("could not remove the replaced attachment %s", key)


async def _stored_pdf(data: bytes) -> StoredFile:
    """The file in storage once it is known to be a non-empty PDF within the size limit;
    refused (and nothing left in storage) otherwise."""
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise _too_large()
    if not data:
        raise UserErrors.one("file", ErrorCode.EMPTY, "Ce fichier est vide.")
    storage = file_storage()
    try:
        stored = await storage.put_stream(_once(data), MAX_ATTACHMENT_BYTES)
    except TooLarge:
        raise _too_large() from None
    try:
        verdict = await inspect_upload("pdf", stored.head, storage.path(stored.key))
    except BaseException:
        storage.delete(stored.key)
        raise
    if verdict is not Verdict.MATCHES:
        storage.delete(stored.key)
        raise UserErrors.one(
            "file",
            ErrorCode.CONTENT_MISMATCH,
            "Ce fichier n'est pas un PDF : il a été refusé. Enregistrez ou exportez le "
            "document au format PDF, puis envoyez-le de nouveau.",
        )
    return stored


async def check_offer_pdf(filename: str, data: bytes) -> str:
    """What `attach_offer_pdf` would say of this file, for an offer not saved yet (the new
    offer form keeps the file until the offer exists): its cleaned name, or the same
    refusals. Nothing is kept."""
    stored = await _stored_pdf(data)
    file_storage().delete(stored.key)
    return _pdf_name(filename)


async def attach_offer_pdf(
    account: Account, reference: str, filename: str, data: bytes
) -> OfferAttachment:
    """Makes the PDF the offer's one attachment, replacing any other; refused for an archived
    offer, a file over MAX_ATTACHMENT_BYTES, an empty one, or one that is not a PDF."""
    offer = await owned_offer(account, reference)
    check_editable(offer)
    name = _pdf_name(filename)
    storage = file_storage()
    stored = await _stored_pdf(data)
    try:
        async with in_transaction() as connection:
            await lock_offer_writes(connection)
            # Read again under the lock: it may have been archived meanwhile.
            current = await Offer.get(id=offer.id)
            check_editable(current)
            replaced = await OfferAttachment.filter(offer_id=current.id).only("id", "storage_key")
            if replaced:
                await OfferAttachment.filter(id__in=[a.id for a in replaced]).delete()
            attachment = await OfferAttachment.create(
                offer_id=current.id,
                filename=name,
                content_type=_PDF,
                size=stored.size,
                storage_key=stored.key,
            )
            public = await _changed(current)
    except BaseException:
        storage.delete(stored.key)
        raise
    _forget_files([a.storage_key for a in replaced])
    if public:
        # This process's answers from memory are keyed on the index's version: the offer's
        # new `updatedAt` makes a new one (other processes catch up from the table).
        publish_to_facet_index([current])
    return attachment


async def remove_offer_attachment(account: Account, reference: str) -> None:
    """Removes the offer's attachment, if it has one. Allowed on an archived offer too, whose
    page stays readable: a file sent by mistake can still be taken down."""
    offer = await owned_offer(account, reference)
    async with in_transaction() as connection:
        await lock_offer_writes(connection)
        current = await Offer.get(id=offer.id)
        removed = await OfferAttachment.filter(offer_id=current.id).only("id", "storage_key")
        if not removed:
            return
        await OfferAttachment.filter(id__in=[a.id for a in removed]).delete()
        public = await _changed(current)
    _forget_files([a.storage_key for a in removed])
    if public:
        publish_to_facet_index([current])
