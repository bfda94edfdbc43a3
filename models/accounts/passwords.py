"""Password hashing with argon2id (argon2-cffi), off the event loop."""

from __future__ import annotations

import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

__all__ = ["hash_password", "needs_rehash", "use_password_hasher", "verify_password"]

# argon2-cffi's defaults follow RFC 9106's second recommended profile (argon2id, 64 MiB).
_hasher = PasswordHasher()


def use_password_hasher(hasher: PasswordHasher) -> None:
    """Tests use a cheap profile; changing it in production rehashes at the next sign-in."""
    global _hasher
    _hasher = hasher


async def hash_password(password: str) -> str:
    hashed: str = await anyio.to_thread.run_sync(_hasher.hash, password)
    return hashed


async def verify_password(password_hash: str, password: str) -> bool:
    def verify() -> bool:
        try:
            return _hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    return await anyio.to_thread.run_sync(verify)


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
