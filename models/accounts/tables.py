"""Accounts (candidates, recruiters, admins) and what hangs off them: sessions, one-time
links, used CAPTCHAs."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.reference.tables import Administration

__all__ = [
    "Account",
    "AccountLink",
    "AccountRole",
    "CandidateSession",
    "Civility",
    "LinkPurpose",
    "StaffInvitation",
    "UsedCaptcha",
]


class Civility(StrEnum):
    MADAME = "madame"
    MONSIEUR = "monsieur"

    @property
    def label(self) -> str:
        return "Madame" if self is Civility.MADAME else "Monsieur"


class AccountRole(StrEnum):
    """Candidates browse and save; recruiters publish their administration's offers; admins
    publish any administration's offers."""

    CANDIDATE = "candidate"
    RECRUITER = "recruiter"
    ADMIN = "admin"


class Account(Model):
    """An account. Most are candidates; recruiters and admins are made by a command."""

    id = fields.IntField(primary_key=True)
    civility = fields.CharEnumField(Civility, max_length=10)
    last_name = fields.CharField(max_length=100)
    first_name = fields.CharField(max_length=100)
    phone = fields.CharField(max_length=20, default="")  # E.164, "" when not given
    email = fields.CharField(max_length=254)
    username = fields.CharField(max_length=50)
    # Case-folded copies carry the uniqueness, so « Zoé » and « zoé » cannot both register.
    email_key = fields.CharField(max_length=254, unique=True)
    username_key = fields.CharField(max_length=50, unique=True)
    password_hash = fields.CharField(max_length=200)
    role = fields.CharEnumField(AccountRole, max_length=12, default=AccountRole.CANDIDATE)
    # A recruiter's administration: the only one whose offers they may touch.
    administration: fields.ForeignKeyNullableRelation[Administration] = fields.ForeignKeyField(
        "models.Administration", related_name="recruiters", null=True, on_delete=fields.RESTRICT
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    # Last sign-in or use of a session, to the day (models.personal_data.inactivity); null
    # until the first, when the account's age counts instead.
    last_seen_at = fields.DatetimeField(null=True)
    # When the « compte inactif » warning was mailed; cleared when the account is used again.
    inactivity_warned_at = fields.DatetimeField(null=True)

    sessions: fields.ReverseRelation[CandidateSession]
    links: fields.ReverseRelation[AccountLink]

    class Meta:
        table = "account"  # "candidate" until migration 0008


class CandidateSession(Model):
    """A signed-in session. Only the SHA-256 of its token is stored."""

    id = fields.IntField(primary_key=True)
    candidate: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="sessions", on_delete=fields.CASCADE
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()

    class Meta:
        table = "candidate_session"


class LinkPurpose(StrEnum):
    EMAIL_CHANGE = "email_change"
    PASSWORD_RESET = "password_reset"


class AccountLink(Model):
    """A single-use link sent by e-mail. Only the SHA-256 of its token is stored."""

    id = fields.IntField(primary_key=True)
    candidate: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="links", on_delete=fields.CASCADE
    )
    purpose = fields.CharEnumField(LinkPurpose, max_length=20)
    token_hash = fields.CharField(max_length=64, unique=True)
    new_email = fields.CharField(max_length=254, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "account_link"


class StaffInvitation(Model):
    """An administrator's invitation to open a recruiter or admin account. One per address:
    inviting it again replaces the link. Only the SHA-256 of the link's token is stored."""

    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=254)
    email_key = fields.CharField(max_length=254, unique=True)
    role = fields.CharEnumField(AccountRole, max_length=12)
    administration: fields.ForeignKeyNullableRelation[Administration] = fields.ForeignKeyField(
        "models.Administration", related_name="invitations", null=True, on_delete=fields.CASCADE
    )
    # Kept when the inviter's account goes: the invitation stays valid.
    invited_by: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="invitations_sent", null=True, on_delete=fields.SET_NULL
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    accepted_at = fields.DatetimeField(null=True)

    class Meta:
        table = "staff_invitation"


class UsedCaptcha(Model):
    """CAPTCHA questions already answered: each may be answered once."""

    id = fields.CharField(max_length=32, primary_key=True)
    expires_at = fields.DatetimeField()

    class Meta:
        table = "used_captcha"
