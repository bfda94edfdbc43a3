"""Small real files of each type, built in memory."""

from __future__ import annotations

import io
import zipfile
from collections.abc import AsyncIterator

from models.demo.example_offer import example_attachment_pdf


def _zip(files: list[tuple[str, str]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files:
            archive.writestr(name, content)
    return buffer.getvalue()


SAMPLES: dict[str, bytes] = {
    "pdf": example_attachment_pdf(),
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200,
    "jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 200,
    "jpeg": b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00" + b"\x00" * 200,
    "doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000,
    "docx": _zip([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")]),
    "odt": _zip([("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<x/>")]),
}
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 500


async def stream(data: bytes, chunk: int = 64 * 1024) -> AsyncIterator[bytes]:
    for start in range(0, len(data), chunk):
        yield data[start : start + chunk]
