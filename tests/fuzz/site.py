"""The whole site in a child process (uvicorn, SQLite, the demo catalogue, an administrator),
for tools that need a real address."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).parents[2]
ADMIN_PASSWORD = "lanterne-verte-du-phare"

_CREATE_ADMIN = f"""
import asyncio
from models.accounts.passwords import PASSWORD_HASHER
from models.accounts.tables import Account, AccountRole, Civility
from server.runtime import Role, open_runtime
from server.settings import load_settings

async def main():
    async with open_runtime(load_settings(), Role.COMMAND):
        await Account.create(
            civility=Civility.MADAME, last_name="Fuzz", first_name="Admin",
            email="admin.fuzz@exemple.fr", email_key="admin.fuzz@exemple.fr",
            username="admin.fuzz", username_key="admin.fuzz", role=AccountRole.ADMIN,
            password_hash=PASSWORD_HASHER.hash({ADMIN_PASSWORD!r}))

asyncio.run(main())
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Site:
    url: str

    def admin_token(self) -> str:
        response = httpx.post(
            f"{self.url}/graphql",
            json={
                "query": 'mutation($p: String!) { login(login: "admin.fuzz", password: $p) '
                "{ token userErrors { message } } }",
                "variables": {"p": ADMIN_PASSWORD},
            },
            timeout=30,
        )
        token = response.json()["data"]["login"]["token"]
        assert token, response.text
        return str(token)


@contextmanager
def running_site(data_dir: Path) -> Iterator[Site]:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "PASS_DATA_DIR": str(data_dir),
        "PASS_DEMO_DATA": "1",
        "PORT": str(port),
    }
    subprocess.run([sys.executable, "-m", "server", "prepare"], env=env, cwd=ROOT, check=True,
                   capture_output=True)  # fmt: skip
    subprocess.run([sys.executable, "-c", _CREATE_ADMIN], env=env, cwd=ROOT, check=True)
    log = (data_dir / "server.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "server.app:create_app",
            "--factory",
            "--port",
            str(port),
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None:
                raise RuntimeError((data_dir / "server.log").read_text()[-3000:])
            time.sleep(0.1)
        yield Site(url)
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
