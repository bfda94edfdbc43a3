"""What account operations need from the deployment: a signing secret and the site's address.

Set once at start by the web process and the worker (server.settings), and by the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

__all__ = ["AccountConfig", "account_config", "configure_accounts"]


@dataclass(frozen=True, slots=True)
class AccountConfig:
    secret: str
    site_url: str
    session_lifetime: timedelta = timedelta(days=30)
    reset_link_lifetime: timedelta = timedelta(hours=1)
    email_link_lifetime: timedelta = timedelta(hours=24)
    captcha_lifetime: timedelta = timedelta(minutes=30)
    # The ALTCHA challenge's largest secret number; a solver tries half of them on average.
    # Chromium (ui/static/altcha_solver.js) tried ~350,000 a second on a busy 2-core machine:
    # ~0.35 s on average, 0.7 s at worst, while the person fills the form.
    proof_of_work_max_number: int = 250_000
    # requestPasswordReset answers no sooner than this, whether a mail is queued or not, so
    # its timing does not tell whether an account exists.
    reset_answer_seconds: float = 0.25
    # "memory://" in one process; "redis://…" shares the rate-limit counters between processes.
    rate_limit_storage: str = "memory://"
    max_document_bytes: int = 150_000_000
    download_link_lifetime: timedelta = timedelta(minutes=15)


_config: AccountConfig | None = None


def configure_accounts(config: AccountConfig) -> None:
    global _config
    _config = config


def account_config() -> AccountConfig:
    if _config is None:
        raise RuntimeError("configure_accounts() was not called at start-up")
    return _config
