"""Is the file what its name says? Magic numbers by puremagic, then a look inside the zip
containers that .docx and .odt share, which no header alone tells apart.

An upload is hostile until proven otherwise, and a zip says how big it is only when asked: a
0.5 MB .odt can hold a `mimetype` entry that inflates to 500 MB, and zipfile builds an object
per entry of the central directory before it answers anything. So the look inside stays within
fixed bounds whatever the file claims: the entry count comes from the end-of-central-directory
record, read by hand, and the directory is walked by hand before zipfile sees it; entries that
claim an absurd compression ratio are refused; of any entry, at most a few bytes are inflated.
It all runs in a worker thread, never on the event loop.
"""

from __future__ import annotations

import enum
import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

import anyio.to_thread
import puremagic

__all__ = [
    "MAX_ARCHIVE_ENTRIES",
    "MAX_COMPRESSION_RATIO",
    "Verdict",
    "content_matches",
    "inspect_upload",
]

_ZIP_BASED = {"docx", "odt"}

# A real .docx or .odt has tens of entries, a few hundred with many images.
MAX_ARCHIVE_ENTRIES = 10_000
# Office XML deflates 5 to 30 times, images barely; zeros deflate about 1,000 times.
MAX_COMPRESSION_RATIO = 200
# Below this inflated size an entry cannot hurt, whatever its ratio (tiny files compress oddly).
_RATIO_FLOOR = 1 << 20
# Room for MAX_ARCHIVE_ENTRIES records with long names: zipfile reads the directory at once.
_MAX_DIRECTORY_BYTES = MAX_ARCHIVE_ENTRIES * 512
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_MIMETYPE_READ = 256  # the ODF `mimetype` entry is 39 bytes

_END = struct.Struct("<4s4H2LH")  # end of central directory record
_END_SIGNATURE = b"PK\x05\x06"
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_END = struct.Struct("<4sQ2H2L4Q")
_ENTRY = struct.Struct("<4s6H3L5H2L")  # central directory file header
_ENTRY_SIGNATURE = b"PK\x01\x02"


class Verdict(enum.Enum):
    MATCHES = "matches"
    MISMATCH = "mismatch"  # not a file of the type its name says
    ABNORMAL_ARCHIVE = "abnormal_archive"  # a zip built to exhaust whoever opens it


class _Abnormal(Exception):
    pass


def _magic_extensions(head: bytes) -> set[str]:
    try:
        matches = puremagic.magic_string(head)
    except puremagic.PureError:
        return set()
    return {m.extension.lstrip(".").lower() for m in matches}


def _directory_bounds(handle: BinaryIO, size: int) -> tuple[int, int, int]:
    """(entry count, directory start, directory size), from the end records; raises
    zipfile.BadZipFile if there is none and _Abnormal past the bounds."""
    tail_size = min(size, _END.size + 0xFFFF)  # the record, then a comment of up to 64 KiB
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    position = tail.rfind(_END_SIGNATURE)
    while position >= 0 and position + _END.size > len(tail):
        position = tail.rfind(_END_SIGNATURE, 0, position)
    if position < 0:
        raise zipfile.BadZipFile("no end of central directory")
    end_offset = size - tail_size + position
    fields = _END.unpack_from(tail, position)
    count, directory_size = fields[4], fields[5]
    directory_end = end_offset
    # Zip64 records, when a locator precedes the end record, as zipfile looks for them (so we
    # bound the directory zipfile is going to read, not another one).
    records = _ZIP64_LOCATOR.size + _ZIP64_END.size
    if end_offset >= records:
        handle.seek(end_offset - records)
        zip64 = handle.read(records)
        if zip64[_ZIP64_END.size : _ZIP64_END.size + 4] == b"PK\x06\x07":
            fields64 = _ZIP64_END.unpack_from(zip64)
            if fields64[0] == b"PK\x06\x06":
                count, directory_size = fields64[7], fields64[8]
                directory_end = end_offset - records
    if count > MAX_ARCHIVE_ENTRIES or directory_size > _MAX_DIRECTORY_BYTES:
        raise _Abnormal
    start = directory_end - directory_size
    if start < 0:
        raise zipfile.BadZipFile("central directory out of the file")
    return count, start, directory_size


def _check_directory(handle: BinaryIO, size: int) -> None:
    """Walks the central directory record by record: the count in the end record may lie,
    and zipfile would believe the directory itself."""
    _, start, directory_size = _directory_bounds(handle, size)
    handle.seek(start)
    directory = handle.read(directory_size)  # at most _MAX_DIRECTORY_BYTES
    position = walked = 0
    while position + _ENTRY.size <= len(directory):
        fields = _ENTRY.unpack_from(directory, position)
        if fields[0] != _ENTRY_SIGNATURE:
            raise zipfile.BadZipFile("bad central directory")
        walked += 1
        if walked > MAX_ARCHIVE_ENTRIES:
            raise _Abnormal
        name_length, extra_length, comment_length = fields[10], fields[11], fields[12]
        position += _ENTRY.size + name_length + extra_length + comment_length


def _check_ratios(archive: zipfile.ZipFile) -> None:
    for entry in archive.infolist():
        if entry.file_size > _RATIO_FLOOR and (
            entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1)
        ):
            raise _Abnormal


def _read_prefix(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, limit: int) -> bytes:
    """At most `limit` inflated bytes, whatever the entry claims or really holds."""
    with archive.open(entry) as stream:
        return stream.read(limit)


def _zip_kind(path: Path) -> str | None:
    """ "odt", "docx" or None; raises _Abnormal for an archive past the bounds."""
    with path.open("rb") as handle:
        _check_directory(handle, path.stat().st_size)
        handle.seek(0)
        with zipfile.ZipFile(handle) as archive:
            _check_ratios(archive)
            names = {entry.filename: entry for entry in archive.infolist()}
            mimetype = names.get("mimetype")
            if (
                mimetype is not None
                and mimetype.file_size <= _MIMETYPE_READ
                and _read_prefix(archive, mimetype, _MIMETYPE_READ).strip() == _ODT_MIMETYPE
            ):
                return "odt"
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
    return None


def content_matches(extension: str, head: bytes, path: Path) -> Verdict:
    """`head`: the file's first bytes; `path`: the stored file, for the zip formats.
    Blocking (it reads the file): call `inspect_upload` from async code."""
    found = _magic_extensions(head)
    if extension in ("jpg", "jpeg"):
        matches = bool(found & {"jpg", "jpeg", "jfif", "jpe"})
    elif extension in _ZIP_BASED:
        if not head.startswith(b"PK\x03\x04"):
            return Verdict.MISMATCH
        try:
            matches = _zip_kind(path) == extension
        except _Abnormal:
            return Verdict.ABNORMAL_ARCHIVE
        except (
            zipfile.BadZipFile,
            zlib.error,
            OSError,
            EOFError,
            ValueError,
            RuntimeError,  # and NotImplementedError, its subclass
        ):
            # Not a readable zip, or one zipfile cannot read (encrypted, unknown compression).
            matches = False
    else:
        matches = extension in found
    return Verdict.MATCHES if matches else Verdict.MISMATCH


async def inspect_upload(extension: str, head: bytes, path: Path) -> Verdict:
    """`content_matches` in a worker thread: it reads and inflates, so never on the loop."""
    return await anyio.to_thread.run_sync(content_matches, extension, head, path)
