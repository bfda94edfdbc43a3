"""Adding, listing and removing a candidate's documents.

A file is streamed to storage first (size, hash and type checked on the way), and its row is
written after; any failure removes the file. Removing a document deletes the row, then the
file; a file whose removal failed is found by the orphan sweep (`sweep_orphan_files`).
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

from tortoise.transactions import in_transaction

from models.accounts.config import account_config
from models.accounts.tables import Account
from models.clock import now
from models.documents.errors import DocumentErrorCode
from models.documents.rules import ALLOWED_EXTENSIONS, CONTENT_TYPES, MAX_PER_CATEGORY
from models.documents.sniffing import Verdict, inspect_upload
from models.documents.tables import Document, DocumentCategory
from models.errors import ErrorCode, UserErrors
from models.storage import TooLarge, file_storage

__all__ = [
    "add_document",
    "clean_filename",
    "delete_document",
    "documents_of",
    "forget_documents_of",
    "sweep_orphan_files",
]


def clean_filename(raw: str) -> str:
    """For display only: no folders, no control characters, at most 120 characters."""
    name = os.path.basename(raw.replace("\\", "/"))
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    if len(name) > 120:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: 119 - len(extension)] + dot + extension) if dot else name[:120]
    return name or "document"


def _extension(filename: str) -> str:
    return filename.rpartition(".")[2].lower() if "." in filename else ""


def _limit_reached(category: DocumentCategory) -> UserErrors:
    return UserErrors.one(
        "category",
        ErrorCode.LIMIT_REACHED,
        f"Vous avez déjà {MAX_PER_CATEGORY} fichiers dans « {category.label} » : "
        "supprimez-en un pour en ajouter un autre.",
    )


async def documents_of(candidate: Account) -> list[Document]:
    return await Document.filter(candidate=candidate).order_by("category", "created_at", "id")


async def add_document(
    candidate: Account, category: str, filename: str, chunks: AsyncIterator[bytes]
) -> Document:
    try:
        chosen = DocumentCategory(category)
    except ValueError:
        raise UserErrors.one(
            "category", ErrorCode.INVALID, "Catégorie de document inconnue."
        ) from None
    name = clean_filename(filename)
    extension = _extension(name)
    allowed = ALLOWED_EXTENSIONS[chosen]
    if extension not in allowed:
        raise UserErrors.one(
            "file",
            DocumentErrorCode.TYPE_NOT_ALLOWED,
            f"Type de fichier refusé pour « {chosen.label} ». "
            f"Types acceptés : {', '.join(allowed)}.",
        )
    if await Document.filter(candidate=candidate, category=chosen).count() >= MAX_PER_CATEGORY:
        raise _limit_reached(chosen)
    limit = account_config().max_document_bytes
    storage = file_storage()
    try:
        stored = await storage.put_stream(chunks, limit)
    except TooLarge:
        raise UserErrors.one(
            "file",
            ErrorCode.TOO_LARGE,
            f"Fichier trop volumineux : {limit // 1_000_000} Mo au plus.",
        ) from None
    try:
        if stored.size == 0:
            raise UserErrors.one("file", ErrorCode.EMPTY, "Ce fichier est vide.")
        verdict = await inspect_upload(extension, stored.head, storage.path(stored.key))
        if verdict is Verdict.ABNORMAL_ARCHIVE:
            raise UserErrors.one(
                "file",
                DocumentErrorCode.ABNORMAL_ARCHIVE,
                f"Ce fichier .{extension} a une structure anormale (trop d'éléments ou "
                "contenu compressé à l'excès) : il a été refusé. Enregistrez-le de nouveau "
                "depuis votre traitement de texte, ou envoyez-le en PDF.",
            )
        if verdict is not Verdict.MATCHES:
            raise UserErrors.one(
                "file",
                ErrorCode.CONTENT_MISMATCH,
                f"Le contenu de ce fichier ne correspond pas à un fichier .{extension} : "
                "il a été refusé.",
            )
        async with in_transaction():
            # Serialises concurrent uploads of one candidate, so the limit holds in a race.
            await Account.select_for_update().filter(id=candidate.id).first()
            if (
                await Document.filter(candidate=candidate, category=chosen).count()
                >= MAX_PER_CATEGORY
            ):
                raise _limit_reached(chosen)
            return await Document.create(
                candidate=candidate,
                category=chosen,
                filename=name,
                content_type=CONTENT_TYPES[extension],
                size=stored.size,
                sha256=stored.sha256,
                storage_key=stored.key,
            )
    except BaseException:
        storage.delete(stored.key)
        raise


async def delete_document(candidate: Account, document_id: int) -> None:
    """Another candidate's document is « introuvable », exactly like a missing one."""
    document = await Document.get_or_none(id=document_id, candidate=candidate)
    if document is None:
        raise UserErrors.one("id", ErrorCode.NOT_FOUND, "Document introuvable.")
    await document.delete()
    file_storage().delete(document.storage_key)


async def forget_documents_of(candidate: Account) -> Callable[[], Awaitable[None]]:
    """Inside an account's deletion: returns what removes the files once it has committed."""
    keys = [d.storage_key for d in await Document.filter(candidate=candidate).only("storage_key")]

    async def remove_files() -> None:
        storage = file_storage()
        for key in keys:
            storage.delete(key)

    return remove_files


async def sweep_orphan_files(older_than: timedelta = timedelta(hours=1)) -> int:
    """Removes stored files that no row points to (a removal that failed half-way)."""
    from models.offers.tables import OfferAttachment
    from models.personal_data.tables import DataExport

    storage = file_storage()
    cutoff = (now() - older_than).timestamp()
    candidates = [key for key, modified in storage.stored_files() if modified < cutoff]
    removed = 0
    for start in range(0, len(candidates), 500):
        chunk = candidates[start : start + 500]
        known = {
            d.storage_key for d in await Document.filter(storage_key__in=chunk).only("storage_key")
        }
        known |= {
            a.storage_key
            for a in await OfferAttachment.filter(storage_key__in=chunk).only("storage_key")
        }
        known |= {
            e.storage_key
            for e in await DataExport.filter(storage_key__in=chunk).only("storage_key")
            if e.storage_key
        }
        for key in chunk:
            if key not in known:
                storage.delete(key)
                removed += 1
    return removed
