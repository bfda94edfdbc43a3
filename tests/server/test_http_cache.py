"""Browsers and CDNs may keep anonymous answers of public data for a minute, and revalidate
them with their ETag; a publication changes it; nothing private or signed in is ever kept."""

from __future__ import annotations

import httpx

from models.accounts.tables import AccountRole
from models.offers.editing import archive_offer, create_offer, publish_offer
from tests.offers.test_editing import offer_draft, staff
from tests.web_app import app

COUNT = "query Count($f: OfferFilter) { offers(filter: $f, first: 1) { totalCount } }"
CULTURE = '{"f": {"administrations": ["culture"]}}'


def _client() -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://pass.test")


async def _get(client: httpx.AsyncClient, query: str, **headers: str) -> httpx.Response:
    params = {"query": query, "variables": CULTURE} if "$f" in query else {"query": query}
    return await client.get("/graphql", params=params, headers=headers)


async def test_a_public_get_is_revalidated_with_its_etag(demo_db: str) -> None:
    async with _client() as client:
        first = await _get(client, COUNT)
        assert first.status_code == 200
        assert first.headers["cache-control"] == "public, max-age=60"
        assert first.headers["vary"] == "Accept, Authorization"
        etag = first.headers["etag"]
        assert etag.startswith('"') and etag.endswith('"')
        assert (await _get(client, COUNT)).headers["etag"] == etag

        again = await _get(client, COUNT, **{"If-None-Match": etag})
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["etag"] == etag
        assert again.headers["cache-control"] == "public, max-age=60"
        # A list of tags, and the weak form a proxy may have made of it, match too.
        listed = await _get(client, COUNT, **{"If-None-Match": f'"other", W/{etag}'})
        assert listed.status_code == 304

        stale = await _get(client, COUNT, **{"If-None-Match": '"something else"'})
        assert stale.status_code == 200 and stale.json() == first.json()
        other = await client.get("/graphql", params={"query": "{ regions { code } }"})
        assert other.headers["etag"] != etag


async def test_a_publication_changes_the_etag(db: str) -> None:
    async with _client() as client:
        recruiter = await staff(AccountRole.RECRUITER)
        before = await _get(client, COUNT)
        assert before.json()["data"]["offers"]["totalCount"] == 0
        offer = await create_offer(recruiter, offer_draft())
        await publish_offer(recruiter, offer.reference)
        after = await _get(client, COUNT, **{"If-None-Match": before.headers["etag"]})
        assert after.status_code == 200
        assert after.json()["data"]["offers"]["totalCount"] == 1
        assert after.headers["etag"] != before.headers["etag"]
        await archive_offer(recruiter, offer.reference)
        withdrawn = await _get(client, COUNT, **{"If-None-Match": after.headers["etag"]})
        assert withdrawn.status_code == 200
        assert withdrawn.json()["data"]["offers"]["totalCount"] == 0


async def test_nothing_private_is_cacheable(demo_db: str) -> None:
    async with _client() as client:
        public = await _get(client, COUNT)
        etag = public.headers["etag"]
        signed = await _get(client, COUNT, Authorization="Bearer abc", **{"If-None-Match": etag})
        assert signed.status_code == 200  # never a 304 for a token holder
        assert signed.headers["cache-control"] == "private, no-store"
        assert "etag" not in signed.headers
        for query in ("{ viewer { __typename } }", "{ me { email } }", "{ offers { totalCount"):
            answer = await _get(client, query)
            assert answer.headers["cache-control"] == "private, no-store", query
            assert "etag" not in answer.headers
        posted = await client.post("/graphql", json={"query": COUNT})
        assert posted.status_code == 200
        assert posted.headers["cache-control"] == "private, no-store"
        assert "etag" not in posted.headers
        mutation = await client.get("/graphql", params={"query": "mutation { logout }"})
        assert mutation.headers["cache-control"] == "private, no-store"


async def test_the_feed_is_revalidated_with_its_etag(demo_db: str) -> None:
    async with _client() as client:
        first = await client.get("/flux/offres.atom?type=stage")
        assert first.headers["cache-control"] == "public, max-age=60"
        etag = first.headers["etag"]
        assert (await client.get("/flux/offres.atom?type=stage")).content == first.content
        again = await client.get("/flux/offres.atom?type=stage", headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        other = await client.get("/flux/offres.atom?type=apprentissage")
        assert other.headers["etag"] != etag


async def test_a_publication_changes_the_feed(db: str) -> None:
    async with _client() as client:
        recruiter = await staff(AccountRole.RECRUITER)
        before = await client.get("/flux/offres.atom")
        offer = await create_offer(recruiter, offer_draft())
        await publish_offer(recruiter, offer.reference)
        after = await client.get(
            "/flux/offres.atom", headers={"If-None-Match": before.headers["etag"]}
        )
        assert after.status_code == 200
        assert offer.reference.encode() in after.content
