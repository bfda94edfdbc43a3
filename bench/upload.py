"""Upload benchmark: `python -m bench.upload [--megabytes 150]`.

Starts the real site (uvicorn, SQLite, an empty catalogue), creates an account through the
API, then streams one document of the given size as a GraphQL multipart upload over HTTP. It
reports the throughput and the server's memory growth (peak resident set minus the resident
set before the upload), and does the same against a naive endpoint that reads the whole body
into memory, in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Mapping
from pathlib import Path

import httpx

from bench.processes import NO_API_LIMITS, PeakMemory, free_port, rss_mb, start_server, stop
from models.accounts.proof_of_work import solve
from models.demo.example_offer import example_attachment_pdf

BOUNDARY = "passbenchboundary"
PASSWORD = "girafe-bleue-du-jardin"
CHUNK = 1 << 20


async def _multipart(size: int, operations: Mapping[str, object]) -> AsyncIterator[bytes]:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n'
        f"{json.dumps(operations)}\r\n"
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="map"\r\n\r\n'
        '{"0": ["variables.f"]}\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="0"; filename="cv.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    yield head
    pdf = example_attachment_pdf()
    yield pdf
    sent = len(pdf)
    filler = b"\x00" * CHUNK
    while sent < size:
        part = filler[: min(CHUNK, size - sent)]
        sent += len(part)
        yield part
    yield f"\r\n--{BOUNDARY}--\r\n".encode()


async def _account(client: httpx.AsyncClient) -> str:
    async def gql(query: str, variables: dict[str, object] | None = None) -> dict[str, object]:
        response = await client.post(
            "/graphql", json={"query": query, "variables": variables or {}}
        )
        data: dict[str, object] = response.json()["data"]
        return data

    query = "mutation { requestCaptcha { token question altcha } }"
    captcha = (await gql(query))["requestCaptcha"]
    first, second = str(captcha["question"]).removesuffix("=").split("+")  # type: ignore[index]
    registered = await gql(
        "mutation($i: RegisterInput!) { register(input: $i) { userErrors { message } } }",
        {"i": {"civility": "MADAME", "lastName": "Banc", "firstName": "Essai",
               "email": "banc@exemple.fr", "username": "banc.essai", "password": PASSWORD,
               "passwordConfirmation": PASSWORD, "captchaToken": captcha["token"],  # type: ignore[index]
               "captchaAnswer": str(int(first) + int(second)),
               "altchaPayload": solve(str(captcha["altcha"]))}},  # type: ignore[index]
    )  # fmt: skip
    assert not registered["register"]["userErrors"], registered  # type: ignore[index]
    login = await gql(
        'mutation { login(login: "banc.essai", password: "' + PASSWORD + '") { token } }'
    )
    return str(login["login"]["token"])  # type: ignore[index]


async def _send(
    port: int, path: str, size: int, headers: dict[str, str], body: AsyncIterator[bytes]
) -> tuple[float, int, str]:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=600) as client:
        started = time.perf_counter()
        response = await client.post(path, content=body, headers=headers)
        return time.perf_counter() - started, response.status_code, response.text[:200]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--megabytes", type=int, default=150)
    args = parser.parse_args()
    size = args.megabytes * 1_000_000 - 10_000  # a file just under the limit
    data = Path(tempfile.mkdtemp(prefix="pass-bench-upload-"))
    port = free_port()
    env = {**os.environ, **NO_API_LIMITS, "PASS_DATA_DIR": str(data), "PASS_DEMO_DATA": "0"}
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    subprocess.run([sys.executable, "-m", "server", "prepare"], env=env, check=True)  # noqa: ASYNC221
    server = await start_server(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "server.app:create_app",
            "--factory",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env,
        port,
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            token = await _account(client)
        operations = {
            "query": "mutation($f: Upload!) { uploadDocument(category: CV, file: $f) "
            "{ document { size } userErrors { message } } }",
            "variables": {"f": None},
        }
        headers = {
            "Authorization": f"Bearer {token}",
            "Apollo-Require-Preflight": "true",
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
        }
        before = rss_mb(server.pid)
        with PeakMemory(server.pid) as memory:
            seconds, status, text = await _send(
                port, "/graphql", size, headers, _multipart(size, operations)
            )
        ours = (seconds, memory.peak - before, status, text)
        # Over the limit, streamed without a length: cut off while streaming.
        oversize = size * 2
        with PeakMemory(server.pid) as memory:
            seconds, status, text = await _send(
                port, "/graphql", oversize, headers, _multipart(oversize, operations)
            )
        refused = (seconds, memory.peak - before, status, text)
        stored = sum(f.stat().st_size for f in (data / "files").rglob("*") if f.is_file())
    finally:
        stop(server)

    naive_port = free_port()
    naive = await start_server(
        [sys.executable, "-m", "bench.naive_upload", str(naive_port), str(data / "naive")],
        env,
        naive_port,
    )
    try:
        before = rss_mb(naive.pid)
        with PeakMemory(naive.pid) as memory:
            multipart = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
            seconds, status, text = await _send(
                naive_port, "/upload", size, multipart, _multipart(size, operations)
            )
        baseline = (seconds, memory.peak - before, status, text)
    finally:
        stop(naive)

    megabytes = size / 1_000_000
    print(f"\nUpload of one {megabytes:.0f} MB document over HTTP (localhost):")
    print(f"  {'':32} {'seconds':>8} {'MB/s':>8} {'memory growth MB':>17}  status")
    for name, (secs, growth, status, text) in (
        ("ours (GraphQL multipart)", ours),
        ("naive (whole body in memory)", baseline),
    ):
        print(f"  {name:32} {secs:8.2f} {megabytes / secs:8.1f} {growth:17.1f}  {status}")
        if status != 200 or 'userErrors":[]' not in text.replace(" ", ""):
            print(f"    response: {text}")
    print(f"  memory ratio naive / ours: {baseline[1] / max(ours[1], 0.1):.1f}x")
    print(
        f"  a {oversize / 1_000_000:.0f} MB upload: status {refused[2]} after {refused[0]:.2f} s, "
        f"memory growth {refused[1]:.1f} MB; bytes in storage afterwards: {stored:,} "
        f"(the accepted file only: {size:,})"
    )


if __name__ == "__main__":
    asyncio.run(main())
