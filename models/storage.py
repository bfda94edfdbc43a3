"""Where files live: the port the domain stores documents and attachments through. The runtime
plugs in an implementation (server.file_storage: a local folder).

Files are stored under random keys, never under a name a user chose, in a place that no web
route serves directly.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

__all__ = [
    "HEAD_BYTES",
    "FileStorage",
    "StoredFile",
    "TooLarge",
    "file_storage",
    "use_file_storage",
]

HEAD_BYTES = 64 * 1024


class TooLarge(Exception):
    """The stream went past the allowed size; nothing of it was kept."""


@dataclass(frozen=True, slots=True)
class StoredFile:
    key: str
    size: int
    sha256: str
    head: bytes  # the first bytes, for type detection


class FileStorage(Protocol):
    def put(self, data: bytes) -> str: ...
    async def put_stream(self, chunks: AsyncIterator[bytes], max_bytes: int) -> StoredFile: ...
    def path(self, key: str) -> Path: ...
    def delete(self, key: str) -> None: ...
    def stored_files(self) -> Iterator[tuple[str, float]]: ...


_storage: FileStorage | None = None


def use_file_storage(storage: FileStorage) -> None:
    global _storage
    _storage = storage


def file_storage() -> FileStorage:
    if _storage is None:
        raise RuntimeError("no file storage configured")
    return _storage
