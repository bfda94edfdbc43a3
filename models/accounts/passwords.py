"""Password hashing with argon2id (argon2-cffi), off the event loop and bounded in concurrency.

Each hash holds its memory cost for its whole run and a core for ~50 ms: without a bound, a burst
of sign-ins runs as many hashes as there are threads (anyio's default pool has 40), which took a
process from 229 to 817 MB and starved the searches sharing its cores. Hashes beyond the bound
wait their turn; the wait costs nothing but time.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

__all__ = [
    "HASH_CONCURRENCY",
    "PASSWORD_HASHER",
    "hash_password",
    "needs_rehash",
    "use_password_hasher",
    "verify_password",
]

# OWASP's argon2id profile m=19 MiB, t=2, p=1 (Password Storage Cheat Sheet), which it rates as
# strong as m=46 MiB, t=1: a third of the memory of argon2-cffi's default (RFC 9106's 64 MiB,
# t=3, p=4, whose four lanes take every core of a small machine at once) and a quarter of its
# time. Hashes made with another profile are redone at the next sign-in (needs_rehash).
PASSWORD_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# One hash per core at most, so that at least the event loop's share of the machine stays free
# whatever the number of sign-ins in flight; peak memory of hashing is this times 19 MiB.
HASH_CONCURRENCY = max(1, min(2, (os.cpu_count() or 1) - 1))

# Below the event loop's priority: when the cores are all busy, pages and searches go first and
# a sign-in waits a little longer, instead of the other way round.
HASH_NICENESS = 10

_hasher = PASSWORD_HASHER
_T = TypeVar("_T")


def _lower_priority() -> None:
    # Linux schedules each thread on its own, so a thread can have its own niceness; elsewhere
    # the hashes just run at normal priority.
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASH_NICENESS)


# Its own threads, HASH_CONCURRENCY of them: a hash beyond that waits in the pool's queue.
_hashing = ThreadPoolExecutor(
    max_workers=HASH_CONCURRENCY, thread_name_prefix="argon2", initializer=_lower_priority
)


def use_password_hasher(hasher: PasswordHasher) -> None:
    """Tests use a cheap profile; changing it in production rehashes at the next sign-in."""
    global _hasher
    _hasher = hasher


async def _in_hashing_thread(work: Callable[[], _T]) -> _T:
    return await asyncio.get_running_loop().run_in_executor(_hashing, work)


async def hash_password(password: str) -> str:
    hasher = _hasher
    return await _in_hashing_thread(lambda: hasher.hash(password))


async def verify_password(password_hash: str, password: str) -> bool:
    hasher = _hasher

    def verify() -> bool:
        try:
            return hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    return await _in_hashing_thread(verify)


def needs_rehash(password_hash: str) -> bool:
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True
