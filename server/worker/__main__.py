"""`python -m server.worker`: runs one arq worker with the project's settings (see the Procfile).

`python -m server.worker health [--max-age S]` checks that worker's heartbeat: exit 0 and « ok … »
when it is working, 1 and the reason otherwise (see server/worker/health.py).
"""

import logging
import sys

from server.worker.health import Heartbeat, heartbeat_path
from server.worker.health import main as health

if sys.argv[1:2] == ["health"]:
    # Before reading the settings (which write a storage secret on first use) and importing
    # the jobs (models, ORM): a platform may run this check every few seconds.
    sys.exit(health(sys.argv[2:]))

from server.queue import redis_settings
from server.settings import settings
from server.worker.schedule import WorkerSettings
from server.worker.supervision import run_worker

config = settings()
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
redis_settings(config.redis_url)  # fails at once, with the reason, when REDIS_URL is unset
assert config.redis_url is not None
run_worker(
    WorkerSettings,
    config.redis_url,
    Heartbeat(heartbeat_path(config.data_dir)),
    job_timeout=config.job_timeout_seconds,
)
