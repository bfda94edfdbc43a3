"""`attachOfferPdf` and `removeOfferAttachment` as real GraphQL multipart requests over HTTP,
and `duration` through `createOffer` and the public `offer` query."""

from __future__ import annotations

import json
from typing import Any

import httpx

from models.accounts.sessions import open_session
from models.accounts.tables import AccountRole
from models.storage import file_storage
from tests.accounts.helpers import new_candidate
from tests.documents.samples import EXECUTABLE, SAMPLES
from tests.offers.test_editing import staff
from tests.schema.graphql import post
from tests.schema.test_offer_mutations_api import CREATE, PUBLISH, offer_input
from tests.web_app import app

PDF = SAMPLES["pdf"]
ATTACHMENTS = "attachments { filename contentType size url }"
ATTACH = (
    "mutation($r: String!, $file: Upload!) { attachOfferPdf(reference: $r, file: $file) { "
    "offer { reference updatedAt " + ATTACHMENTS + " } userErrors { field code message } } }"
)
REMOVE = (
    "mutation($r: String!) { removeOfferAttachment(reference: $r) { offer { reference "
    + ATTACHMENTS
    + " } userErrors { field code message } } }"
)
PUBLIC = "query($r: String!) { offer(reference: $r) { duration updatedAt " + ATTACHMENTS + " } }"


def _client() -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://pass.test")


async def _attach(token: str, reference: str, name: str, data: bytes) -> dict[str, Any]:
    operations = {"query": ATTACH, "variables": {"r": reference, "file": None}}
    async with _client() as client:
        response = await client.post(
            "/graphql",
            data={
                "operations": json.dumps(operations),
                "map": json.dumps({"0": ["variables.file"]}),
            },
            files={"0": (name, data, "application/pdf")},
            headers={"Apollo-Require-Preflight": "true", "Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _stored() -> set[str]:
    return {key for key, _ in file_storage().stored_files()}


async def _published(token: str, **changes: object) -> str:
    created = await post(CREATE, {"input": offer_input(**changes)}, token=token)
    reference: str = created["data"]["createOffer"]["offer"]["reference"]
    await post(PUBLISH, {"r": reference}, token=token)
    return reference


async def test_attach_show_download_replace_and_remove(db: str) -> None:
    token = await open_session(await staff(AccountRole.RECRUITER))
    reference = await _published(token, duration=" 6   mois ")
    public = (await post(PUBLIC, {"r": reference}))["data"]["offer"]
    assert public["duration"] == "6 mois" and public["attachments"] == []
    before = _stored()

    attached = (await _attach(token, reference, "Fiche de poste.pdf", PDF))["data"]
    payload = attached["attachOfferPdf"]
    assert payload["userErrors"] == []
    [attachment] = payload["offer"]["attachments"]
    assert attachment["filename"] == "Fiche de poste.pdf"
    assert (attachment["contentType"], attachment["size"]) == ("application/pdf", len(PDF))
    assert payload["offer"]["updatedAt"] > public["updatedAt"]  # an update for the public

    shown = (await post(PUBLIC, {"r": reference}))["data"]["offer"]
    assert shown["attachments"] == [attachment]
    async with _client() as client:
        download = await client.get(attachment["url"])
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["content-type"] == "application/pdf"

    second = PDF + b"\n% v2\n"
    replaced = (await _attach(token, reference, "fiche-v2.pdf", second))["data"]["attachOfferPdf"]
    [new] = replaced["offer"]["attachments"]
    assert new["filename"] == "fiche-v2.pdf" and new["url"] != attachment["url"]
    async with _client() as client:
        assert (await client.get(attachment["url"])).status_code == 404
        assert (await client.get(new["url"])).content == second
    assert len(_stored() - before) == 1

    removed = (await post(REMOVE, {"r": reference}, token=token))["data"]["removeOfferAttachment"]
    assert removed == {"offer": {"reference": reference, "attachments": []}, "userErrors": []}
    assert (await post(PUBLIC, {"r": reference}))["data"]["offer"]["attachments"] == []
    async with _client() as client:
        assert (await client.get(new["url"])).status_code == 404
    assert _stored() == before


async def test_refusals(db: str) -> None:
    recruiter = await open_session(await staff(AccountRole.RECRUITER))
    other = await open_session(await staff(AccountRole.RECRUITER, administration="interieur", n=2))
    candidate = await open_session(await new_candidate())
    reference = await _published(recruiter)
    before = _stored()

    spoofed = (await _attach(recruiter, reference, "fiche.pdf", EXECUTABLE))["data"]
    assert spoofed["attachOfferPdf"]["offer"] is None
    assert [e["code"] for e in spoofed["attachOfferPdf"]["userErrors"]] == ["CONTENT_MISMATCH"]
    big = (await _attach(recruiter, reference, "gros.pdf", PDF + b"\0" * 5_000_000))["data"]
    [error] = big["attachOfferPdf"]["userErrors"]
    assert (error["field"], error["code"]) == ("file", "TOO_LARGE")
    outsider = (await _attach(other, reference, "fiche.pdf", PDF))["data"]["attachOfferPdf"]
    assert [e["code"] for e in outsider["userErrors"]] == ["FORBIDDEN"]
    removal = (await post(REMOVE, {"r": reference}, token=other))["data"]
    assert [e["code"] for e in removal["removeOfferAttachment"]["userErrors"]] == ["FORBIDDEN"]
    refused = await _attach(candidate, reference, "fiche.pdf", PDF)
    assert refused["data"] is None
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    too_long = await post(CREATE, {"input": offer_input(duration="x" * 101)}, token=recruiter)
    [error] = too_long["data"]["createOffer"]["userErrors"]
    assert (error["field"], error["code"]) == ("duration", "TOO_LONG")

    assert (await post(PUBLIC, {"r": reference}))["data"]["offer"]["attachments"] == []
    assert _stored() == before


async def test_a_file_sent_as_json_is_refused_not_a_crash(db: str) -> None:
    """A JSON request may put any value where the multipart request puts the file."""
    token = await open_session(await staff(AccountRole.RECRUITER))
    reference = await _published(token)
    before = _stored()
    for value in ("", "%PDF-1.4", 3, {"name": "x.pdf"}):
        body = await post(ATTACH, {"r": reference, "file": value}, token=token)
        assert "errors" not in body, body
        [error] = body["data"]["attachOfferPdf"]["userErrors"]
        assert (error["field"], error["code"]) == ("file", "REQUIRED")
        assert "multipart" in error["message"]
    assert _stored() == before
