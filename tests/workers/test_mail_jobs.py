"""Account mails end to end: queued with the change, sent by a real arq worker on a real Redis
to a real SMTP server, read there, and their links followed."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from arq import Retry
from arq.worker import Worker

from models.accounts.recovery import request_password_reset, reset_password
from models.accounts.signin import sign_in
from models.clock import now
from models.mail.outbox import SEND_MAIL, queue_mails
from models.mail.tables import OutgoingMail
from server.mailers import SmtpMailer
from server.queue import QUEUE_OPTIONS, ArqJobQueue, open_queue, redis_settings
from server.worker.schedule import JOBS
from tests.accounts.helpers import PASSWORD, new_candidate
from tests.mail_server import REFUSED_DOMAIN, MailCatcher, links_in, text_of
from workers.mail import send_mail, send_mails

SENDER = "PASS <ne-pas-repondre@pass.test>"


def _context(smtp_url: str) -> dict[str, Any]:
    return {"mailer": SmtpMailer(smtp_url), "mail_from": SENDER}


async def _work(redis_url: str, smtp_url: str) -> Worker:
    worker = Worker(
        functions=JOBS, redis_settings=redis_settings(redis_url), burst=True, poll_delay=0.01,
        ctx=_context(smtp_url), max_tries=3, retry_jobs=True, **QUEUE_OPTIONS,
    )  # fmt: skip
    await worker.async_run()
    await worker.close()
    return worker


async def test_welcome_and_reset_mails_arrive_and_their_links_work(
    db: str, redis_url: str, mail_catcher: MailCatcher
) -> None:
    await new_candidate()
    queue = await open_queue(redis_url)
    await ArqJobQueue(queue).enqueue(SEND_MAIL, [m.id for m in await OutgoingMail.all()])
    await _work(redis_url, mail_catcher.url)
    [welcome] = await mail_catcher.wait_for(1)
    assert welcome["To"] == "zoe.durand@exemple.fr"
    assert welcome["Subject"] == "Bienvenue sur PASS"
    body = text_of(welcome)
    assert "zoe.durand" in body and PASSWORD not in body
    assert "http://pass.test/connexion" in links_in(body)

    mail_catcher.clear()
    await request_password_reset("zoe.durand", client_address="192.0.2.1")
    [mail] = await OutgoingMail.filter(sent_at__isnull=True)
    await ArqJobQueue(queue).enqueue(SEND_MAIL, [mail.id])
    await _work(redis_url, mail_catcher.url)
    [reset] = await mail_catcher.wait_for(1)
    [link] = [url for url in links_in(text_of(reset)) if "/nouveau-mot-de-passe" in url]
    token = link.split("jeton=", 1)[1]
    await reset_password(
        token, new_password="girafe-bleue-du-jardin", confirmation="girafe-bleue-du-jardin"
    )
    await sign_in("zoe.durand", "girafe-bleue-du-jardin", client_address="10.1.0.1")
    sent = await OutgoingMail.get(id=mail.id)
    assert sent.sent_at is not None and sent.context == {}  # no usable link kept
    assert sent.claimed_until is None and abs((now() - sent.sent_at).total_seconds()) < 60
    await queue.aclose()


async def test_a_mail_is_sent_once_however_often_its_job_runs(
    db: str, redis_url: str, mail_catcher: MailCatcher
) -> None:
    await new_candidate()
    [mail] = await OutgoingMail.all()
    queue = await open_queue(redis_url)
    # Enqueued twice (the web process, then the sweep): one job, one mail.
    await ArqJobQueue(queue).enqueue(SEND_MAIL, [mail.id])
    await ArqJobQueue(queue).enqueue(SEND_MAIL, [mail.id])
    await _work(redis_url, mail_catcher.url)
    await mail_catcher.wait_for(1)
    # The job itself run again (arq runs jobs at least once): nothing more is sent.
    assert await send_mail(_context(mail_catcher.url), mail.id) == "already sent or being sent"
    assert len(mail_catcher.messages) == 1
    await queue.aclose()


async def test_smtp_down_then_up_the_mail_arrives_once(db: str, mail_catcher: MailCatcher) -> None:
    await new_candidate()
    [mail] = await OutgoingMail.all()
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        nobody = f"smtp://127.0.0.1:{unused.getsockname()[1]}"
    down = {**_context(nobody), "job_try": 1}
    try:
        await send_mail(down, mail.id)
        raise AssertionError("sending to a stopped SMTP server should fail")
    except Exception as error:  # arq's Retry: the job will be run again later
        assert type(error).__name__ == "Retry"
    failed = await OutgoingMail.get(id=mail.id)
    assert failed.sent_at is None and failed.claimed_until is None and failed.attempts == 1
    assert await send_mail({**_context(mail_catcher.url), "job_try": 2}, mail.id) == "sent"
    assert await send_mail({**_context(mail_catcher.url), "job_try": 3}, mail.id) != "sent"
    assert len(await mail_catcher.wait_for(1)) == 1


async def test_a_batch_goes_over_one_connection_and_a_retry_takes_only_the_refused(
    db: str, mail_catcher: MailCatcher
) -> None:
    letters: list[tuple[str, str, dict[str, object]]] = [
        (
            "password_changed",
            f"candidat{n}@example.org",
            {"first_name": f"C{n}", "site_url": "https://pass.example.fr"},
        )
        for n in range(7)
    ]
    letters[3] = (
        "password_changed",
        f"nobody@{REFUSED_DOMAIN}",
        {"first_name": "X", "site_url": "https://pass.example.fr"},
    )
    mails = await queue_mails(letters)
    ids = [m.id for m in mails]
    assert len(set(ids)) == 7
    with pytest.raises(Retry):  # for the refused address only
        await send_mails({**_context(mail_catcher.url), "job_try": 1}, ids)
    arrived = await mail_catcher.wait_for(6)
    assert sorted(m["To"] for m in arrived) == sorted(
        f"candidat{n}@example.org" for n in range(7) if n != 3
    )
    assert mail_catcher.connections == 1
    rows = {m.id: m for m in await OutgoingMail.filter(id__in=ids)}
    assert [rows[i].sent_at is not None for i in ids] == [True] * 3 + [False] + [True] * 3
    assert rows[ids[3]].attempts == 1 and rows[ids[3]].claimed_until is None
    assert rows[ids[0]].context == {}  # no usable link kept once sent
    # The retry (and any duplicate run) sends nothing twice.
    with pytest.raises(Retry):
        await send_mails({**_context(mail_catcher.url), "job_try": 2}, ids)
    assert len(mail_catcher.messages) == 6
