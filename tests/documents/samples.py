"""Small real files of each type, built in memory."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass

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


# Archive bombs, built by hand in a fraction of a second: the deflate stream of a run of
# zeros is made once and repeated, so nothing ever holds the inflated content.

_ZEROS_MIB = bytes(1 << 20)


def _deflated_zeros(mebibytes: int) -> tuple[bytes, int]:
    """A raw deflate stream that inflates to `mebibytes` MiB of zeros, and its CRC-32."""
    # A full flush resets the compressor, so every MiB compresses to the same bytes.
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(_ZEROS_MIB) + compressor.flush(zlib.Z_FULL_FLUSH)
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # an empty last block
    crc = 0
    for _ in range(mebibytes):
        crc = zlib.crc32(_ZEROS_MIB, crc)
    return block * mebibytes + final, crc


@dataclass(frozen=True, slots=True)
class RawEntry:
    name: str
    data: bytes  # as stored in the archive
    crc: int
    size: int  # inflated
    method: int = zipfile.ZIP_DEFLATED
    claimed_size: int | None = None  # what the headers say, if they lie


def _entry(name: str, content: bytes, method: int = zipfile.ZIP_DEFLATED) -> RawEntry:
    data = content
    if method == zipfile.ZIP_DEFLATED:
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        data = compressor.compress(content) + compressor.flush()
    return RawEntry(name, data, zlib.crc32(content), len(content), method)


def raw_zip(entries: Iterable[RawEntry], *, claimed_count: int | None = None) -> bytes:
    """A zip written structure by structure, for archives zipfile would have to inflate;
    `claimed_count`: the entry count its end record gives, if it lies."""
    body = bytearray()
    directory = bytearray()
    count = 0
    for entry in entries:
        name = entry.name.encode()
        offset = len(body)
        size = entry.size if entry.claimed_size is None else entry.claimed_size
        sizes = (entry.method, 0, 0x21, entry.crc, len(entry.data), size, len(name))
        body += struct.pack("<4s2H3H3L2H", b"PK\x03\x04", 20, 0, *sizes, 0)
        body += name + entry.data
        directory += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, *sizes, 0, 0, 0, 0, 0, offset
        )
        directory += name
        count += 1
    start, size = len(body), len(directory)
    count = count if claimed_count is None else claimed_count
    end = b""
    if count > 0xFFFF:  # past the classic record's 16 bits: a zip64 end record says it
        end = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, size, start)
        end += struct.pack("<4sLQL", b"PK\x06\x07", 0, start + size, 1)
        count = 0xFFFF
    end += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, size, start, 0)
    return bytes(body + directory + end)


def odt_bomb(mebibytes: int = 500, *, claimed_size: int | None = None) -> bytes:
    """An .odt whose `mimetype` entry inflates to `mebibytes` MiB (about 1 KB per MiB);
    with `claimed_size`, its headers say it is that small."""
    data, crc = _deflated_zeros(mebibytes)
    return raw_zip(
        [
            RawEntry("mimetype", data, crc, mebibytes << 20, claimed_size=claimed_size),
            _entry("content.xml", b"<x/>"),
        ]
    )


def docx_of_many_entries(count: int, *, claimed_count: int | None = None) -> bytes:
    """A .docx with `count` tiny entries: each costs zipfile a ZipInfo when it lists them."""
    empty = _entry("", b"", zipfile.ZIP_STORED)
    return raw_zip(
        [
            _entry("[Content_Types].xml", b"<Types/>"),
            _entry("word/document.xml", b"<w:document/>"),
            *(
                RawEntry(f"word/media/{n:06d}", b"", empty.crc, 0, zipfile.ZIP_STORED)
                for n in range(count)
            ),
        ],
        claimed_count=claimed_count,
    )


def docx_bomb(mebibytes: int = 100) -> bytes:
    """A .docx whose `word/document.xml` has a compression ratio of about 1000:1."""
    data, crc = _deflated_zeros(mebibytes)
    return raw_zip(
        [
            _entry("[Content_Types].xml", b"<Types/>"),
            RawEntry("word/document.xml", data, crc, mebibytes << 20),
        ]
    )
