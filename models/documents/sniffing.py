"""Is the file what its name says? Magic numbers by puremagic, then a look inside the zip
containers that .docx and .odt share, which no header alone tells apart."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import puremagic

__all__ = ["content_matches"]

_ZIP_BASED = {"docx", "odt"}


def _magic_extensions(head: bytes) -> set[str]:
    try:
        matches = puremagic.magic_string(head)
    except puremagic.PureError:
        return set()
    return {m.extension.lstrip(".").lower() for m in matches}


def _zip_kind(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].strip()
                if mimetype == b"application/vnd.oasis.opendocument.text":
                    return "odt"
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def content_matches(extension: str, head: bytes, path: Path) -> bool:
    """`head`: the file's first bytes; `path`: the stored file, for the zip formats."""
    found = _magic_extensions(head)
    if extension in ("jpg", "jpeg"):
        return bool(found & {"jpg", "jpeg", "jfif", "jpe"})
    if extension in _ZIP_BASED:
        return io.BytesIO(head).read(4) == b"PK\x03\x04" and _zip_kind(path) == extension
    return extension in found
