"""Follow-up reminders: one mail per candidate listing every application still « envoyée » on
its day, from 8 a.m. Paris time; never twice; through a real worker to a real SMTP server."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from arq.worker import Worker

from models.applications import (
    ApplicationChanges,
    ApplicationForm,
    ApplicationStatus,
    due_reminders,
    record_application,
    send_due_reminders,
    send_reminder,
    update_application,
)
from models.applications.tables import Application
from models.clock import PARIS, today
from models.jobs import use_job_queue
from models.mail.tables import OutgoingMail
from models.offers.publishing import archive_offers
from server.mailers import SmtpMailer
from server.queue import QUEUE_OPTIONS, ArqJobQueue, open_queue, redis_settings
from server.worker.schedule import JOBS
from tests.accounts.helpers import new_candidate
from tests.applications.helpers import published_offers
from tests.mail_server import MailCatcher, links_in, text_of


def _today_at(hour: int) -> datetime:
    day = today()
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=PARIS).astimezone(UTC)


def _days_ago(days: int) -> ApplicationForm:
    return ApplicationForm(written_on=today() - timedelta(days=days), follow_up_after_days=5)


async def test_one_mail_per_candidate_from_8_am_listing_the_due_ones_never_twice(db: str) -> None:
    zoe = await new_candidate()
    paul = await new_candidate(username="paul", email="paul@exemple.fr")
    offers = await published_offers(5)
    due_1 = await record_application(zoe, offers[0].reference, _days_ago(6))
    due_2 = await record_application(zoe, offers[1].reference, _days_ago(5))
    await record_application(zoe, offers[2].reference, _days_ago(4))  # tomorrow
    answered = await record_application(zoe, offers[3].reference, _days_ago(9))
    await update_application(
        zoe, answered.id, ApplicationChanges(status=ApplicationStatus.INTERVIEW)
    )
    silent = ApplicationForm(written_on=today() - timedelta(days=30), follow_up_after_days=None)
    await record_application(zoe, offers[4].reference, silent)
    await record_application(paul, offers[0].reference, _days_ago(1))
    await OutgoingMail.all().delete()  # the welcome mails

    assert await due_reminders(_today_at(7)) == []  # too early
    assert await due_reminders(_today_at(8)) == [zoe.id]
    [mail] = await send_due_reminders(_today_at(8))
    assert (mail.kind, mail.to_address) == ("application_reminder", "zoe.durand@exemple.fr")
    listed = mail.context["offers"]
    assert isinstance(listed, list)
    assert [o["reference"] for o in listed] == [due_1.offer_reference, due_2.offer_reference]
    reminded = {a.id for a in await Application.filter(reminded_at__isnull=False)}
    assert reminded == {due_1.id, due_2.id}
    assert await send_due_reminders(_today_at(9)) == []  # nothing twice
    # The next one due waits for tomorrow morning, once a day at most.
    assert await send_due_reminders(_today_at(9) + timedelta(days=1)) != []
    assert await send_due_reminders(_today_at(10) + timedelta(days=1)) == []


async def test_concurrent_runs_give_one_mail(db: str) -> None:
    zoe = await new_candidate()
    [offer] = await published_offers()
    await record_application(zoe, offer.reference, _days_ago(5))
    await OutgoingMail.all().delete()
    results = await asyncio.gather(*(send_reminder(zoe.id, _today_at(9)) for _ in range(4)))
    assert sum(r is not None for r in results) == 1
    assert await OutgoingMail.filter(kind="application_reminder").count() == 1


@pytest.fixture
def morning(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The worker's clock at 9 a.m. (Paris) today, whatever the hour the test runs."""
    monkeypatch.setattr("models.applications.reminders.now", lambda: _today_at(9))
    yield


async def test_the_worker_mails_the_reminder_to_the_smtp_server(
    db: str, redis_url: str, mail_catcher: MailCatcher, morning: None
) -> None:
    zoe = await new_candidate()
    open_offer, archived_offer = await published_offers(2)
    await record_application(zoe, open_offer.reference, _days_ago(7))
    await record_application(zoe, archived_offer.reference, _days_ago(6))
    await archive_offers([archived_offer])
    await OutgoingMail.all().delete()
    queue = await open_queue(redis_url)
    use_job_queue(ArqJobQueue(queue))
    try:
        await queue.enqueue_job("send_follow_up_reminders")
        worker = Worker(
            functions=JOBS, redis_settings=redis_settings(redis_url), burst=True,
            poll_delay=0.01, max_tries=3,
            ctx={"mailer": SmtpMailer(mail_catcher.url), "mail_from": "PASS <pass@pass.test>"},
            **QUEUE_OPTIONS,
        )  # fmt: skip
        await worker.async_run()
        await worker.close()
    finally:
        use_job_queue(None)
        await queue.aclose()
    [mail] = await mail_catcher.wait_for(1)
    assert mail["To"] == "zoe.durand@exemple.fr"
    assert mail["Subject"] == "Relancer vos 2 candidatures ?"
    body = " ".join(text_of(mail).split())
    assert f"{open_offer.title} ({open_offer.reference})" in body
    assert f"{archived_offer.title} ({archived_offer.reference}) " in body
    assert "Offre archivée" in body
    assert "toujours au statut « envoyée »" in body
    links = links_in(text_of(mail))
    assert f"http://pass.test/offres/{open_offer.reference}" in links
    assert f"http://pass.test/offres/{archived_offer.reference}" not in links
    assert "http://pass.test/mes-candidatures" in links
