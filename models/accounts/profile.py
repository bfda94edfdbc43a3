"""« Modifier mes informations »: personal information, password, e-mail address."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.accounts.config import account_config
from models.accounts.errors import AccountErrorCode
from models.accounts.limits_policy import Limit
from models.accounts.links import consume_link, create_link
from models.accounts.mails import account_mail, site_link
from models.accounts.passwords import hash_password
from models.accounts.reauthentication import current_password_error
from models.accounts.registration import check_identity, email_taken
from models.accounts.sessions import close_other_sessions
from models.accounts.tables import Account, LinkPurpose
from models.accounts.throttle import account_subject, throttle
from models.accounts.validation import check_email, check_password, email_key
from models.errors import ErrorCode, UserError, UserErrors
from models.mail.outbox import dispatch

__all__ = [
    "ProfileChange",
    "change_password",
    "confirm_email_change",
    "request_email_change",
    "update_profile",
]

WRONG_PASSWORD = "Mot de passe actuel incorrect."


@dataclass(frozen=True, slots=True)
class ProfileChange:
    civility: str
    last_name: str
    first_name: str
    phone: str = ""


async def update_profile(candidate: Account, change: ProfileChange) -> Account:
    errors: list[UserError] = []
    identity = check_identity(
        change.civility, change.last_name, change.first_name, change.phone, errors
    )
    if errors:
        raise UserErrors(errors)
    candidate.civility = identity.civility
    candidate.last_name = identity.last_name
    candidate.first_name = identity.first_name
    candidate.phone = identity.phone
    await candidate.save(update_fields=["civility", "last_name", "first_name", "phone"])
    return candidate


def new_password_errors(candidate: Account, password: str, confirmation: str) -> list[UserError]:
    errors = []
    checked = check_password(
        password,
        personal=[candidate.username, candidate.email, candidate.first_name, candidate.last_name],
    )
    if checked.error:
        errors.append(UserError("new_password", checked.code, checked.error))
    if confirmation != password:
        errors.append(
            UserError(
                "new_password_confirmation",
                AccountErrorCode.MISMATCH,
                "La confirmation ne correspond pas au nouveau mot de passe.",
            )
        )
    return errors


async def change_password(
    candidate: Account,
    *,
    current_password: str,
    new_password: str,
    confirmation: str,
    keep_session: str | None,
) -> None:
    """Every session but `keep_session` (the one making the change) is signed out."""
    errors = new_password_errors(candidate, new_password, confirmation)
    wrong = await current_password_error(
        candidate, current_password, field="current_password", wrong=WRONG_PASSWORD
    )
    if wrong is not None:
        errors.insert(0, wrong)
    if errors:
        raise UserErrors(errors)
    candidate.password_hash = await hash_password(new_password)
    async with in_transaction():
        await candidate.save(update_fields=["password_hash"])
        await close_other_sessions(candidate, keep=keep_session)
        notice = await account_mail("password_changed", candidate)
    await dispatch([notice])


async def request_email_change(candidate: Account, *, new_email: str, password: str) -> str:
    """Sends a confirmation link to the new address and a notice to the old one; the address
    changes only when the link is followed. Returns the new address, normalised.

    Whether another account has the new address is said only after the password is right
    (and such requests are counted per account): before that, the answer and its timing are
    the same for any address."""
    checked = check_email(new_email)
    if checked.error:
        raise UserErrors.one("new_email", checked.code, checked.error)
    if email_key(checked.value) == candidate.email_key:
        raise UserErrors.one(
            "new_email", AccountErrorCode.UNCHANGED, "C'est déjà votre adresse e-mail."
        )
    request = (Limit.EMAIL_CHANGE, account_subject(candidate.id))
    refusal = await throttle().refusal(request)
    if refusal is not None:
        raise refusal.error()
    wrong = await current_password_error(
        candidate, password, field="password", wrong=WRONG_PASSWORD
    )
    if wrong is not None:
        raise UserErrors([wrong])
    refusal = await throttle().spend(request)
    if refusal is not None:  # spent meanwhile by a concurrent request
        raise refusal.error()
    if await email_taken(checked.value, other_than=candidate):
        raise UserErrors.one(
            "new_email", ErrorCode.TAKEN, "Un autre compte utilise déjà cette adresse e-mail."
        )
    config = account_config()
    async with in_transaction():
        token = await create_link(
            candidate, LinkPurpose.EMAIL_CHANGE, config.email_link_lifetime, new_email=checked.value
        )
        confirmation = await account_mail(
            "email_change_confirm",
            candidate,
            to=checked.value,
            new_email=checked.value,
            confirm_url=site_link("confirm_email", token),
            expires_hours=int(config.email_link_lifetime.total_seconds() // 3600),
        )
        notice = await account_mail("email_change_notice", candidate, new_email=checked.value)
    await dispatch([confirmation, notice])
    return checked.value


async def confirm_email_change(token: str) -> Account:
    link = await consume_link(token, LinkPurpose.EMAIL_CHANGE)
    if link is None:
        raise UserErrors.one(
            "token",
            AccountErrorCode.INVALID_LINK,
            "Ce lien de confirmation n'est plus valide (déjà utilisé, expiré ou remplacé par "
            "une demande plus récente).",
        )
    candidate = link.candidate
    candidate.email = link.new_email
    candidate.email_key = email_key(link.new_email)
    try:
        await candidate.save(update_fields=["email", "email_key"])
    except IntegrityError:
        raise UserErrors.one(
            "token", ErrorCode.TAKEN, "Un autre compte utilise désormais cette adresse e-mail."
        ) from None
    return candidate
