"""Files in a local folder (or a mounted volume shared by the web processes and workers):
the file storage the runtime plugs into the domain (models.storage.FileStorage)."""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import anyio.to_thread

from models.storage import HEAD_BYTES, StoredFile, TooLarge

__all__ = ["LocalFileStorage"]


class LocalFileStorage:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        if not key.isalnum():
            raise ValueError("invalid storage key")
        return self.root / key[:2] / key

    def put(self, data: bytes) -> str:
        key = secrets.token_hex(20)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".part")
        temporary.write_bytes(data)
        os.replace(temporary, path)
        return key

    async def put_stream(self, chunks: AsyncIterator[bytes], max_bytes: int) -> StoredFile:
        """Writes chunk by chunk (never the whole file in memory), hashing as it goes; past
        max_bytes it stops reading, removes what it wrote and raises TooLarge."""
        key = secrets.token_hex(20)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".part")
        digest = hashlib.sha256()
        head = bytearray()
        size = 0
        handle = await anyio.to_thread.run_sync(temporary.open, "wb")
        try:
            async for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge
                digest.update(chunk)
                if len(head) < HEAD_BYTES:
                    head += chunk[: HEAD_BYTES - len(head)]
                await anyio.to_thread.run_sync(handle.write, chunk)
            await anyio.to_thread.run_sync(handle.close)
            os.replace(temporary, path)
        except BaseException:
            handle.close()
            temporary.unlink(missing_ok=True)
            raise
        return StoredFile(key, size, digest.hexdigest(), bytes(head))

    def path(self, key: str) -> Path:
        return self._path(key)

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def stored_files(self) -> Iterator[tuple[str, float]]:
        """Every stored key with its modification time (for the orphan sweep)."""
        if not self.root.exists():
            return
        for folder in self.root.iterdir():
            if folder.is_dir():
                for path in folder.iterdir():
                    if path.suffix == "" and path.name.isalnum():
                        yield path.name, path.stat().st_mtime
