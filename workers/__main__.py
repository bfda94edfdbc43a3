"""`python -m workers`: runs one arq worker with the project's settings (see the Procfile)."""

import logging

from arq import run_worker

from server.settings import settings
from workers.queue import redis_settings
from workers.settings import WorkerSettings

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
config = settings()
run_worker(
    WorkerSettings,  # type: ignore[arg-type]
    redis_settings=redis_settings(config.redis_url),
    job_timeout=config.job_timeout_seconds,
)
