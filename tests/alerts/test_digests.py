"""Daily digests: one mail per candidate and day, the day's matches newest first, from 7 a.m.
Paris time the next day; none when there is nothing; never twice."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from models.alerts.delivery import deliver_alerts, forget_alert_index, pending_match_ids
from models.alerts.digests import due_digests, send_digest, send_due_digests
from models.alerts.tables import DigestDelivery, DigestEntry
from models.clock import PARIS, today
from models.demo.generator import generate_offers
from models.mail.outbox import dispatch
from models.mail.tables import OutgoingMail
from models.offers.publishing import archive_offers, create_offers, publish_offers
from models.offers.tables import Offer
from models.reference.labels import vocabulary
from models.saved_searches.saved import save_search, set_alert, set_alert_frequency
from models.saved_searches.tables import AlertFrequency, SavedSearch
from models.search.criteria import SearchCriteria
from server.mailers import SmtpMailer
from tests.accounts.helpers import new_candidate
from tests.mail_server import MailCatcher, links_in, text_of
from workers.mail import send_mail


def _tomorrow_at(hour: int) -> datetime:
    day = today() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=PARIS).astimezone(UTC)


async def _daily(candidate: object, name: str, **raw: object) -> SavedSearch:
    criteria = SearchCriteria.build(**raw, vocabulary=await vocabulary())  # type: ignore[arg-type]
    search = await save_search(candidate, name, criteria)  # type: ignore[arg-type]
    await set_alert(candidate, search.id, True)  # type: ignore[arg-type]
    return await set_alert_frequency(candidate, search.id, AlertFrequency.DAILY)  # type: ignore[arg-type]


async def _publish(*titles: str) -> list[Offer]:
    drafts = generate_offers(apprenticeships=0, stages=len(titles), seed=5, today=today())
    for draft, title in zip(drafts, titles, strict=True):
        draft.title, draft.domain = title, "numerique"
    offers = await create_offers(drafts)
    for offer in offers:  # one at a time, as recruiters do
        await publish_offers([offer])
    for pending_id in await pending_match_ids():
        await dispatch(await deliver_alerts(pending_id))
    return offers


async def _quiet_welcome_mails() -> None:
    await OutgoingMail.all().delete()


async def test_daily_alert_waits_for_the_morning_and_lists_the_day_newest_first(db: str) -> None:
    forget_alert_index()
    zoe = await new_candidate()
    await _daily(zoe, "Numérique", domains=["numerique"])
    await _daily(zoe, "Data", keywords="data")
    await _quiet_welcome_mails()
    first, second = await _publish("Stage – data engineer", "Stage – développeur web")
    assert await OutgoingMail.all().count() == 0  # no instant mail
    assert await DigestEntry.all().count() == 3  # first offer matches both searches

    assert await due_digests(datetime.now(UTC)) == []  # today is not over
    assert await due_digests(_tomorrow_at(6)) == []  # too early in the morning
    [mail] = await send_due_digests(_tomorrow_at(7))
    assert mail.kind == "offer_digest" and mail.to_address == "zoe.durand@exemple.fr"
    listed, searches = mail.context["offers"], mail.context["searches"]
    assert isinstance(listed, list) and isinstance(searches, list)  # JSON
    assert [o["reference"] for o in listed] == [second.reference, first.reference]
    assert listed[1]["searches"] == ["Data", "Numérique"]
    assert [s["name"] for s in searches] == ["Data", "Numérique"]
    assert await DigestEntry.all().count() == 0
    assert await send_due_digests(_tomorrow_at(8)) == []  # nothing twice


async def test_concurrent_digest_runs_give_one_mail(db: str) -> None:
    forget_alert_index()
    zoe = await new_candidate()
    await _daily(zoe, "Numérique", domains=["numerique"])
    await _quiet_welcome_mails()
    await _publish("Stage – data engineer")
    day = today()
    results = await asyncio.gather(*(send_digest(zoe.id, day) for _ in range(4)))
    assert len([r for r in results if r is not None]) == 1
    assert await OutgoingMail.filter(kind="offer_digest").count() == 1
    assert await DigestDelivery.filter(candidate_id=zoe.id, day=day).count() == 1


async def test_nothing_for_an_alert_switched_off_a_deleted_search_or_a_withdrawn_offer(
    db: str,
) -> None:
    forget_alert_index()
    zoe = await new_candidate()
    paul = await new_candidate(username="paul", email="paul@exemple.fr")
    lea = await new_candidate(username="lea", email="lea@exemple.fr")
    off = await _daily(zoe, "Coupée", domains=["numerique"])
    gone = await _daily(paul, "Supprimée", domains=["numerique"])
    await _daily(lea, "Retirée", keywords="retiree")
    await _quiet_welcome_mails()
    [offer] = await _publish("Stage – data engineer")
    [withdrawn] = await _publish("Stage retiree")
    await set_alert(zoe, off.id, False)
    await gone.delete()
    await archive_offers([withdrawn])
    assert offer.id and await send_due_digests(_tomorrow_at(9)) == []
    assert await DigestEntry.all().count() == 0


async def test_an_instant_alert_on_the_same_offer_wins(db: str) -> None:
    forget_alert_index()
    zoe = await new_candidate()
    await _daily(zoe, "Numérique", domains=["numerique"])
    instant = await save_search(
        zoe, "Data", SearchCriteria.build(keywords="data", vocabulary=await vocabulary())
    )
    await set_alert(zoe, instant.id, True)
    await _quiet_welcome_mails()
    await _publish("Stage – data engineer")
    [mail] = await OutgoingMail.all()
    assert mail.kind == "offer_alert"
    searches = mail.context["searches"]
    assert isinstance(searches, list)  # JSON
    assert [s["name"] for s in searches] == ["Data"]
    assert await DigestEntry.all().count() == 0  # mailed already: not again in the digest


async def test_digest_mail_received_with_one_click_unsubscribe(
    db: str, mail_catcher: MailCatcher
) -> None:
    forget_alert_index()
    zoe = await new_candidate()
    search = await _daily(zoe, "Numérique", domains=["numerique"])
    await _quiet_welcome_mails()
    first, second = await _publish("Stage – data engineer", "Stage – chargé RH")
    [queued] = await send_due_digests(_tomorrow_at(7))
    context = {"mailer": SmtpMailer(mail_catcher.url), "mail_from": "PASS <pass@pass.test>"}
    await send_mail(context, queued.id)
    [mail] = await mail_catcher.wait_for(1)
    assert mail["Subject"].startswith("2 nouvelles offres du ")
    body = text_of(mail)
    assert body.index(second.title) < body.index(first.title)  # newest first
    assert f"/offres/{first.reference}" in body and "« Numérique »" in body
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail["List-Unsubscribe"].strip("<>") in links_in(body)
    assert search.id
