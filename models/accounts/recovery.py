"""« Mot de passe oublié »: a single-use link by e-mail, valid for an hour."""

from __future__ import annotations

import asyncio
import time

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from models.accounts.config import account_config
from models.accounts.errors import AccountErrorCode
from models.accounts.limits_policy import Limit
from models.accounts.links import consume_link, create_link
from models.accounts.mails import account_mail, site_link
from models.accounts.passwords import hash_password
from models.accounts.profile import new_password_errors
from models.accounts.sessions import close_other_sessions
from models.accounts.tables import Account, AccountLink, LinkPurpose
from models.accounts.throttle import account_subject, throttle
from models.accounts.tokens import token_hash
from models.accounts.validation import email_key, username_key
from models.clock import now
from models.errors import ErrorCode, UserErrors
from models.mail.outbox import dispatch

__all__ = ["request_password_reset", "reset_link_is_valid", "reset_password"]

INVALID_LINK = (
    "Ce lien de réinitialisation n'est plus valide (déjà utilisé, expiré après une heure, ou "
    "remplacé par une demande plus récente). Demandez-en un nouveau."
)


async def request_password_reset(login: str, *, client_address: str) -> None:
    """Mails a link if an account has this username or e-mail; says nothing either way.

    Requests are counted per client address (refused past the limit, whoever they name) and
    mails per account (past that limit, the same answer and no mail). The answer comes no
    sooner than `reset_answer_seconds` after the request, so that the time taken to queue a
    mail does not tell that an account exists."""
    started = time.monotonic()
    key = login.strip().casefold()
    if not key:
        raise UserErrors.one(
            "login", ErrorCode.REQUIRED, "Indiquez votre identifiant ou votre e-mail."
        )
    refusal = await throttle().spend((Limit.RESET_ADDRESS, client_address))
    if refusal is not None:
        raise refusal.error("login")
    try:
        candidate = await Account.filter(
            Q(username_key=username_key(key)) | Q(email_key=email_key(key))
        ).first()
        if candidate is not None:
            await _mail_reset_link(candidate)
    finally:
        floor = account_config().reset_answer_seconds
        await asyncio.sleep(max(0.0, floor - (time.monotonic() - started)))


async def _mail_reset_link(candidate: Account) -> None:
    if await throttle().spend((Limit.RESET_ACCOUNT, account_subject(candidate.id))) is not None:
        return  # enough links for this account this hour; the answer stays the same
    lifetime = account_config().reset_link_lifetime
    async with in_transaction():
        token = await create_link(candidate, LinkPurpose.PASSWORD_RESET, lifetime)
        mail = await account_mail(
            "password_reset",
            candidate,
            reset_url=site_link("reset_password", token),
            expires_minutes=int(lifetime.total_seconds() // 60),
        )
    await dispatch([mail])


async def reset_link_is_valid(token: str) -> bool:
    return await AccountLink.filter(
        token_hash=token_hash(token or ""),
        purpose=LinkPurpose.PASSWORD_RESET,
        used_at__isnull=True,
        expires_at__gt=now(),
    ).exists()


async def reset_password(token: str, *, new_password: str, confirmation: str) -> Account:
    """Sets the new password and signs out every session; the link then stops working."""
    link = (
        await AccountLink.filter(
            token_hash=token_hash(token or ""),
            purpose=LinkPurpose.PASSWORD_RESET,
            used_at__isnull=True,
            expires_at__gt=now(),
        )
        .prefetch_related("candidate")
        .first()
    )
    if link is None:
        raise UserErrors.one("token", AccountErrorCode.INVALID_LINK, INVALID_LINK)
    candidate = link.candidate
    errors = new_password_errors(candidate, new_password, confirmation)
    if errors:
        raise UserErrors(errors)  # the link stays usable for a corrected attempt
    password_hash = await hash_password(new_password)
    async with in_transaction():
        if await consume_link(token, LinkPurpose.PASSWORD_RESET) is None:
            raise UserErrors.one("token", AccountErrorCode.INVALID_LINK, INVALID_LINK)
        candidate.password_hash = password_hash
        await candidate.save(update_fields=["password_hash"])
        await close_other_sessions(candidate, keep=None)
        notice = await account_mail("password_changed", candidate)
    await dispatch([notice])
    return candidate
