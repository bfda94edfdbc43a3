"""Documents through the API: real GraphQL multipart requests over HTTP against the app."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import httpx

from models.accounts.config import account_config, configure_accounts
from models.accounts.signin import sign_in
from models.documents.library import add_document, documents_of
from models.documents.tables import Document
from models.storage import file_storage
from tests.accounts.helpers import PASSWORD, new_candidate
from tests.documents.samples import EXECUTABLE, SAMPLES, stream
from tests.schema.graphql import post
from tests.web_app import app

UPLOAD = """mutation($category: DocumentCategory!, $file: Upload!) {
  uploadDocument(category: $category, file: $file) {
    document { id category filename contentType size sha256 downloadUrl }
    userErrors { field code message }
  }
}"""
DOCUMENTS = "{ me { documents { id filename category downloadUrl } } }"


def _client() -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://pass.test")


async def _upload(
    token: str | None, category: str, name: str, data: bytes, *, preflight: bool = True
) -> httpx.Response:
    operations = {"query": UPLOAD, "variables": {"category": category, "file": None}}
    headers = {"Apollo-Require-Preflight": "true"} if preflight else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    async with _client() as client:
        return await client.post(
            "/graphql",
            data={
                "operations": json.dumps(operations),
                "map": json.dumps({"0": ["variables.file"]}),
            },
            files={"0": (name, data, "application/octet-stream")},
            headers=headers,
        )


async def _token(username: str = "zoe.durand") -> str:
    return (await sign_in(username, PASSWORD, client_address="192.0.2.1"))[1]


def _payload(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()["data"]["uploadDocument"]
    return result


async def test_upload_list_download_delete(db: str) -> None:
    await new_candidate()
    token = await _token()
    uploaded = _payload(await _upload(token, "CV", "Mon CV.pdf", SAMPLES["pdf"]))
    assert uploaded["userErrors"] == []
    document = uploaded["document"]
    assert document["filename"] == "Mon CV.pdf" and document["contentType"] == "application/pdf"
    assert document["size"] == len(SAMPLES["pdf"])

    listed = await post(DOCUMENTS, token=token)
    assert [d["filename"] for d in listed["data"]["me"]["documents"]] == ["Mon CV.pdf"]

    async with _client() as client:
        download = await client.get(document["downloadUrl"])
    assert download.status_code == 200 and download.content == SAMPLES["pdf"]
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"].startswith("attachment;")

    deleted = await post(
        "mutation($id: ID!) { deleteDocument(id: $id) { ok userErrors { code } } }",
        {"id": document["id"]},
        token=token,
    )
    assert deleted["data"]["deleteDocument"] == {"ok": True, "userErrors": []}
    async with _client() as client:
        assert (await client.get(document["downloadUrl"])).status_code == 404


async def test_refusals_are_user_errors(db: str) -> None:
    await new_candidate()
    token = await _token()
    spoofed = _payload(await _upload(token, "CV", "cv.pdf", EXECUTABLE))
    assert spoofed["document"] is None
    assert spoofed["userErrors"][0]["code"] == "CONTENT_MISMATCH"
    wrong_type = _payload(await _upload(token, "OTHER", "cv.odt", SAMPLES["odt"]))
    assert wrong_type["userErrors"][0]["code"] == "TYPE_NOT_ALLOWED"
    for number in range(3):
        assert _payload(await _upload(token, "COVER_LETTER", f"l{number}.pdf", SAMPLES["pdf"]))[
            "document"
        ]
    fourth = _payload(await _upload(token, "COVER_LETTER", "l4.pdf", SAMPLES["pdf"]))
    assert fourth["userErrors"][0]["code"] == "LIMIT_REACHED"
    assert "3 fichiers" in fourth["userErrors"][0]["message"]
    assert await Document.all().count() == 3


async def test_oversize_request_is_cut_off(db: str) -> None:
    configure_accounts(replace(account_config(), max_document_bytes=1_000_000))
    await new_candidate()
    token = await _token()
    before = {key for key, _ in file_storage().stored_files()}
    response = await _upload(token, "CV", "gros.pdf", SAMPLES["pdf"] + b"\x00" * 3_000_000)
    assert response.status_code == 413
    assert await Document.all().count() == 0
    assert {key for key, _ in file_storage().stored_files()} == before
    # Just under the request limit but over the file limit: the domain refuses it.
    near = _payload(await _upload(token, "CV", "presque.pdf", SAMPLES["pdf"] + b"\x00" * 1_100_000))
    assert near["userErrors"][0]["code"] == "TOO_LARGE"


async def test_form_posts_without_preflight_header_are_refused(db: str) -> None:
    await new_candidate()
    token = await _token()
    response = await _upload(token, "CV", "cv.pdf", SAMPLES["pdf"], preflight=False)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "CSRF"
    assert await Document.all().count() == 0


async def test_anonymous_and_other_candidates_are_kept_out(db: str) -> None:
    await new_candidate()
    await new_candidate(username="paul", email="paul@exemple.fr")
    zoe, paul = await _token("zoe.durand"), await _token("paul")
    anonymous = await _upload(None, "CV", "cv.pdf", SAMPLES["pdf"])
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    document = _payload(await _upload(zoe, "CV", "cv.pdf", SAMPLES["pdf"]))["document"]
    assert (await post(DOCUMENTS, token=paul))["data"]["me"]["documents"] == []
    refused = await post(
        "mutation($id: ID!) { deleteDocument(id: $id) { ok userErrors { code message } } }",
        {"id": document["id"]},
        token=paul,
    )
    assert refused["data"]["deleteDocument"]["userErrors"][0]["code"] == "NOT_FOUND"
    assert await Document.all().count() == 1


async def test_documents_added_in_the_same_instant_keep_one_order_in_the_api_and_the_site(
    db: str,
) -> None:
    candidate = await new_candidate()
    token = await _token()
    for name in ("b.pdf", "a.pdf", "c.pdf"):
        await add_document(candidate, "cv", name, stream(SAMPLES["pdf"]))
    first = await Document.filter(candidate=candidate).order_by("id").first()
    assert first is not None
    await Document.filter(candidate=candidate).update(created_at=first.created_at)

    domain = [str(d.id) for d in await documents_of(candidate)]  # the site's list
    assert domain == sorted(domain, key=int)
    viewer = await post("{ viewer { ... on Candidate { documents { id } } } }", token=token)
    assert [d["id"] for d in viewer["data"]["viewer"]["documents"]] == domain
    listed = await post(DOCUMENTS, token=token)
    assert [d["id"] for d in listed["data"]["me"]["documents"]] == domain
