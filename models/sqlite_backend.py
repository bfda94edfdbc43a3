"""Tortoise's SQLite backend, made safe for a second writing process (the worker).

Tortoise opens one connection per process and serialises its statements with a lock, so a
process never competes with itself; other processes on the same file do. Two things make
SQLite answer « database is locked » to them, and this backend removes both:

- `in_transaction()` starts with a plain (deferred) BEGIN: the transaction reads under a
  snapshot, and when it then writes, SQLite must upgrade it to the write lock. If another
  process has written since the snapshot, or holds the lock, the upgrade fails at once
  (SQLITE_BUSY), without calling the busy handler — waiting cannot help a stale snapshot.
  BEGIN IMMEDIATE takes the write lock first, so the wait happens up front, where
  `busy_timeout` applies, and the snapshot is always current.
- Every connection waits (PRAGMA busy_timeout, set by `models.db.tortoise_config`) rather
  than fail when another process holds the lock for the few milliseconds of its write.

Selected by `models.db.tortoise_config` as the engine of `sqlite://` URLs.
"""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

import aiosqlite
from tortoise.backends.base.client import (
    NestedTransactionContext,
    TransactionalDBClient,
    TransactionContext,
)
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
    translate_exceptions,
)
from tortoise.connection import get_connections
from tortoise.exceptions import OperationalError

__all__ = ["ImmediateSqliteClient", "client_class", "get_client_class"]


async def _end_any_transaction(connection: aiosqlite.Connection) -> None:
    """After a BEGIN IMMEDIATE that failed or was cancelled while waiting for the lock.

    A cancelled statement still runs to its end in aiosqlite's thread: if it opened a
    transaction, later autocommit statements would run inside it and keep the write lock for
    good. The ROLLBACK is queued behind it on the same thread (and ignored if nothing is open);
    it is shielded so that the cancellation that interrupted us cannot drop it.
    """
    await asyncio.shield(connection.rollback())


class _ImmediateTransaction(SqliteTransactionWrapper):
    def _in_transaction(self) -> TransactionContext:
        # A nested block is a savepoint inside the transaction that already holds the lock.
        return NestedTransactionContext(_ImmediateTransaction(self))

    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except BaseException as exc:
            await _end_any_transaction(self._connection)
            if isinstance(exc, sqlite3.OperationalError):
                raise OperationalError(exc) from exc
            raise


class _ImmediateTransactionContext(SqliteTransactionContext):
    async def __aenter__(self) -> TransactionalDBClient:
        # Tortoise's version keeps the process's connection lock when BEGIN fails, which a
        # plain BEGIN never did but BEGIN IMMEDIATE can (busy timeout, cancellation): every
        # later query of the process would then wait forever.
        await self._trxlock.acquire()
        try:
            await self.ensure_connection()
            self.token = get_connections().set(self.connection_name, self.connection)
            try:
                await self.connection.begin()
            except BaseException:
                get_connections().reset(self.token)
                raise
        except BaseException:
            self._trxlock.release()
            raise
        client: TransactionalDBClient = self.connection
        return client


class ImmediateSqliteClient(SqliteClient):
    def _in_transaction(self) -> TransactionContext:
        return _ImmediateTransactionContext(_ImmediateTransaction(self), self._lock)

    @translate_exceptions
    async def execute_many(self, query: str, values: list[Any]) -> None:
        # Tortoise's own version starts a deferred transaction: take the write lock first here too.
        async with self.acquire_connection() as connection:
            self.log.debug("%s: %s", query, values)
            try:
                await connection.execute("BEGIN IMMEDIATE")
                await connection.executemany(query, values)
            except BaseException:
                await _end_any_transaction(connection)
                raise
            await connection.commit()


client_class = ImmediateSqliteClient


def get_client_class(db_info: dict[str, Any]) -> type[SqliteClient]:
    return ImmediateSqliteClient
