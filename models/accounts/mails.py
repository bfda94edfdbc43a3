"""The account mails: who gets which, with what in it. Queued in the caller's transaction."""

from __future__ import annotations

from models import site_paths
from models.accounts.config import account_config
from models.accounts.tables import Account
from models.mail.outbox import queue_mail
from models.mail.tables import OutgoingMail

__all__ = ["SITE_PATHS", "account_mail", "site_link"]

# The web pages mails link to (ui.pages.account serves them).
SITE_PATHS = {
    "sign_in": site_paths.SIGN_IN,
    "confirm_email": site_paths.CONFIRM_EMAIL,
    "reset_password": site_paths.RESET_PASSWORD,
    "accept_invitation": site_paths.ACCEPT_INVITATION,
}


def site_link(page: str, token: str | None = None) -> str:
    url = account_config().site_url + SITE_PATHS[page]
    return f"{url}?jeton={token}" if token else url


async def account_mail(
    kind: str, candidate: Account, *, to: str | None = None, **extra: object
) -> OutgoingMail:
    context: dict[str, object] = {
        "site_url": account_config().site_url,
        "first_name": candidate.first_name,
        **extra,
    }
    return await queue_mail(kind, to or candidate.email, context)
