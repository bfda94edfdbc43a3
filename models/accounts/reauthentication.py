"""The current password asked again before a sensitive change (e-mail, password, deletion).

A stolen session must not become a way to guess the password at leisure: wrong passwords are
counted per account (`password-check/account`), and once the limit is spent every check is
refused for a while, the right password included.
"""

from __future__ import annotations

from models.accounts.errors import AccountErrorCode
from models.accounts.limits_policy import Limit
from models.accounts.passwords import verify_password
from models.accounts.tables import Account
from models.accounts.throttle import account_subject, throttle
from models.errors import UserError

__all__ = ["current_password_error"]


async def current_password_error(
    candidate: Account, password: str, *, field: str, wrong: str
) -> UserError | None:
    """None when `password` is the candidate's; else the error to report under `field`
    (`wrong` is its French message), or a « too many attempts » refusal."""
    check = (Limit.PASSWORD_CHECK, account_subject(candidate.id))
    refusal = await throttle().refusal(check)
    if refusal is not None:
        return UserError(field, AccountErrorCode.TOO_MANY_ATTEMPTS, refusal.message)
    if await verify_password(candidate.password_hash, password):
        return None
    await throttle().hit(check)
    return UserError(field, AccountErrorCode.WRONG_PASSWORD, wrong)
