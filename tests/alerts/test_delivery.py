"""Alerts from publication to mailbox: one mail per candidate and offer, naming every matching
search; nothing for alerts off, switched on later, or deleted; nothing twice."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
from arq.worker import Worker

from models.alerts.delivery import deliver_alerts, forget_alert_index, pending_match_ids
from models.alerts.tables import AlertDelivery
from models.clock import now, today
from models.demo.generator import generate_offers
from models.mail.messages import MailKind, render_mail
from models.mail.outbox import SEND_MAIL
from models.mail.tables import OutgoingMail
from models.offers.publishing import create_offers, publish_offers
from models.offers.tables import Offer
from models.reference.labels import vocabulary
from models.saved_searches.saved import save_search, set_alert
from models.saved_searches.tables import SavedSearch
from models.search.criteria import SearchCriteria
from server.mailers import SmtpMailer
from server.queue import QUEUE_OPTIONS, ArqJobQueue, open_queue, redis_settings
from server.worker.schedule import JOBS
from tests.accounts.helpers import new_candidate
from tests.mail_server import MailCatcher, links_in, text_of
from tests.web_app import app


async def _criteria(**raw: object) -> SearchCriteria:
    return SearchCriteria.build(**raw, vocabulary=await vocabulary())  # type: ignore[arg-type]


async def _publish_one() -> Offer:
    [draft] = generate_offers(apprenticeships=0, stages=1, seed=3, today=today())
    draft.title = "Stage – data analyst (F/H)"
    draft.region_code, draft.department_code, draft.city = "IDF", "75", "Paris"
    draft.commune_code = "75056"  # placed: searches around a place find it
    draft.domain = "numerique"
    [offer] = await create_offers([draft])
    await publish_offers([offer])
    return await Offer.get(id=offer.id)


async def _searching(
    candidate: object, name: str, alert: bool = True, **raw: object
) -> SavedSearch:
    search = await save_search(candidate, name, await _criteria(**raw))  # type: ignore[arg-type]
    if alert:
        await set_alert(candidate, search.id, True)  # type: ignore[arg-type]
    return search


async def _deliver_all() -> list[OutgoingMail]:
    mails: list[OutgoingMail] = []
    for pending_id in await pending_match_ids():
        mails += await deliver_alerts(pending_id)
    return mails


async def test_one_mail_per_candidate_naming_every_matching_search(db: str) -> None:
    forget_alert_index()
    zoe = await new_candidate()
    paul = await new_candidate(username="paul", email="paul@exemple.fr")
    lea = await new_candidate(username="lea", email="lea@exemple.fr")
    await _searching(zoe, "Data à Paris", types=["stage"], keywords="data", regions=["IDF"])
    await _searching(zoe, "Numérique", domains=["numerique"])
    await _searching(zoe, "Bretagne", regions=["BRE"])  # does not match
    await _searching(zoe, "Près de chez moi", near=[("93001", 10)])  # Aubervilliers, 6 km away
    await _searching(zoe, "Loin", near=[("67482", 50)])  # Strasbourg: does not match
    await _searching(paul, "Stages", types=["stage"])
    await _searching(lea, "Sans alerte", alert=False, types=["stage"])

    offer = await _publish_one()
    mails = await _deliver_all()
    by_address = {m.to_address: m for m in mails}
    assert set(by_address) == {"zoe.durand@exemple.fr", "paul@exemple.fr"}
    searches = by_address["zoe.durand@exemple.fr"].context["searches"]
    assert isinstance(searches, list)  # JSON
    assert [s["name"] for s in searches] == ["Data à Paris", "Numérique", "Près de chez moi"]
    # Each named with its criteria in words, places with their radius.
    assert [s["criteria"] for s in searches] == [
        "Stage · mots-clés « data » · Région : Île-de-France",
        "Toutes les offres · Domaine : Numérique, digital",
        "Toutes les offres · à 10 km d'Aubervilliers",
    ]
    zoes = by_address["zoe.durand@exemple.fr"]
    rendered = render_mail(
        MailKind(zoes.kind), to=zoes.to_address, sender="pass@pass.test", context=zoes.context
    )
    assert "« Près de chez moi » (Toutes les offres · à 10 km d'Aubervilliers)" in " ".join(
        text_of(rendered).split()
    )
    assert str(by_address["paul@exemple.fr"].context["offer_url"]).endswith(
        f"/offres/{offer.reference}"
    )
    assert await AlertDelivery.all().count() == 2
    # Run again (a retried job, a second worker): nothing more.
    assert await _deliver_all() == []
    assert await OutgoingMail.filter(kind="offer_alert").count() == 2


async def test_concurrent_runs_still_give_one_mail(db: str) -> None:
    forget_alert_index()
    zoe = await new_candidate()
    await _searching(zoe, "Stages", types=["stage"])
    await _publish_one()
    [pending_id] = await pending_match_ids()
    await asyncio.gather(*(deliver_alerts(pending_id) for _ in range(3)))
    assert await OutgoingMail.filter(kind="offer_alert").count() == 1


async def test_alert_switched_on_after_publication_or_deleted_gets_nothing(db: str) -> None:
    forget_alert_index()
    zoe = await new_candidate()
    paul = await new_candidate(username="paul", email="paul@exemple.fr")
    late = await _searching(zoe, "Trop tard", types=["stage"])
    gone = await _searching(paul, "Supprimée", types=["stage"])
    offer = await _publish_one()
    late.alert_changed_at = now() + timedelta(seconds=5)  # switched on after the publication
    await late.save()
    await gone.delete()
    assert offer.published_at is not None
    assert await _deliver_all() == []


async def test_alert_mail_arrives_with_one_click_unsubscribe(
    db: str, redis_url: str, mail_catcher: MailCatcher
) -> None:
    forget_alert_index()
    zoe = await new_candidate()
    search = await _searching(zoe, "Data", keywords="data")
    await OutgoingMail.all().update(sent_at=now())  # the welcome mail is not under test here
    offer = await _publish_one()
    queue = await open_queue(redis_url)
    for pending_id in await pending_match_ids():
        await queue.enqueue_job("match_offer", pending_id, _job_id=f"match_offer:{pending_id}")
    context = {"mailer": SmtpMailer(mail_catcher.url), "mail_from": "PASS <pass@pass.test>"}
    for _ in range(2):  # the match job, then the mail job it leads to
        worker = Worker(
            functions=JOBS, redis_settings=redis_settings(redis_url), burst=True,
            poll_delay=0.01, ctx=context, **QUEUE_OPTIONS,
        )  # fmt: skip
        await worker.async_run()
        await worker.close()
        await ArqJobQueue(queue).enqueue(
            SEND_MAIL, [m.id for m in await OutgoingMail.filter(sent_at__isnull=True)]
        )
    [mail] = await mail_catcher.wait_for(1)
    assert mail["To"] == "zoe.durand@exemple.fr"
    assert offer.title in mail["Subject"]
    body = text_of(mail)
    assert offer.reference in body and "« Data »" in body
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = mail["List-Unsubscribe"].strip("<>")
    assert unsubscribe in links_in(body)
    path = unsubscribe.removeprefix("http://pass.test")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://pass.test"
    ) as client:
        page = await client.get(path)
        assert page.status_code == 200 and "Arrêter" in page.text
        assert (await SavedSearch.get(id=search.id)).alert_enabled  # a GET changes nothing
        done = await client.post(path, content=b"List-Unsubscribe=One-Click")
        assert done.status_code == 200 and "Data" in done.text
        assert (await client.post(path[:-3] + "xyz")).status_code == 404
    assert not (await SavedSearch.get(id=search.id)).alert_enabled
    await queue.aclose()
