"""`python -m workers`: runs one arq worker with the project's settings (see the Procfile).

`python -m workers health [--max-age S]` checks that worker's heartbeat: exit 0 and « ok … »
when it is working, 1 and the reason otherwise (see workers/health.py).
"""

import logging
import sys

from workers.health import Heartbeat, heartbeat_path
from workers.health import main as health

if sys.argv[1:2] == ["health"]:
    # Before reading the settings (which write a storage secret on first use) and importing
    # the jobs (models, ORM): a platform may run this check every few seconds.
    sys.exit(health(sys.argv[2:]))

from server.settings import settings
from workers.queue import redis_settings
from workers.settings import WorkerSettings
from workers.supervision import run_worker

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
