"""Zip bombs uploaded as .odt and .docx: refused with a clear message, nothing kept, and the
server's memory and event loop untouched while it looks inside them.

Before the bounds, the 0.5 MB .odt bomb took the process 1 GB higher and the 300,000-entry
.docx 122 MB, for 3.7 s and 3.3 s on the event loop.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from models.accounts.signin import sign_in
from models.documents.library import add_document, delete_document
from models.documents.sniffing import MAX_ARCHIVE_ENTRIES
from models.documents.tables import Document
from models.errors import UserErrors
from models.storage import file_storage
from tests.accounts.helpers import PASSWORD, new_candidate
from tests.documents import samples
from tests.documents.samples import SAMPLES, stream
from tests.web_app import app

MEMORY_BOUND_MB = 20

BOMBS: dict[str, Callable[[], bytes]] = {
    # mimetype inflates to 500 MiB: about 0.5 MB uploaded.
    "cv.odt": lambda: samples.odt_bomb(500),
    # The same, its headers claiming a 39-byte mimetype: only the bounded read stops it.
    "lying-sizes.odt": lambda: samples.odt_bomb(500, claimed_size=39),
    # Past the entry limit, and past 65,535 so that the count sits in a zip64 record.
    "many-entries.docx": lambda: samples.docx_of_many_entries(70_000),
    # An end record that says 10 entries in front of a directory of 20,000.
    "lying-count.docx": lambda: samples.docx_of_many_entries(20_000, claimed_count=10),
    # word/document.xml inflates 1,000 times: 100 MiB from 0.1 MB.
    "ratio.docx": lambda: samples.docx_bomb(100),
}


def _vm_mb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024
    raise LookupError(field)


def _reset_peak() -> None:
    """Sets the kernel's high-water mark of the process's memory (VmHWM) to its current size."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pytest.skip("peak memory needs Linux's /proc/self/clear_refs")


async def _peak_growth_mb(operation: Awaitable[Any]) -> tuple[int, Any]:
    """How far above its current size the process's memory went while `operation` ran."""
    _reset_peak()
    before = _vm_mb("VmRSS")
    try:
        result: Any = await operation
    except UserErrors as errors:
        result = errors
    return _vm_mb("VmHWM") - before, result


def _stored_keys() -> set[str]:
    return {key for key, _ in file_storage().stored_files()}


@pytest.mark.parametrize("name", BOMBS)
async def test_bombs_are_refused_within_bounds(db: str, name: str) -> None:
    candidate = await new_candidate()
    data = BOMBS[name]()
    assert len(data) < 10_000_000
    kept = _stored_keys()
    started = time.monotonic()
    growth, result = await _peak_growth_mb(add_document(candidate, "cv", name, stream(data)))
    elapsed = time.monotonic() - started

    assert isinstance(result, UserErrors), "the bomb was accepted"
    [error] = result.errors
    extension = name.rpartition(".")[2]
    if name == "lying-sizes.odt":
        # Its headers look like a small .odt: reading 256 bytes of it shows it is not one.
        assert (error.field, error.code) == ("file", "content_mismatch")
    else:
        assert (error.field, error.code) == ("file", "abnormal_archive")
        assert error.message.startswith(f"Ce fichier .{extension} a une structure anormale")
        assert "refusé" in error.message
    assert _stored_keys() == kept and await Document.all().count() == 0
    assert growth < MEMORY_BOUND_MB, f"{name}: the process grew {growth} MB"
    print(f"{name}: {len(data) / 1e6:.2f} MB refused, +{growth} MB peak, {elapsed:.2f} s")


async def test_the_event_loop_keeps_running_during_the_inspection(db: str) -> None:
    """The look inside runs in a thread: a ticker on the loop is never held up for long, even
    by the archive whose inspection once took seconds of the loop (0.5 MB inflating to
    500 MB), nor by the largest archive allowed."""
    candidate = await new_candidate()
    longest = 0.0
    done = asyncio.Event()

    async def ticker() -> None:
        nonlocal longest
        last = time.monotonic()
        while not done.is_set():
            await asyncio.sleep(0.01)
            moment = time.monotonic()
            longest = max(longest, moment - last)
            last = moment

    ticking = asyncio.create_task(ticker())
    try:
        with pytest.raises(UserErrors):
            await add_document(candidate, "cv", "cv.odt", stream(samples.odt_bomb()))
        large = samples.docx_of_many_entries(MAX_ARCHIVE_ENTRIES - 10)
        document = await add_document(candidate, "cv", "cv.docx", stream(large, 1 << 20))
    finally:
        done.set()
        await ticking
    assert document.size == len(large)
    # Generous for a loaded machine; inflating the bomb on the loop held it for seconds.
    assert longest < 1.0, f"the event loop stalled {longest:.2f} s"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("cv.docx", SAMPLES["docx"]),
        ("cv.odt", SAMPLES["odt"]),
        # At the entry limit, as big an honest archive as we take.
        ("images.docx", samples.docx_of_many_entries(MAX_ARCHIVE_ENTRIES - 2)),
        # Compressed text within the ratio: 1 MiB of varied XML.
        (
            "long.docx",
            samples.raw_zip(
                [
                    samples._entry("[Content_Types].xml", b"<Types/>"),
                    samples._entry(
                        "word/document.xml",
                        b"".join(b"<w:p>%d</w:p>" % n for n in range(100_000)),
                    ),
                ]
            ),
        ),
    ],
)
async def test_normal_documents_still_pass(db: str, name: str, data: bytes) -> None:
    candidate = await new_candidate()
    growth, document = await _peak_growth_mb(add_document(candidate, "cv", name, stream(data)))
    assert isinstance(document, Document), document
    assert document.size == len(data)
    assert file_storage().path(document.storage_key).read_bytes() == data
    assert growth < MEMORY_BOUND_MB
    await delete_document(candidate, document.id)


UPLOAD = """mutation($file: Upload!) {
  uploadDocument(category: CV, file: $file) {
    document { id }
    userErrors { field code message }
  }
}"""


async def test_bomb_through_the_graphql_endpoint(db: str) -> None:
    await new_candidate()
    _, token = await sign_in("zoe.durand", PASSWORD, client_address="192.0.2.1")
    kept = _stored_keys()
    operations = {"query": UPLOAD, "variables": {"file": None}}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://pass.test"
    ) as client:
        growth, response = await _peak_growth_mb(
            client.post(
                "/graphql",
                data={
                    "operations": json.dumps(operations),
                    "map": json.dumps({"0": ["variables.file"]}),
                },
                files={"0": ("Mon CV.odt", samples.odt_bomb(500), "application/octet-stream")},
                headers={"Authorization": f"Bearer {token}", "Apollo-Require-Preflight": "true"},
            )
        )
    assert response.status_code == 200, response.text
    payload = response.json()["data"]["uploadDocument"]
    assert payload["document"] is None
    [error] = payload["userErrors"]
    assert (error["field"], error["code"]) == ("file", "ABNORMAL_ARCHIVE")
    assert error["message"].startswith("Ce fichier .odt a une structure anormale")
    assert _stored_keys() == kept and await Document.all().count() == 0
    assert growth < MEMORY_BOUND_MB, f"the process grew {growth} MB"
