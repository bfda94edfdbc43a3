"""`python -m workers`: runs one arq worker with the project's settings."""

from arq import run_worker

from workers.settings import WorkerSettings

run_worker(WorkerSettings)  # type: ignore[arg-type]
