"""Signing in and out (« Connexion au site »)."""

from __future__ import annotations

from tortoise.expressions import Q

from models.accounts.errors import AccountErrorCode
from models.accounts.limits_policy import Limit
from models.accounts.passwords import hash_password, needs_rehash, verify_password
from models.accounts.sessions import close_session, open_session
from models.accounts.tables import Account
from models.accounts.throttle import account_subject, login_subject, throttle
from models.accounts.validation import email_key, username_key
from models.errors import UserErrors

__all__ = ["WRONG_CREDENTIALS", "sign_in", "sign_out"]

WRONG_CREDENTIALS = "Identifiant ou mot de passe incorrect."

# Verified when no account matches, so that the answer takes as long either way.
_DUMMY_HASH: str | None = None


async def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = await hash_password("not the password of anyone")
    return _DUMMY_HASH


async def sign_in(login: str, password: str, *, client_address: str) -> tuple[Account, str]:
    """The candidate and a new session token; one answer for an unknown login or a wrong
    password, a clear refusal while too many attempts have failed."""
    key = login.strip().casefold()
    matches = Q(username_key=username_key(key)) | Q(email_key=email_key(key))
    candidate = await Account.filter(matches).first() if key else None
    # Failures count against the account whichever login names it, so its username and its
    # e-mail share one budget; a login no account has is counted as typed.
    subject = account_subject(candidate.id) if candidate is not None else login_subject(login)
    checks = ((Limit.SIGN_IN_ACCOUNT, subject), (Limit.SIGN_IN_ADDRESS, client_address))
    refusal = await throttle().refusal(*checks)
    if refusal is not None:
        raise refusal.error()
    if candidate is None:
        await verify_password(await _dummy_hash(), password)
        verified = False
    else:
        verified = await verify_password(candidate.password_hash, password)
    if candidate is None or not verified:
        await throttle().hit(*checks)
        raise UserErrors.one(None, AccountErrorCode.WRONG_CREDENTIALS, WRONG_CREDENTIALS)
    await throttle().clear((Limit.SIGN_IN_ACCOUNT, subject))
    if needs_rehash(candidate.password_hash):
        candidate.password_hash = await hash_password(password)
        await candidate.save(update_fields=["password_hash"])
    return candidate, await open_session(candidate)


async def sign_out(token: str | None) -> None:
    await close_session(token)
