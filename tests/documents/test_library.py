"""Candidate documents through the domain: limits, types, races, removal, privacy."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta

import pytest

from models.accounts.config import account_config, configure_accounts
from models.accounts.deletion import delete_account
from models.documents.downloads import document_for_link, download_path
from models.documents.library import (
    add_document,
    clean_filename,
    delete_document,
    documents_of,
    sweep_orphan_files,
)
from models.documents.rules import ALLOWED_EXTENSIONS
from models.documents.tables import Document, DocumentCategory
from models.errors import UserErrors
from models.storage import file_storage
from tests.accounts.helpers import PASSWORD, new_candidate
from tests.documents.samples import EXECUTABLE, SAMPLES, stream


def _stored_keys() -> set[str]:
    return {key for key, _ in file_storage().stored_files()}


async def _refused(coroutine: object) -> tuple[str | None, str]:
    with pytest.raises(UserErrors) as raised:
        await coroutine  # type: ignore[misc]
    [error] = raised.value.errors
    return error.field, error.code


@pytest.mark.parametrize("category", list(DocumentCategory))
async def test_each_allowed_type_is_accepted(db: str, category: DocumentCategory) -> None:
    candidate = await new_candidate()
    for extension in ALLOWED_EXTENSIONS[category]:
        data = SAMPLES[extension]
        document = await add_document(
            candidate, category, f"Mon fichier.{extension.upper()}", stream(data)
        )
        assert document.size == len(data)
        assert document.sha256 == hashlib.sha256(data).hexdigest()
        assert file_storage().path(document.storage_key).read_bytes() == data
        await delete_document(candidate, document.id)


@pytest.mark.parametrize(
    ("category", "extension"),
    [("other", "odt"), ("cv", "exe"), ("cv", "txt"), ("cover_letter", "html"), ("cv", "")],
)
async def test_refused_types(db: str, category: str, extension: str) -> None:
    candidate = await new_candidate()
    before = _stored_keys()
    name = f"fichier.{extension}" if extension else "fichier"
    data = SAMPLES.get(extension, b"hello")
    assert await _refused(add_document(candidate, category, name, stream(data))) == (
        "file",
        "type_not_allowed",
    )
    assert _stored_keys() == before and await Document.all().count() == 0


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("cv.pdf", EXECUTABLE),
        ("cv.png", SAMPLES["pdf"]),
        ("cv.docx", SAMPLES["odt"]),
        ("cv.odt", SAMPLES["docx"]),
        ("cv.doc", b"<html>hello</html>" * 10),
        ("cv.jpg", SAMPLES["png"]),
    ],
)
async def test_spoofed_extensions_are_refused(db: str, name: str, data: bytes) -> None:
    candidate = await new_candidate()
    before = _stored_keys()
    assert await _refused(add_document(candidate, "cv", name, stream(data))) == (
        "file",
        "content_mismatch",
    )
    assert _stored_keys() == before and await Document.all().count() == 0


async def test_empty_file_is_refused(db: str) -> None:
    candidate = await new_candidate()
    assert await _refused(add_document(candidate, "cv", "cv.pdf", stream(b""))) == ("file", "empty")


async def test_oversize_is_refused_while_streaming_and_leaves_nothing(db: str) -> None:
    configure_accounts(replace(account_config(), max_document_bytes=1_000_000))
    candidate = await new_candidate()
    before = _stored_keys()
    read = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal read
        chunk = SAMPLES["pdf"] + b"\x00" * (64 * 1024)
        for _ in range(1000):  # 65 MB if read to the end
            read += len(chunk)
            yield chunk

    assert await _refused(add_document(candidate, "cv", "cv.pdf", endless())) == (
        "file",
        "too_large",
    )
    assert read < 1_200_000, "stopped soon after the limit"
    assert _stored_keys() == before and await Document.all().count() == 0
    folder = file_storage().path("ab" * 20).parent.parent
    assert not list(folder.rglob("*.part"))


async def test_three_per_category(db: str) -> None:
    candidate = await new_candidate()
    for number in range(3):
        await add_document(candidate, "cv", f"cv{number}.pdf", stream(SAMPLES["pdf"]))
    assert await _refused(add_document(candidate, "cv", "cv4.pdf", stream(SAMPLES["pdf"]))) == (
        "category",
        "limit_reached",
    )
    # Other categories have their own three.
    await add_document(candidate, "cover_letter", "lettre.pdf", stream(SAMPLES["pdf"]))
    await add_document(candidate, "other", "diplome.png", stream(SAMPLES["png"]))
    assert [d.category for d in await documents_of(candidate)].count(DocumentCategory.CV) == 3


async def test_three_uploads_racing_for_the_last_slot(db: str) -> None:
    candidate = await new_candidate()
    for number in range(2):
        await add_document(candidate, "cv", f"cv{number}.pdf", stream(SAMPLES["pdf"]))
    before = _stored_keys()
    results = await asyncio.gather(
        *(
            add_document(candidate, "cv", f"course{n}.pdf", stream(SAMPLES["pdf"], 512))
            for n in range(3)
        ),
        return_exceptions=True,
    )
    added = [r for r in results if isinstance(r, Document)]
    refused = [r for r in results if isinstance(r, UserErrors)]
    assert len(added) == 1 and len(refused) == 2, results
    assert await Document.filter(candidate=candidate, category="cv").count() == 3
    assert _stored_keys() - before == {added[0].storage_key}  # no file left by the losers


async def test_another_candidate_can_neither_delete_nor_download(db: str) -> None:
    owner = await new_candidate()
    other = await new_candidate(username="paul", email="paul@exemple.fr")
    document = await add_document(owner, "cv", "cv.pdf", stream(SAMPLES["pdf"]))
    assert await _refused(delete_document(other, document.id)) == ("id", "not_found")
    assert await Document.filter(id=document.id).exists()
    # A link is valid only as issued: its signature binds the document, its owner and expiry.
    path = download_path(document)
    _, _, document_id, expires, signature = path.split("/")
    assert await document_for_link(int(document_id), int(expires), signature) is not None
    assert await document_for_link(int(document_id), int(expires) + 60, signature) is None
    assert await document_for_link(int(document_id), int(expires), signature[:-2] + "xx") is None
    assert await document_for_link(int(document_id), 1, signature) is None  # expired


async def test_removal_deletes_row_and_file(db: str) -> None:
    candidate = await new_candidate()
    document = await add_document(candidate, "cv", "cv.pdf", stream(SAMPLES["pdf"]))
    await delete_document(candidate, document.id)
    assert not await Document.filter(id=document.id).exists()
    assert document.storage_key not in _stored_keys()


async def test_account_deletion_removes_every_file(db: str) -> None:
    candidate = await new_candidate()
    keys = {
        (await add_document(candidate, category, f"f.{ext}", stream(SAMPLES[ext]))).storage_key
        for category, ext in (("cv", "pdf"), ("cover_letter", "docx"), ("other", "png"))
    }
    await delete_account(candidate, password=PASSWORD)
    assert await Document.all().count() == 0
    assert not keys & _stored_keys()


async def test_orphan_files_are_swept(db: str) -> None:
    candidate = await new_candidate()
    kept = await add_document(candidate, "cv", "cv.pdf", stream(SAMPLES["pdf"]))
    orphan = file_storage().put(b"left behind by a failed removal")
    assert await sweep_orphan_files(older_than=timedelta(hours=1)) == 0  # too recent
    assert await sweep_orphan_files(older_than=timedelta(seconds=-1)) >= 1
    assert orphan not in _stored_keys() and kept.storage_key in _stored_keys()


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\zoé\\CV final.pdf", "CV final.pdf"),
        ("cv\x00\x07.pdf", "cv.pdf"),
        ("", "document"),
        ("a" * 300 + ".pdf", "a" * 116 + ".pdf"),
    ],
)
def test_file_names_are_cleaned_for_display(raw: str, clean: str) -> None:
    assert clean_filename(raw) == clean
