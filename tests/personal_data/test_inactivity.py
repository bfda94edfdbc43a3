"""Candidate accounts unused for two years: the last activity kept to the day, one warning by
mail about 23 months in, the deletion (rows and files) a month after the warning, through the
same path as a candidate's own deletion; a sign-in in between keeps the account.

Time passes by moving the clock (models.clock.now, as the modules under test imported it)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from tortoise import Tortoise

from models.accounts.deletion import erase_account
from models.accounts.sessions import account_for_token, open_session
from models.accounts.signin import sign_in
from models.accounts.staff import StaffAccount, create_staff_account
from models.accounts.tables import Account, AccountRole
from models.clock import now
from models.documents.library import add_document
from models.documents.tables import Document
from models.mail.tables import OutgoingMail
from models.personal_data import inactivity
from models.personal_data.export import build_data_export, request_data_export
from models.personal_data.inactivity import handle_inactive_accounts
from models.personal_data.tables import DataExport
from models.reference.labels import vocabulary
from models.saved_searches.saved import save_search
from models.search.criteria import SearchCriteria
from models.storage import file_storage
from server.mailers import SmtpMailer
from tests.accounts.helpers import PASSWORD, new_candidate
from tests.documents.samples import SAMPLES, stream
from tests.mail_server import MailCatcher, text_of
from workers.mail import send_mail
from workers.personal_data import delete_inactive_accounts, sweep_data_export_files

_CLOCKS = ("models.personal_data.inactivity", "models.accounts.sessions")


class Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.start = now()
        self.moment = self.start
        for module in _CLOCKS:
            monkeypatch.setattr(f"{module}.now", lambda: self.moment)

    def days_later(self, days: float) -> datetime:
        self.moment = self.start + timedelta(days=days)
        return self.moment


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


def _stored_keys() -> set[str]:
    return {key for key, _ in file_storage().stored_files()}


async def _rows_of(account_id: int) -> dict[str, int]:
    """Every row that names the account, table by table (only those with any)."""
    counts: dict[str, int] = {}
    connection = Tortoise.get_connection("default")
    for table, column in (
        ("account", "id"),
        ("candidate_session", "candidate_id"),
        ("account_link", "candidate_id"),
        ("document", "candidate_id"),
        ("saved_search", "candidate_id"),
        ("data_export", "account_id"),
    ):
        _, rows = await connection.execute_query(
            f"SELECT COUNT(*) AS n FROM {table} WHERE {column} = {int(account_id)}"
        )
        if rows[0]["n"]:
            counts[table] = int(rows[0]["n"])
    return counts


async def _zoe_with_everything() -> Account:
    zoe = await new_candidate()
    await open_session(zoe)
    await save_search(
        zoe, "Data", SearchCriteria.build(keywords="data", vocabulary=await vocabulary())
    )
    await add_document(zoe, "cv", "CV.pdf", stream(SAMPLES["pdf"]))
    export = await request_data_export(zoe)
    await build_data_export(export.id)
    return zoe


async def test_an_unused_account_is_warned_once_then_deleted_with_everything(
    db: str, clock: Clock
) -> None:
    zoe = await _zoe_with_everything()
    paul = await new_candidate(username="paul", email="paul@exemple.fr")
    await open_session(paul)
    zoe_files = {d.storage_key for d in await Document.filter(candidate_id=zoe.id)} | {
        e.storage_key for e in await DataExport.filter(account_id=zoe.id)
    }
    assert len(zoe_files) == 2 and zoe_files <= _stored_keys()  # the CV and the export's zip
    zoe_rows = await _rows_of(zoe.id)
    assert set(zoe_rows) == {
        "account",
        "candidate_session",
        "document",
        "saved_search",
        "data_export",
    }

    clock.days_later(400)
    await sign_in("paul", PASSWORD, client_address="192.0.2.9")  # Paul comes back
    clock.days_later(699)
    run = await handle_inactive_accounts()
    assert (run.warned, run.deleted) == (0, 0)
    await OutgoingMail.all().delete()

    warned_at = clock.days_later(701)
    run = await handle_inactive_accounts()
    assert (run.warned, run.deleted) == (1, 0)
    [warning] = await OutgoingMail.all()
    assert (warning.kind, warning.to_address) == ("inactivity_warning", "zoe.durand@exemple.fr")
    assert warning.context["sign_in_url"] == "http://pass.test/connexion"
    deletion = warned_at + timedelta(days=30)
    assert str(deletion.year) in str(warning.context["deletion_date"])
    assert (await Account.get(id=zoe.id)).inactivity_warned_at == warned_at
    assert (await handle_inactive_accounts()).warned == 0  # once

    clock.days_later(730.5)  # 24 months unused, but warned less than 30 days ago
    assert (await handle_inactive_accounts()).deleted == 0
    assert await Account.exists(id=zoe.id)

    clock.days_later(731.5)
    run = await handle_inactive_accounts()
    assert (run.warned, run.deleted) == (0, 1)
    assert await _rows_of(zoe.id) == {}
    assert zoe_files & _stored_keys() == set()
    assert await Account.exists(id=paul.id)
    goodbye = await OutgoingMail.get(kind="inactive_account_deleted")
    assert goodbye.to_address == "zoe.durand@exemple.fr"


async def test_signing_in_after_the_warning_keeps_the_account(db: str, clock: Clock) -> None:
    zoe = await new_candidate()
    clock.days_later(701)
    assert (await handle_inactive_accounts()).warned == 1

    clock.days_later(715)
    await sign_in("zoe.durand", PASSWORD, client_address="192.0.2.9")
    seen = await Account.get(id=zoe.id)
    assert seen.inactivity_warned_at is None and seen.last_seen_at == clock.moment

    clock.days_later(760)
    run = await handle_inactive_accounts()
    assert (run.warned, run.deleted) == (0, 0)
    assert await Account.exists(id=zoe.id)


async def test_a_sign_in_while_the_run_deletes_keeps_the_account(
    db: str, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    zoe = await new_candidate()
    clock.days_later(701)
    await handle_inactive_accounts()
    clock.days_later(740)
    erase = erase_account

    async def signed_in_meanwhile(account: Account, **kwargs: Any) -> bool:
        # The list of accounts to delete is read; the candidate signs in; then the deletion.
        await sign_in("zoe.durand", PASSWORD, client_address="192.0.2.9")
        return await erase(account, **kwargs)

    monkeypatch.setattr(inactivity, "erase_account", signed_in_meanwhile)
    assert (await handle_inactive_accounts()).deleted == 0
    assert await Account.exists(id=zoe.id)


async def test_using_a_session_counts_as_activity_written_at_most_once_a_day(
    db: str, clock: Clock
) -> None:
    zoe = await new_candidate()
    token = await open_session(zoe)
    opened = (await Account.get(id=zoe.id)).last_seen_at
    assert opened == clock.moment

    clock.days_later(0.5)
    assert await account_for_token(token) is not None
    assert (await Account.get(id=zoe.id)).last_seen_at == opened  # no write within the day

    clock.days_later(1.5)
    assert await account_for_token(token) is not None
    assert (await Account.get(id=zoe.id)).last_seen_at == clock.moment


async def test_recruiters_and_admins_are_never_warned_nor_deleted(db: str, clock: Clock) -> None:
    admin, _ = await create_staff_account(
        StaffAccount(
            role=AccountRole.ADMIN,
            civility="madame",
            last_name="Admin",
            first_name="Ada",
            email="admin@exemple.fr",
            username="admin",
        )
    )
    await OutgoingMail.all().delete()
    clock.days_later(701)
    await handle_inactive_accounts()
    clock.days_later(900)
    run = await handle_inactive_accounts()
    assert (run.warned, run.deleted) == (0, 0)
    assert await Account.exists(id=admin.id)
    assert await OutgoingMail.all().count() == 0


def _context(smtp_url: str) -> dict[str, Any]:
    return {"mailer": SmtpMailer(smtp_url), "mail_from": "PASS <ne-pas-repondre@pass.test>"}


async def test_the_warning_arrives_by_mail(
    db: str, clock: Clock, mail_catcher: MailCatcher
) -> None:
    await new_candidate()
    await OutgoingMail.all().delete()
    clock.days_later(701)
    await handle_inactive_accounts()
    [row] = await OutgoingMail.all()
    assert await send_mail(_context(mail_catcher.url), row.id) == "sent"
    [mail] = await mail_catcher.wait_for(1)
    assert mail["To"] == "zoe.durand@exemple.fr"
    assert mail["Subject"].startswith("Votre compte PASS sera supprimé le ")
    body = " ".join(text_of(mail).split())
    assert "il vous suffit de vous connecter avant cette date" in body
    assert "http://pass.test/connexion" in body


async def test_the_worker_jobs_run_the_same_rules(db: str, clock: Clock) -> None:
    await new_candidate()
    clock.days_later(701)
    assert await delete_inactive_accounts({}) == {"warned": 1, "deleted": 0}
    clock.days_later(732)
    assert await delete_inactive_accounts({}) == {"warned": 0, "deleted": 1}
    assert await Account.all().count() == 0
    assert await sweep_data_export_files({}) == 0
