"""The offer housekeeping job, run by a real arq worker on a real Redis (embedded and server)."""

from __future__ import annotations

from datetime import timedelta

from arq.worker import Worker

from models.clock import today
from models.demo.generator import generate_expired_offers, generate_offers
from models.offers.publishing import create_offers, publish_offers
from models.offers.queries import get_offer
from models.offers.tables import OfferStatus
from models.reference.labels import vocabulary
from models.search.criteria import SearchCriteria
from models.search.offers import search_offers
from server.queue import QUEUE_OPTIONS, open_queue, redis_settings
from server.worker.schedule import JOBS


async def _run_queued_jobs(url: str) -> Worker:
    worker = Worker(
        functions=JOBS, redis_settings=redis_settings(url), burst=True, poll_delay=0.01,
        **QUEUE_OPTIONS,
    )  # fmt: skip
    await worker.async_run()
    await worker.close()
    return worker


async def test_expired_offers_are_archived_by_the_worker(db: str, redis_url: str) -> None:
    day = today()
    open_offers = await create_offers(
        generate_offers(apprenticeships=2, stages=2, seed=1, today=day)
    )
    expired = await create_offers(generate_expired_offers(count=2, seed=1, today=day))
    await publish_offers([*expired, *open_offers])

    queue = await open_queue(redis_url)
    job = await queue.enqueue_job("archive_expired_offers")
    assert job is not None
    worker = await _run_queued_jobs(redis_url)
    assert worker.jobs_complete == 1 and worker.jobs_failed == 0
    assert await job.result(timeout=5) == 2

    for offer in expired:
        stored = await get_offer(offer.reference)
        assert stored is not None and stored.status == OfferStatus.ARCHIVED
    page = await search_offers(SearchCriteria.build(vocabulary=await vocabulary()), first=10)
    assert page.total == 4
    assert {o.reference for o in page.offers} == {o.reference for o in open_offers}

    # Run again (a retried job): nothing more to do, nothing changes.
    again = await queue.enqueue_job("archive_expired_offers")
    assert again is not None
    await _run_queued_jobs(redis_url)
    assert await again.result(timeout=5) == 0
    assert (
        await search_offers(SearchCriteria.build(vocabulary=await vocabulary()), first=0)
    ).total == 4
    await queue.aclose()


async def test_an_offer_leaves_the_results_on_its_end_date(db: str) -> None:
    day = today()
    [offer] = await create_offers(generate_offers(apprenticeships=1, stages=0, seed=2, today=day))
    offer.expires_on = day - timedelta(days=1)
    await offer.save()
    await publish_offers([offer])
    # Not yet archived by the worker, already out of the results.
    assert (
        await search_offers(SearchCriteria.build(vocabulary=await vocabulary()), first=0)
    ).total == 0
    assert await get_offer(offer.reference) is not None
