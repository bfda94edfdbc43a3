"""Checks of what candidates type: names, e-mail, phone, username, password.

E-mail syntax by email-validator, phone numbers by phonenumbers (Google's libphonenumber),
password guessability by zxcvbn. Each check returns the cleaned value or a French message.
"""

from __future__ import annotations

from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from models.accounts.errors import AccountErrorCode
from models.errors import ErrorCode, UserErrorCode

__all__ = [
    "NAME_MAX",
    "PASSWORD_MAX",
    "PASSWORD_MIN",
    "USERNAME_MAX",
    "USERNAME_MIN",
    "Checked",
    "check_email",
    "check_name",
    "check_password",
    "check_phone",
    "check_username",
    "email_key",
    "username_key",
]

USERNAME_MIN = 3
USERNAME_MAX = 50
NAME_MAX = 100
# ANSSI and NIST both favour length over composition rules, plus a refusal of the passwords
# attackers try first: at least 12 characters, any characters, and not easy to guess.
PASSWORD_MIN = 12
PASSWORD_MAX = 128
_USERNAME_EXTRA = frozenset(" .-'@")
# zxcvbn's frequency lists come from English-speaking leaks; these French favourites of
# published password leak rankings are missing from them, so they are added as known words.
_FRENCH_COMMON = [
    "motdepasse", "jetaime", "bonjour", "doudou", "chouchou", "loulou", "soleil",
    "marseille", "france", "amour", "coucou", "bisous", "pompier", "princesse",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Checked:
    value: str
    error: str | None = None  # French message
    code: UserErrorCode = ErrorCode.INVALID  # meaningful only with an error


def _ok(value: str) -> Checked:
    return Checked(value)


def _bad(code: UserErrorCode, message: str, value: str = "") -> Checked:
    return Checked(value, message, code)


def check_name(raw: str, label: str) -> Checked:
    value = " ".join(raw.split())
    if not value:
        return _bad(ErrorCode.REQUIRED, f"Indiquez votre {label}.")
    if len(value) > NAME_MAX:
        return _bad(ErrorCode.TOO_LONG, f"{NAME_MAX} caractères au plus.", value)
    if any(not (ch.isalpha() or ch in " -'.") for ch in value):
        return _bad(ErrorCode.INVALID, "Lettres, espaces, tirets et apostrophes seulement.", value)
    return _ok(value)


def check_email(raw: str) -> Checked:
    value = raw.strip()
    if not value:
        return _bad(ErrorCode.REQUIRED, "Indiquez votre adresse e-mail.")
    try:
        valid = validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        message = "Cette adresse e-mail n'est pas valide (exemple : prenom.nom@exemple.fr)."
        return _bad(ErrorCode.INVALID, message, value)
    return _ok(valid.normalized)


def email_key(email: str) -> str:
    return email.strip().casefold()


def check_phone(raw: str) -> Checked:
    value = raw.strip()
    if not value:
        return _ok("")
    import phonenumbers  # loaded on first use: a web process starts without it

    try:
        number = phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        return _bad(
            ErrorCode.INVALID,
            "Ce numéro de téléphone n'est pas valide (exemple : 06 12 34 56 78 ou +44 20 7946 0958).",  # noqa: E501
            value,
        )
    return _ok(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def check_username(raw: str) -> Checked:
    value = raw.strip()
    if not value:
        return _bad(ErrorCode.REQUIRED, "Choisissez un identifiant.")
    if not USERNAME_MIN <= len(value) <= USERNAME_MAX:
        return _bad(
            AccountErrorCode.LENGTH, f"De {USERNAME_MIN} à {USERNAME_MAX} caractères.", value
        )
    if any(not (ch.isalnum() or ch in _USERNAME_EXTRA) or ch == "_" for ch in value):
        return _bad(
            ErrorCode.INVALID,
            "Lettres, chiffres, espaces et les signes . - ' @ seulement.",
            value,
        )
    return _ok(value)


def username_key(username: str) -> str:
    return username.strip().casefold()


def check_password(password: str, *, personal: list[str]) -> Checked:
    """`personal`: the candidate's names, e-mail and username, which a password must not echo."""
    if not password:
        return _bad(ErrorCode.REQUIRED, "Choisissez un mot de passe.")
    if len(password) < PASSWORD_MIN:
        return _bad(
            AccountErrorCode.TOO_SHORT,
            f"Au moins {PASSWORD_MIN} caractères : une phrase de quelques mots est idéale.",
        )
    if len(password) > PASSWORD_MAX:
        return _bad(ErrorCode.TOO_LONG, f"{PASSWORD_MAX} caractères au plus.")
    # zxcvbn's cost grows quickly with length; its verdict is settled by the first 64 characters.
    known = [p for p in personal if p] + _FRENCH_COMMON
    import zxcvbn  # loaded on first use: a web process starts without it

    verdict = zxcvbn.zxcvbn(password[:64], user_inputs=known)
    if verdict["score"] < 3:
        return _bad(
            AccountErrorCode.TOO_GUESSABLE,
            "Ce mot de passe est trop facile à deviner (mot de passe courant, suite de "
            "caractères ou vos propres nom et identifiant). Ajoutez des mots peu courants.",
        )
    return _ok(password)
