"""Deleting an account: the candidate and everything of theirs, then a confirmation mail.

Two ways in, one path: the candidate's own deletion (`delete_account`, with their password)
and the deletion of an account inactive for too long (models.personal_data.inactivity); both
go through `erase_account`, so every cleanup registered here runs for either.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from models.accounts.mails import account_mail
from models.accounts.reauthentication import current_password_error
from models.accounts.tables import Account
from models.documents.library import forget_documents_of
from models.errors import UserErrors
from models.mail.outbox import dispatch
from models.personal_data.cleanup import forget_exports_of

__all__ = ["AfterCommit", "delete_account", "erase_account", "on_account_deletion"]

# What a cleanup leaves to do once the deletion has committed (e.g. remove files), or None.
AfterCommit = Callable[[], Awaitable[None]]

# Other areas (favourites, applications…) register what they must remove beyond the cascade,
# e.g. files in storage. Each runs inside the deletion's transaction and may return what to do
# once it has committed. Register from a module every process imports (an area's `tables`
# module, which models.db lists), or a process that never imported it deletes without it.
_cleanups: list[Callable[[Account], Awaitable[AfterCommit | None]]] = []


def on_account_deletion(cleanup: Callable[[Account], Awaitable[AfterCommit | None]]) -> None:
    _cleanups.append(cleanup)


async def delete_account(candidate: Account, *, password: str) -> None:
    wrong = await current_password_error(
        candidate, password, field="password", wrong="Mot de passe incorrect."
    )
    if wrong is not None:
        raise UserErrors([wrong])
    await erase_account(candidate, goodbye="account_deleted")


async def erase_account(account: Account, *, goodbye: str, only_if: Q | None = None) -> bool:
    """Removes the account, its rows and its files, and mails `goodbye` to its address.
    `only_if`: a condition the account's row must still meet, read under a lock (a sign-in
    at the same moment either waits for the deletion or makes it give up); False if not."""
    later: list[AfterCommit] = []
    async with in_transaction():
        if only_if is not None:
            locked = await Account.select_for_update().filter(only_if, id=account.id).first()
            if locked is None:
                return False
        for cleanup in _cleanups:
            after = await cleanup(account)
            if after is not None:
                later.append(after)
        later.append(await forget_documents_of(account))
        later.append(await forget_exports_of(account))
        # Sessions, links, documents and the rest go with it (ON DELETE CASCADE).
        await Account.filter(id=account.id).delete()
        mail = await account_mail(goodbye, account)
    # Files go once the rows are gone for good; a failure here leaves only orphan files,
    # which the periodic sweep removes.
    for step in later:
        await step()
    await dispatch([mail])
    return True
