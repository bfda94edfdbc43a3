"""`python -m server.worker [--processes N]`: runs the arq worker with the project's settings
(see the Procfile), in N processes (PASS_WORKER_PROCESSES, else one per core; see
server/worker/pool.py).

`python -m server.worker health [--max-age S]` checks the worker's heartbeats: exit 0 and « ok … »
when every process is working, 1 and the reason otherwise (see server/worker/health.py).
"""

import argparse
import logging
import sys

from server.worker.health import Heartbeat, forget_other_beats, heartbeat_path
from server.worker.health import main as health

if sys.argv[1:2] == ["health"]:
    # Before reading the settings (which write a storage secret on first use) and importing
    # the jobs (models, ORM): a platform may run this check every few seconds.
    sys.exit(health(sys.argv[2:]))

from server.queue import redis_settings
from server.settings import settings
from server.worker.pool import default_processes, run_pool

parser = argparse.ArgumentParser(prog="python -m server.worker")
parser.add_argument(
    "--processes",
    type=int,
    default=None,
    help="worker processes (default: PASS_WORKER_PROCESSES, else one per core)",
)
# Given by the pool to its processes, whose numbered heartbeat files are the pool's business.
parser.add_argument("--in-pool", action="store_true", help=argparse.SUPPRESS)
options = parser.parse_args()
processes = options.processes or default_processes()
# Read once here, before any child: the first reading writes the storage secret, which the
# children then share instead of racing to write it.
config = settings()
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
redis_settings(config.redis_url)  # fails at once, with the reason, when REDIS_URL is unset
assert config.redis_url is not None
if processes > 1:
    sys.exit(run_pool(processes, heartbeat_path(config.data_dir)))

# The jobs (models, ORM) are imported by the process that runs them only.
from server.worker.schedule import WorkerSettings  # noqa: E402
from server.worker.supervision import run_worker  # noqa: E402

beats = heartbeat_path(config.data_dir)
if not options.in_pool:  # on its own: numbered files were left by a larger pool
    forget_other_beats(beats, keep=1)
timeout = config.job_timeout_seconds
run_worker(WorkerSettings, config.redis_url, Heartbeat(beats), job_timeout=timeout)
