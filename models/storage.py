"""Where files live: behind a small interface, with a local-folder implementation.

Files are stored under random keys, never under a name a user chose, in a folder that no web
route serves directly.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Protocol

__all__ = ["FileStorage", "LocalFileStorage", "file_storage", "use_file_storage"]


class FileStorage(Protocol):
    def put(self, data: bytes) -> str: ...
    def path(self, key: str) -> Path: ...
    def delete(self, key: str) -> None: ...


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

    def path(self, key: str) -> Path:
        return self._path(key)

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


_storage: FileStorage | None = None


def use_file_storage(storage: FileStorage) -> None:
    global _storage
    _storage = storage


def file_storage() -> FileStorage:
    if _storage is None:
        raise RuntimeError("no file storage configured")
    return _storage
