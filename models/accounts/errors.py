"""The codes of the mistakes only accounts report (the generic ones are `ErrorCode`)."""

from __future__ import annotations

from models.errors import UserErrorCode

__all__ = ["AccountErrorCode"]


class AccountErrorCode(UserErrorCode):
    WRONG_CREDENTIALS = "wrong_credentials"  # sign-in: unknown login or wrong password, alike
    WRONG_PASSWORD = "wrong_password"  # the current password, asked again
    TOO_MANY_ATTEMPTS = "too_many_attempts"  # a rate limit is spent (models.accounts.throttle)
    CAPTCHA = "captcha"  # the arithmetic question or the proof of work failed
    MISMATCH = "mismatch"  # a confirmation differs from the password
    TOO_SHORT = "too_short"  # password
    TOO_GUESSABLE = "too_guessable"  # password, by zxcvbn
    LENGTH = "length"  # username outside its bounds
    UNCHANGED = "unchanged"  # the new e-mail address is the current one
    INVALID_LINK = "invalid_link"  # a mailed link used, expired or replaced
