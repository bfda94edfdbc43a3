"""Download links that only the owner gets: signed, tied to the candidate, short-lived."""

from __future__ import annotations

import base64
import hashlib
import hmac

from models.accounts.config import account_config
from models.clock import now
from models.documents.tables import Document
from models.site_paths import document_path

__all__ = ["document_for_link", "download_path"]


def _signature(document_id: int, candidate_id: int, expires: int) -> str:
    key = account_config().secret.encode()
    message = f"document:{document_id}:{candidate_id}:{expires}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def download_path(document: Document) -> str:
    expires = int((now() + account_config().download_link_lifetime).timestamp())
    signature = _signature(document.id, document.candidate_id, expires)  # type: ignore[attr-defined]
    return document_path(document.id, expires, signature)


async def document_for_link(document_id: int, expires: int, signature: str) -> Document | None:
    """The document if the link is genuine, unexpired, and its owner still owns it."""
    if expires < now().timestamp():
        return None
    document = await Document.get_or_none(id=document_id)
    if document is None:
        return None
    expected = _signature(document.id, document.candidate_id, expires)  # type: ignore[attr-defined]
    return document if hmac.compare_digest(expected, signature) else None
