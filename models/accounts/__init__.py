"""Accounts (candidates; recruiters and admins, made by a command): registration, sign-in
sessions, profile changes, recovery, deletion."""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.public_face import exports_of

if TYPE_CHECKING:
    from models.accounts.captcha import Captcha, new_captcha
    from models.accounts.config import AccountConfig, account_config, configure_accounts
    from models.accounts.deletion import delete_account
    from models.accounts.housekeeping import purge_expired
    from models.accounts.invitations import (
        EXISTING_ACCOUNT,
        INVALID_INVITATION,
        ROLE_LABELS,
        Acceptance,
        SentInvitation,
        accept_invitation,
        invitation_for,
        invite_staff,
        recent_invitations,
    )
    from models.accounts.profile import (
        ProfileChange,
        change_password,
        confirm_email_change,
        request_email_change,
        update_profile,
    )
    from models.accounts.proof_of_work import new_challenge
    from models.accounts.recovery import (
        INVALID_LINK,
        request_password_reset,
        reset_link_is_valid,
        reset_password,
    )
    from models.accounts.registration import Registration, register
    from models.accounts.sessions import account_for_token, close_session, open_session
    from models.accounts.signin import sign_in, sign_out
    from models.accounts.staff import INVITATION_LIFETIME, StaffAccount, create_staff_account
    from models.accounts.tables import Account, AccountRole, Civility
    from models.accounts.throttle import close_throttles
    from models.accounts.validation import (
        NAME_MAX,
        PASSWORD_MAX,
        PASSWORD_MIN,
        USERNAME_MAX,
        USERNAME_MIN,
    )

__all__ = [
    "EXISTING_ACCOUNT",
    "INVALID_INVITATION",
    "INVALID_LINK",
    "INVITATION_LIFETIME",
    "NAME_MAX",
    "PASSWORD_MAX",
    "PASSWORD_MIN",
    "ROLE_LABELS",
    "USERNAME_MAX",
    "USERNAME_MIN",
    "Acceptance",
    "Account",
    "AccountConfig",
    "AccountRole",
    "Captcha",
    "Civility",
    "ProfileChange",
    "Registration",
    "SentInvitation",
    "StaffAccount",
    "accept_invitation",
    "account_config",
    "account_for_token",
    "change_password",
    "close_session",
    "close_throttles",
    "configure_accounts",
    "confirm_email_change",
    "create_staff_account",
    "delete_account",
    "invitation_for",
    "invite_staff",
    "new_captcha",
    "new_challenge",
    "open_session",
    "purge_expired",
    "recent_invitations",
    "register",
    "request_email_change",
    "request_password_reset",
    "reset_link_is_valid",
    "reset_password",
    "sign_in",
    "sign_out",
    "update_profile",
]

__getattr__ = exports_of(__name__, __file__)
