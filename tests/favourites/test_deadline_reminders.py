"""The saved offers' deadline reminder: one mail per candidate and run, each offer once, sent
through a real SMTP server."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from models.clock import PARIS, today
from models.favourites import save_offer, send_deadline_reminders
from models.favourites.tables import SavedOffer
from models.mail.tables import OutgoingMail
from models.offers.publishing import archive_offers
from models.offers.tables import Offer
from server.mailers import SmtpMailer
from tests.accounts.helpers import new_candidate
from tests.mail_server import MailCatcher, links_in, text_of
from tests.recruiting.helpers import offers_of
from workers.favourites import send_offer_reminders
from workers.mail import send_mail


def _today_at(hour: int) -> datetime:
    day = today()
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=PARIS).astimezone(UTC)


def _references(mail: OutgoingMail) -> list[str]:
    offers = mail.context["offers"]
    assert isinstance(offers, list)
    return [str(o["reference"]) for o in offers]


async def _closing(offer: Offer, days: int) -> None:
    await Offer.filter(id=offer.id).update(expires_on=today() + timedelta(days=days))


async def test_one_mail_per_candidate_listing_the_offers_closing_soon_once(db: str) -> None:
    zoe = await new_candidate()
    paul = await new_candidate(username="paul", email="paul@exemple.fr")
    soon, later, far, unwanted, withdrawn = await offers_of("culture", count=5)
    for offer, days in ((soon, 1), (later, 3), (far, 10), (unwanted, 2), (withdrawn, 2)):
        await _closing(offer, days)
    for offer in (soon, later, far, withdrawn):
        await save_offer(zoe, offer.reference, remind=True)
    await save_offer(zoe, unwanted.reference)  # no reminder asked
    await save_offer(paul, soon.reference, remind=True)
    await archive_offers([withdrawn])
    await OutgoingMail.all().delete()  # the welcome mails

    assert await send_deadline_reminders(_today_at(7)) == []  # not before 8 a.m.
    mails = await send_deadline_reminders(_today_at(9))
    assert sorted(m.to_address for m in mails) == ["paul@exemple.fr", "zoe.durand@exemple.fr"]
    [to_zoe] = [m for m in mails if m.to_address == "zoe.durand@exemple.fr"]
    assert _references(to_zoe) == [soon.reference, later.reference]
    # Never twice: another run, later that day or the next, has nothing left to send.
    assert await send_deadline_reminders(_today_at(10)) == []
    assert await SavedOffer.filter(reminded_at__isnull=False).count() == 3
    # The far one comes in its turn.
    await _closing(far, 2)
    [again] = await send_deadline_reminders(_today_at(11))
    assert _references(again) == [far.reference]


async def test_concurrent_runs_give_one_mail(db: str) -> None:
    zoe = await new_candidate()
    [offer] = await offers_of("culture")
    await _closing(offer, 2)
    await save_offer(zoe, offer.reference, remind=True)
    await OutgoingMail.all().delete()
    runs = await asyncio.gather(*(send_deadline_reminders(_today_at(9)) for _ in range(3)))
    assert sum(len(r) for r in runs) == 1
    assert await OutgoingMail.filter(kind="offer_deadline_reminder").count() == 1


async def test_the_reminder_arrives_through_smtp(db: str, mail_catcher: MailCatcher) -> None:
    zoe = await new_candidate()
    [offer] = await offers_of("culture")
    await _closing(offer, 3)
    await save_offer(zoe, offer.reference, remind=True)
    await OutgoingMail.all().delete()
    context = {"mailer": SmtpMailer(mail_catcher.url), "mail_from": "PASS <pass@pass.test>"}
    # The worker's job queues it; the mail job sends it.
    assert await send_offer_reminders(context) in (0, 1)  # 0 before 8 a.m. in Paris
    queued = await OutgoingMail.filter(kind="offer_deadline_reminder").first()
    if queued is None:
        [queued] = await send_deadline_reminders(_today_at(9))
    await send_mail(context, queued.id)
    [mail] = await mail_catcher.wait_for(1)
    assert mail["Subject"] == f"Date limite proche : {offer.title}"
    body = text_of(mail)
    assert "Les candidatures à cette offre, que vous avez sauvegardée, se terminent" in body
    assert f"http://pass.test/offres/{offer.reference}" in links_in(body)
    assert "http://pass.test/mon-compte/offres-sauvegardees" in links_in(body)
