"""Candidate accounts unused for two years are deleted, after a warning by mail.

An account is in use when someone signs in to it or uses one of its sessions (its
`last_seen_at`, kept to the day by models.accounts.sessions). A daily run warns the accounts
unused for WARN_AFTER (about 23 months) once, and deletes those unused for DELETE_AFTER
(24 months) whose warning is at least NOTICE old, through the same path as a candidate's own
deletion (models.accounts.deletion.erase_account: rows, files, every registered cleanup).
Signing in after the warning clears it.

Recruiters' and admins' accounts are left alone: an administrator creates and removes them,
and their offers name them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from models.accounts.deletion import erase_account
from models.accounts.mails import account_mail, site_link
from models.accounts.tables import Account, AccountRole
from models.clock import now
from models.mail.outbox import dispatch
from models.offers.wording import french_date

__all__ = [
    "DELETE_AFTER",
    "NOTICE",
    "WARN_AFTER",
    "InactivityRun",
    "deletion_day",
    "handle_inactive_accounts",
]

WARN_AFTER = timedelta(days=700)  # about 23 months
DELETE_AFTER = timedelta(days=730)  # 24 months
NOTICE = timedelta(days=30)  # at least this long between the warning and the deletion
# Per daily run: a backlog (the first run after a long outage) is spread over days rather
# than flooding the mail server.
WARN_BATCH = 500
DELETE_BATCH = 200


@dataclass(frozen=True, slots=True)
class InactivityRun:
    warned: int
    deleted: int


def _unused_since(cutoff: datetime) -> Q:
    return Q(role=AccountRole.CANDIDATE) & (
        Q(last_seen_at__lt=cutoff) | Q(last_seen_at__isnull=True, created_at__lt=cutoff)
    )


def deletion_day(account: Account, warned_at: datetime) -> datetime:
    """When a warned account goes, unless it is used before."""
    last_seen = account.last_seen_at or account.created_at
    return max(last_seen + DELETE_AFTER, warned_at + NOTICE)


async def _warn(moment: datetime) -> int:
    accounts = (
        await Account.filter(_unused_since(moment - WARN_AFTER), inactivity_warned_at__isnull=True)
        .order_by("id")
        .limit(WARN_BATCH)
    )
    mails = []
    for account in accounts:
        async with in_transaction():
            # Only if still unwarned and unused: a run twice (or a sign-in meanwhile) mails none.
            marked = await Account.filter(
                _unused_since(moment - WARN_AFTER), id=account.id, inactivity_warned_at__isnull=True
            ).update(inactivity_warned_at=moment)
            if marked:
                mails.append(
                    await account_mail(
                        "inactivity_warning",
                        account,
                        sign_in_url=site_link("sign_in"),
                        deletion_date=french_date(deletion_day(account, moment)),
                    )
                )
    await dispatch(mails)
    return len(mails)


async def _delete(moment: datetime) -> int:
    accounts = (
        await Account.filter(
            _unused_since(moment - DELETE_AFTER), inactivity_warned_at__lt=moment - NOTICE
        )
        .order_by("id")
        .limit(DELETE_BATCH)
    )
    deleted = 0
    for account in accounts:
        # Read again under a lock in the deletion's transaction: a sign-in since the list was
        # read, or at the same moment, keeps the account.
        still_unused = Q(
            _unused_since(moment - DELETE_AFTER), inactivity_warned_at__lt=moment - NOTICE
        )
        if await erase_account(account, goodbye="inactive_account_deleted", only_if=still_unused):
            deleted += 1
    return deleted


async def handle_inactive_accounts() -> InactivityRun:
    """The daily run: deletes first, so an account is never warned and deleted in one run."""
    moment = now()
    deleted = await _delete(moment)
    warned = await _warn(moment)
    return InactivityRun(warned=warned, deleted=deleted)
