"""What a web process's start skips (server.lean_start), checked in a fresh interpreter: the
test process itself has long imported everything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()


def test_importing_the_app_leaves_the_client_libraries_unloaded_and_the_collector_on() -> None:
    out = _run(
        "import gc, sys\n"
        "import server.app\n"
        "print(gc.isenabled(), gc.get_freeze_count() > 50_000,\n"
        "      [n for n in ('aiohttp.client', 'requests.sessions', 'urllib3', 'phonenumbers',\n"
        "                   'zxcvbn', 'rapidfuzz', 'altcha', 'aiosmtplib') if n in sys.modules])\n"
    )
    assert out == "True True []"


def test_a_deferred_library_loads_in_full_on_first_use() -> None:
    out = _run(
        "import sys\n"
        "import server.app\n"
        "import engineio.async_client as client\n"
        "from aiohttp import ClientSession\n"
        "print(client.aiohttp.ClientSession is ClientSession,\n"
        "      client.aiohttp.client_exceptions.ClientConnectionError.__name__,\n"
        "      type(sys.modules['aiohttp']).__name__, 'urllib3' in sys.modules)\n"
        "import requests.adapters\n"
        "print(requests.adapters.HTTPAdapter.__name__, requests.Session.__name__)\n"
    )
    assert out == "True ClientConnectionError module False\nHTTPAdapter Session"


def test_the_libraries_used_later_load_on_first_use() -> None:
    out = _run(
        "import server.app\n"
        "from models.accounts.validation import check_phone\n"
        "from ui.account_forms import readable_phone\n"
        "print(check_phone('06 12 34 56 78').value, readable_phone('+33612345678'))\n"
    )
    assert out == "+33612345678 06 12 34 56 78"
