"""Inviting recruiters and admins: an admin names an address, a role and an administration; the
invited person opens the mailed link, tells who they are, chooses a password, and is signed in.

The account exists only once the invitation is accepted, so an address invited by mistake holds
nothing. One invitation per address: inviting it again mails a fresh link and the old one stops
working. Links are single-use and live `INVITATION_LIFETIME`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.accounts.config import account_config
from models.accounts.errors import AccountErrorCode
from models.accounts.limits_policy import Limit
from models.accounts.mails import site_link
from models.accounts.passwords import hash_password
from models.accounts.registration import check_chosen_password, check_identity, check_logins
from models.accounts.sessions import open_session
from models.accounts.staff import INVITATION_LIFETIME
from models.accounts.tables import Account, AccountRole, StaffInvitation
from models.accounts.throttle import account_subject, throttle
from models.accounts.tokens import new_token, token_hash
from models.accounts.validation import check_email, email_key, username_key
from models.clock import now
from models.errors import ErrorCode, UserError, UserErrors
from models.mail.outbox import dispatch, queue_mail
from models.reference.tables import Administration

__all__ = [
    "EXISTING_ACCOUNT",
    "INVALID_INVITATION",
    "ROLE_LABELS",
    "Acceptance",
    "SentInvitation",
    "accept_invitation",
    "invitation_for",
    "invite_staff",
    "recent_invitations",
]

ROLE_LABELS = {AccountRole.RECRUITER: "recruteur", AccountRole.ADMIN: "administrateur"}
EXISTING_ACCOUNT = "Un compte existe déjà avec cette adresse e-mail : aucune invitation envoyée."
INVALID_INVITATION = (
    "Ce lien d'invitation n'est plus valide (déjà utilisé, expiré après "
    f"{INVITATION_LIFETIME.days} jours, ou remplacé par une invitation plus récente). Demandez à "
    "l'administrateur qui vous a invité de vous envoyer une nouvelle invitation."
)


_CODE_LENGTH: int = Administration._meta.fields_map["code"].max_length  # type: ignore[attr-defined]


def _could_be_code(value: str) -> bool:
    """Longer than the column or holding a NUL, a code names nothing; the database would
    raise instead of finding nothing."""
    return len(value) <= _CODE_LENGTH and value.isprintable()


async def invite_staff(
    inviter: Account, *, email: str, role: str, administration: str | None
) -> StaffInvitation:
    """Records the invitation and mails its link; raises UserErrors, mailing nothing.

    `administration` (a code) is required for a recruiter, optional for an admin."""
    if inviter.role is not AccountRole.ADMIN:
        raise UserErrors.one(
            None, ErrorCode.FORBIDDEN, "Seuls les administrateurs peuvent inviter des recruteurs."
        )
    errors: list[UserError] = []
    checked = check_email(email)
    if checked.error:
        message = (
            "Indiquez l'adresse e-mail de la personne à inviter."
            if checked.code is ErrorCode.REQUIRED
            else checked.error
        )
        errors.append(UserError("email", checked.code, message))
    try:
        chosen = AccountRole(role)
    except ValueError:
        chosen = AccountRole.CANDIDATE
    if chosen not in ROLE_LABELS:
        errors.append(
            UserError(
                "role", ErrorCode.INVALID, "Choisissez le rôle : recruteur ou administrateur."
            )
        )
    found = (
        await Administration.get_or_none(code=administration)
        if administration and _could_be_code(administration)
        else None
    )
    if administration and found is None:
        errors.append(
            UserError(
                "administration",
                ErrorCode.UNKNOWN,
                f"Administration inconnue : « {administration} ».",
            )
        )
    elif found is None and chosen is AccountRole.RECRUITER:
        errors.append(
            UserError(
                "administration",
                ErrorCode.REQUIRED,
                "Choisissez l'administration dont le recruteur publiera les offres.",
            )
        )
    if not checked.error and await Account.filter(email_key=email_key(checked.value)).exists():
        errors.append(UserError("email", ErrorCode.TAKEN, EXISTING_ACCOUNT))
    if errors:
        raise UserErrors(errors)
    address = checked.value
    refusal = await throttle().spend(
        (Limit.INVITATION_ACCOUNT, account_subject(inviter.id)),
        (Limit.INVITATION_ADDRESS, email_key(address)),
    )
    if refusal is not None:
        raise refusal.error("email")
    token = new_token()
    fields: dict[str, Any] = {
        "email": address,
        "role": chosen,
        "administration": found,
        "invited_by": inviter,
        "token_hash": token_hash(token),
        "expires_at": now() + INVITATION_LIFETIME,
        "accepted_at": None,
    }
    async with in_transaction():
        # A fresh row, dated now: the link mailed before matches no row any more.
        await StaffInvitation.filter(email_key=email_key(address)).delete()
        invitation = await StaffInvitation.create(email_key=email_key(address), **fields)
        mail = await queue_mail(
            "recruiter_invitation",
            address,
            {
                "site_url": account_config().site_url,
                "inviter": f"{inviter.first_name} {inviter.last_name}",
                "role_label": ROLE_LABELS[chosen],
                "administration": found.label if found else "",
                "accept_url": site_link("accept_invitation", token),
                "expires_days": INVITATION_LIFETIME.days,
            },
        )
    await dispatch([mail])
    return invitation


async def invitation_for(token: str) -> StaffInvitation | None:
    """The invitation this link opens, if it is still valid."""
    return (
        await StaffInvitation.filter(
            token_hash=token_hash(token or ""), accepted_at__isnull=True, expires_at__gt=now()
        )
        .prefetch_related("administration")
        .first()
    )


@dataclass(frozen=True, slots=True)
class SentInvitation:
    email: str
    role_label: str  # French
    administration: str  # label, "" for an admin without one
    sent_at: datetime
    expires_at: datetime
    accepted_at: datetime | None


async def recent_invitations(admin: Account, *, limit: int = 20) -> list[SentInvitation]:
    """The last invitations sent (by any admin), newest first."""
    if admin.role is not AccountRole.ADMIN:
        raise UserErrors.one(
            None, ErrorCode.FORBIDDEN, "Seuls les administrateurs peuvent voir les invitations."
        )
    rows = (
        await StaffInvitation.all()
        .order_by("-created_at", "-id")
        .limit(limit)
        .prefetch_related("administration")
    )
    return [
        SentInvitation(
            email=row.email,
            role_label=ROLE_LABELS.get(row.role, row.role.value),
            administration=row.administration.label if row.administration else "",
            sent_at=row.created_at,
            expires_at=row.expires_at,
            accepted_at=row.accepted_at,
        )
        for row in rows
    ]


@dataclass(frozen=True, slots=True)
class Acceptance:
    civility: str
    last_name: str
    first_name: str
    username: str
    password: str
    password_confirmation: str


async def accept_invitation(token: str, form: Acceptance) -> tuple[Account, str]:
    """Creates the account the invitation names and opens a session: (account, session token).
    Raises UserErrors, creating nothing; the link stays usable for a corrected attempt."""
    invitation = await invitation_for(token)
    if invitation is None:
        raise UserErrors.one("token", AccountErrorCode.INVALID_LINK, INVALID_INVITATION)
    errors: list[UserError] = []
    identity = check_identity(form.civility, form.last_name, form.first_name, "", errors)
    # The address may have got an account since it was invited (a candidate's, signed up).
    _, username = await check_logins(
        invitation.email, form.username, errors, email_taken_message=EXISTING_ACCOUNT
    )
    check_chosen_password(
        form.password,
        form.password_confirmation,
        [form.username, invitation.email, form.first_name, form.last_name],
        errors,
    )
    if errors:
        raise UserErrors(errors)
    password_hash = await hash_password(form.password)
    try:
        async with in_transaction():
            taken = await StaffInvitation.filter(
                id=invitation.id,
                token_hash=token_hash(token),
                accepted_at__isnull=True,
                expires_at__gt=now(),
            ).update(accepted_at=now())
            if not taken:  # accepted in another tab, or replaced, meanwhile
                raise UserErrors.one("token", AccountErrorCode.INVALID_LINK, INVALID_INVITATION)
            account = await Account.create(
                civility=identity.civility,
                last_name=identity.last_name,
                first_name=identity.first_name,
                email=invitation.email,
                email_key=email_key(invitation.email),
                username=username,
                username_key=username_key(username),
                password_hash=password_hash,
                role=invitation.role,
                administration_id=invitation.administration_id,  # type: ignore[attr-defined]
            )
            session = await open_session(account)
    except IntegrityError:
        raise UserErrors.one(
            "username",
            ErrorCode.TAKEN,
            "Cet identifiant ou cette adresse e-mail vient d'être pris.",
        ) from None
    return account, session
