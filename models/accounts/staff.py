"""Recruiter and admin accounts, made by an operator's command rather than by sign-up.

The account gets an unguessable password nobody knows and an invitation mail whose single-use
link lets its owner choose one (the « mot de passe oublié » page), so no password ever travels.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.accounts.links import create_link
from models.accounts.mails import account_mail, site_link
from models.accounts.passwords import hash_password
from models.accounts.registration import check_identity, check_logins
from models.accounts.tables import Account, AccountRole, LinkPurpose
from models.accounts.tokens import new_token
from models.accounts.validation import email_key, username_key
from models.errors import ErrorCode, UserError, UserErrors
from models.mail.outbox import dispatch
from models.reference.tables import Administration

__all__ = ["INVITATION_LIFETIME", "StaffAccount", "create_staff_account"]

INVITATION_LIFETIME = timedelta(days=7)
_ROLE_LABELS = {AccountRole.RECRUITER: "recruteur", AccountRole.ADMIN: "administrateur"}


@dataclass(frozen=True, slots=True)
class StaffAccount:
    role: AccountRole
    civility: str
    last_name: str
    first_name: str
    email: str
    username: str
    administration: str | None = None  # required for a recruiter


async def create_staff_account(form: StaffAccount) -> tuple[Account, str]:
    """The account and its invitation link (also mailed); raises UserErrors, creating nothing."""
    errors: list[UserError] = []
    if form.role not in _ROLE_LABELS:
        errors.append(UserError("role", ErrorCode.INVALID, "Rôle attendu : recruiter ou admin."))
    identity = check_identity(form.civility, form.last_name, form.first_name, "", errors)
    email, username = await check_logins(
        form.email,
        form.username,
        errors,
        email_taken_message="Un compte existe déjà avec cette adresse.",
    )
    administration = None
    if form.role is AccountRole.RECRUITER:
        administration = await Administration.get_or_none(code=form.administration or "")
        if administration is None:
            errors.append(
                UserError(
                    "administration",
                    ErrorCode.UNKNOWN,
                    f"Administration inconnue : « {form.administration or ''} ».",
                )
            )
    if errors:
        raise UserErrors(errors)
    password_hash = await hash_password(new_token())
    try:
        async with in_transaction():
            account = await Account.create(
                civility=identity.civility,
                last_name=identity.last_name,
                first_name=identity.first_name,
                email=email,
                email_key=email_key(email),
                username=username,
                username_key=username_key(username),
                password_hash=password_hash,
                role=form.role,
                administration=administration,
            )
            token = await create_link(account, LinkPurpose.PASSWORD_RESET, INVITATION_LIFETIME)
            link = site_link("reset_password", token)
            mail = await account_mail(
                "staff_invitation",
                account,
                role_label=_ROLE_LABELS[form.role],
                administration=administration.label if administration else "",
                username=account.username,
                reset_url=link,
                expires_days=INVITATION_LIFETIME.days,
            )
    except IntegrityError:
        raise UserErrors.one(
            "username",
            ErrorCode.TAKEN,
            "Cet identifiant ou cette adresse e-mail vient d'être pris.",
        ) from None
    await dispatch([mail])
    return account, link
