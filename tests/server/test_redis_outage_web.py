"""The web process while Redis is away or hung: enqueueing a job and publishing a live event
give up within about two seconds (the request goes on: both are best effort), and live
subscribers hear publications again once Redis is back, without a restart."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from models.jobs import enqueue_jobs, use_job_queue
from server.broker import CHANNEL, RedisBroker
from server.queue import ArqJobQueue, open_queue
from tests.workers.processes import RedisServer, wait_until

BOUND = 2.5  # seconds a request may spend on an unresponsive Redis


async def _elapsed(step: Awaitable[None]) -> float:
    started = time.monotonic()
    await step
    return time.monotonic() - started


@pytest.fixture
def redis_server(tmp_path: Path) -> RedisServer:
    server = RedisServer(tmp_path / "redis")
    server.start()
    return server


async def test_enqueueing_gives_up_quickly_when_redis_hangs_or_is_gone(
    redis_server: RedisServer,
) -> None:
    queue = await open_queue(redis_server.url)
    use_job_queue(ArqJobQueue(queue))
    try:
        assert await _elapsed(enqueue_jobs("match_offer", [1])) < BOUND
        assert await queue.zcard("arq:queue") == 1

        redis_server.pause()  # accepts connections, answers nothing
        try:
            hung = await _elapsed(enqueue_jobs("match_offer", [2]))
        finally:
            redis_server.resume()
        redis_server.kill()
        gone = await _elapsed(enqueue_jobs("match_offer", [3]))
        print(f"enqueue with Redis hung: {hung:.2f} s; with Redis gone: {gone:.2f} s")
        assert hung < BOUND
        assert gone < BOUND
    finally:
        use_job_queue(None)
        await queue.aclose()
        redis_server.kill()


async def test_live_subscribers_hear_publications_again_after_redis_restarts(
    redis_server: RedisServer,
) -> None:
    broker = RedisBroker(redis_server.url)
    await broker.start()
    elsewhere = aioredis.Redis.from_url(redis_server.url)  # another web process publishing
    try:
        async with broker.subscribe() as subscriber:
            await elsewhere.publish(CHANNEL, json.dumps([1]))
            assert await asyncio.wait_for(subscriber.get(), timeout=5) == [1]

            redis_server.kill()
            with pytest.raises(Exception):  # noqa: B017 (which one is redis-py's business)
                await asyncio.wait_for(broker.publish([2]), timeout=BOUND)
            await wait_until("the listener to notice", lambda: not broker.listening, 5)
            await asyncio.sleep(3)
            redis_server.start()
            took = await wait_until("the listener to subscribe again", lambda: broker.listening, 10)
            print(f"listening again {took:.1f} s after Redis came back")

            await elsewhere.publish(CHANNEL, json.dumps([3]))
            assert await asyncio.wait_for(subscriber.get(), timeout=5) == [3]
            await broker.publish([4])
            assert await asyncio.wait_for(subscriber.get(), timeout=5) == [4]
    finally:
        await elsewhere.aclose()
        await broker.stop()
        redis_server.kill()


async def test_a_web_process_starts_while_redis_is_away(tmp_path: Path) -> None:
    """Redis down at start: the process starts (without live events) rather than failing."""
    server = RedisServer(tmp_path / "redis")  # not started
    broker = RedisBroker(server.url)
    started = time.monotonic()
    await broker.start()
    try:
        assert time.monotonic() - started < 5
        assert not broker.listening
        server.start()
        await wait_until("the listener to subscribe", lambda: broker.listening, 10)
    finally:
        await broker.stop()
        server.kill()


async def test_the_broker_listens_on_both_kinds_of_redis(redis_url: str) -> None:
    """The embedded Redis is reached through a unix socket, a server through TCP."""
    broker = RedisBroker(redis_url)
    await broker.start()
    try:
        assert broker.listening
        async with broker.subscribe() as subscriber:
            await broker.publish([7, 8])
            assert await asyncio.wait_for(subscriber.get(), timeout=5) == [7, 8]
    finally:
        await broker.stop()
