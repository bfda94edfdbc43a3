"""Each client gets a budget of reads and one of writes; every answer says what is left
(RateLimit headers, draft-ietf-httpapi-ratelimit-headers-09), and past it the API answers 429
with Retry-After. With Redis, every web process counts against the same budget."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from dataclasses import replace

import httpx
import pytest_asyncio
from starlette.types import ASGIApp

from models.accounts import account_config, configure_accounts, open_session
from server.api_rate_limit import close_api_limiters
from server.graphql_app import graphql_app
from server.runtime import rate_limit_storage
from server.settings import settings
from tests.accounts.helpers import new_candidate

READ = "{ __typename }"
WRITE = "mutation { logout }"
POLICY = '"read";q=3;w=60, "write";q=2;w=3600'


@pytest_asyncio.fixture(autouse=True)
async def _fresh_counts() -> AsyncIterator[None]:
    await close_api_limiters()  # memory storage: the counts go with it
    yield
    await close_api_limiters()


def _app() -> ASGIApp:
    return graphql_app(replace(settings(), api_read_limit="3/minute", api_write_limit="2/hour"))


def _client(app: ASGIApp, address: str = "203.0.113.7") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 4242))
    return httpx.AsyncClient(transport=transport, base_url="http://pass.test")


async def test_reads_past_the_limit_get_429(db: str) -> None:
    async with _client(_app()) as client:
        remaining = []
        for _ in range(3):
            answer = await client.get("/graphql", params={"query": READ})
            assert answer.status_code == 200
            assert answer.headers["ratelimit-policy"] == POLICY
            remaining.append(answer.headers["ratelimit"].split(";")[1])
        assert remaining == ["r=2", "r=1", "r=0"]

        refused = await client.post("/graphql", json={"query": READ})
        assert refused.status_code == 429
        retry = int(refused.headers["retry-after"])
        assert 1 <= retry <= 60
        assert refused.headers["ratelimit"] == f'"read";r=0;t={retry}'
        assert refused.headers["ratelimit-policy"] == POLICY
        error = refused.json()["errors"][0]
        assert error["extensions"]["code"] == "RATE_LIMITED"
        assert "3 per 60 seconds" in error["message"]

        # Writes have a budget of their own.
        write = await client.post("/graphql", json={"query": WRITE})
        assert write.status_code == 200
        assert write.headers["ratelimit"].startswith('"write";r=1;t=')

    async with _client(_app(), "203.0.113.8") as other:  # another client: a budget of its own
        assert (await other.get("/graphql", params={"query": READ})).status_code == 200


async def test_writes_past_the_limit_get_429(db: str) -> None:
    async with _client(_app()) as client:
        for _ in range(2):
            assert (await client.post("/graphql", json={"query": WRITE})).status_code == 200
        refused = await client.post("/graphql", json={"query": WRITE})
        assert refused.status_code == 429
        assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        assert 3000 < int(refused.headers["retry-after"]) <= 3600
        assert refused.headers["ratelimit"].startswith('"write";r=0;t=')
        # Reads are still allowed.
        read = await client.post("/graphql", json={"query": READ})
        assert read.status_code == 200
        assert read.headers["ratelimit"].startswith('"read";r=2;t=')


async def test_a_304_counts_as_a_read(demo_db: str) -> None:
    async with _client(_app()) as client:
        params = {"query": "{ regions { code } }"}
        first = await client.get("/graphql", params=params)
        etag = first.headers["etag"]
        for left in ("r=1", "r=0"):
            again = await client.get("/graphql", params=params, headers={"If-None-Match": etag})
            assert again.status_code == 304
            assert again.headers["ratelimit"].split(";")[1] == left
        refused = await client.get("/graphql", params=params, headers={"If-None-Match": etag})
        assert refused.status_code == 429


async def test_a_signed_in_client_is_counted_by_account(db: str) -> None:
    candidate = await new_candidate()
    token = await open_session(candidate)
    bearer = {"Authorization": f"Bearer {token}"}
    app = _app()
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):  # one account, anywhere
        async with _client(app, address) as client:
            answer = await client.post("/graphql", json={"query": READ}, headers=bearer)
            assert answer.status_code == 200
    async with _client(app, "203.0.113.4") as client:
        refused = await client.post("/graphql", json={"query": READ}, headers=bearer)
        assert refused.status_code == 429
        # The address itself still has its budget; so does a made-up token (counted by address).
        fake = {"Authorization": "Bearer not-a-token"}
        assert (await client.post("/graphql", json={"query": READ})).status_code == 200
        answer = await client.post("/graphql", json={"query": READ}, headers=fake)
        assert answer.headers["ratelimit"].split(";")[1] == "r=1"


_OTHER_PROCESS = """
import asyncio, sys
from dataclasses import replace
import httpx
from models.accounts import AccountConfig, configure_accounts
from server.graphql_app import graphql_app
from server.runtime import rate_limit_storage
from server.settings import settings

async def main() -> None:
    storage = rate_limit_storage(sys.argv[1])
    configure_accounts(AccountConfig("s", "http://pass.test", rate_limit_storage=storage))
    app = graphql_app(replace(settings(), api_read_limit="3/minute", api_write_limit="2/hour"))
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 4242))
    async with httpx.AsyncClient(transport=transport, base_url="http://pass.test") as client:
        for _ in range(2):
            answer = await client.post("/graphql", json={"query": "{ __typename }"})
            print(answer.status_code, answer.headers["ratelimit"].split(";")[1])

asyncio.run(main())
"""


async def test_processes_share_the_counts_in_redis(redis_url: str) -> None:
    configure_accounts(replace(account_config(), rate_limit_storage=rate_limit_storage(redis_url)))
    async with _client(_app()) as client:
        assert (await client.post("/graphql", json={"query": READ})).status_code == 200
    other = await asyncio.create_subprocess_exec(
        sys.executable, "-c", _OTHER_PROCESS, redis_url, stdout=asyncio.subprocess.PIPE
    )
    output, _ = await other.communicate()
    assert other.returncode == 0
    assert output.decode().split("\n")[:2] == ["200 r=1", "200 r=0"]
    async with _client(_app()) as client:
        refused = await client.post("/graphql", json={"query": READ})
        assert refused.status_code == 429


async def test_an_unreachable_storage_lets_the_api_answer() -> None:
    configure_accounts(
        replace(account_config(), rate_limit_storage="redis://127.0.0.1:9/0")  # nobody there
    )
    async with _client(_app()) as client:
        answer = await client.post("/graphql", json={"query": READ})
        assert answer.status_code == 200
        assert answer.json() == {"data": {"__typename": "Query"}}
        assert "ratelimit" not in answer.headers


async def test_refused_requests_count_and_say_so(db: str) -> None:
    async with _client(_app()) as client:
        csrf = await client.post("/graphql", content=READ, headers={"Content-Type": "text/plain"})
        assert csrf.status_code == 400
        assert csrf.headers["ratelimit"].startswith('"read";r=2;t=')
        huge = await client.post("/graphql", json={"query": READ, "pad": "x" * 70_000})
        assert huge.status_code == 413
        assert huge.headers["ratelimit"].startswith('"write";r=1;t=')
