"""Deleting an account: the candidate and everything of theirs, then a confirmation mail."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from tortoise.transactions import in_transaction

from models.accounts.mails import account_mail
from models.accounts.reauthentication import current_password_error
from models.accounts.tables import Account
from models.documents.library import forget_documents_of
from models.errors import UserErrors
from models.mail.outbox import dispatch

__all__ = ["delete_account", "on_account_deletion"]

# Other areas (documents, saved searches) register what they must remove beyond the cascade,
# e.g. files in storage; each runs inside the deletion's transaction.
_cleanups: list[Callable[[Account], Awaitable[None]]] = []


def on_account_deletion(cleanup: Callable[[Account], Awaitable[None]]) -> None:
    _cleanups.append(cleanup)


async def delete_account(candidate: Account, *, password: str) -> None:
    wrong = await current_password_error(
        candidate, password, field="password", wrong="Mot de passe incorrect."
    )
    if wrong is not None:
        raise UserErrors([wrong])
    async with in_transaction():
        for cleanup in _cleanups:
            await cleanup(candidate)
        remove_files = await forget_documents_of(candidate)
        # Sessions, links, documents and the rest go with it (ON DELETE CASCADE).
        await Account.filter(id=candidate.id).delete()
        goodbye = await account_mail("account_deleted", candidate)
    # Files go once the rows are gone for good; a failure here leaves only orphan files,
    # which the periodic sweep removes.
    await remove_files()
    await dispatch([goodbye])
