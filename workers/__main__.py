"""`python -m workers`: runs one arq worker with the project's settings (see the Procfile)."""

import logging

from arq import run_worker

from server.settings import settings
from workers.queue import redis_settings
from workers.settings import WorkerSettings

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
run_worker(WorkerSettings, redis_settings=redis_settings(settings().redis_url))  # type: ignore[arg-type]
