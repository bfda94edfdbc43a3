"""« Télécharger mes données »: a zip of everything a candidate's account holds, mailed as a
link.

The candidate asks (`request_data_export`, at most once per REQUEST_INTERVAL); the worker
builds the zip (`build_data_export`): one JSON file per registered collector (`compte.json`,
`recherches.json`, and whatever other areas add with `on_data_export`) and the documents under
their own names in `documents/cv/`, `documents/lettres/`, `documents/autres/`. The zip is
written to a temporary file and only then moved into file storage, so a half-written zip is
never served; then a mail gives a link valid for LINK_LIFETIME. The hourly sweep
(`sweep_data_exports`) builds what a lost job left and deletes the expired zips.

An account has one export at most: asking again replaces the previous one (its link stops
working), so the zips of one account never pile up.
"""

from __future__ import annotations

import json
import logging
import math
import tempfile
import zipfile
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import anyio.to_thread
from tortoise.transactions import in_transaction

from models.accounts.config import account_config
from models.accounts.errors import AccountErrorCode
from models.accounts.mails import account_mail
from models.accounts.tables import Account, AccountRole
from models.accounts.tokens import new_token, token_hash
from models.clock import PARIS, now
from models.documents.rules import MAX_PER_CATEGORY
from models.documents.tables import Document, DocumentCategory
from models.errors import ErrorCode, UserErrors
from models.jobs import enqueue_jobs
from models.mail.outbox import dispatch
from models.personal_data.cleanup import remove_stored
from models.personal_data.tables import DataExport
from models.saved_searches.tables import SavedSearch
from models.site_paths import DATA_EXPORT_DOWNLOAD, search_path
from models.storage import file_storage

__all__ = [
    "BUILD_DATA_EXPORT",
    "LINK_LIFETIME",
    "REQUEST_INTERVAL",
    "Collector",
    "ExportDownload",
    "build_data_export",
    "data_export_for_token",
    "on_data_export",
    "request_data_export",
    "sweep_data_exports",
]

log = logging.getLogger(__name__)

BUILD_DATA_EXPORT = "build_data_export"  # the worker's job (workers.personal_data)
REQUEST_INTERVAL = timedelta(minutes=10)
LINK_LIFETIME = timedelta(hours=48)
# The JSON files together: far above what the areas' own limits let an account hold.
JSON_MAX_BYTES = 16_000_000
# A job lost with Redis is built by the sweep once it has waited this long.
LOST_AFTER = timedelta(minutes=5)
SWEEP_BATCH = 20

DOCUMENT_FOLDERS = {
    DocumentCategory.CV: "documents/cv",
    DocumentCategory.COVER_LETTER: "documents/lettres",
    DocumentCategory.OTHER: "documents/autres",
}

# What one JSON file of the zip holds for an account: anything `json.dumps` takes.
Collector = Callable[[Account], Awaitable[object]]

_collectors: dict[str, Collector] = {}


def on_data_export(name: str, collector: Collector) -> None:
    """Adds the file `name` (e.g. `favoris.json`) to every export, holding what `collector`
    returns for the account, as indented UTF-8 JSON.

    For areas that keep something of a candidate's (favourites, applications…). Register at
    import of a module every process imports, such as the area's `tables` module (models.db
    lists them): the worker builds the zip. The collector should return at most what the
    area's own limits allow, and nothing of anyone else; no password, no token.
    """
    if not name.endswith(".json") or "/" in name or name.startswith("documents"):
        raise ValueError(f"an export file is a plain .json name: {name!r}")
    if name in _collectors:
        raise ValueError(f"{name} is already in the export")
    _collectors[name] = collector


def _moment(value: datetime | None) -> str | None:
    return value.astimezone(PARIS).isoformat(timespec="seconds") if value else None


async def _account_file(account: Account) -> object:
    # Everything of the row but its password hash and the case-folded copies (only for
    # uniqueness), with the names a French reader understands.
    return {
        "civilite": account.civility.label,
        "nom": account.last_name,
        "prenom": account.first_name,
        "telephone": account.phone or None,
        "adresse_email": account.email,
        "identifiant": account.username,
        "cree_le": _moment(account.created_at),
        "modifie_le": _moment(account.updated_at),
        "derniere_activite_le": _moment(account.last_seen_at),
    }


async def _saved_searches_file(account: Account) -> object:
    searches = await SavedSearch.filter(candidate_id=account.id).order_by("created_at", "id")
    site = account_config().site_url
    listed = []
    for search in searches:
        criteria: dict[str, list[str]] = {}
        for name, value in search.query:
            criteria.setdefault(name, []).append(value)
        listed.append(
            {
                "nom": search.name,
                "criteres": criteria,
                "adresse": site + search_path([(n, v) for n, v in search.query]),
                "alerte_active": search.alert_enabled,
                "frequence_alerte": (
                    "chaque offre" if search.alert_frequency.value == "instant" else "quotidienne"
                ),
                "creee_le": _moment(search.created_at),
            }
        )
    return listed


on_data_export("compte.json", _account_file)
on_data_export("recherches.json", _saved_searches_file)


def _wait_text(seconds: float) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


async def request_data_export(account: Account) -> DataExport:
    """Asks for a new export, replacing any earlier one; refused within REQUEST_INTERVAL of
    the last request, with the wait in French."""
    if account.role is not AccountRole.CANDIDATE:
        raise UserErrors.one(
            None, ErrorCode.FORBIDDEN, "Seuls les comptes candidats peuvent exporter leurs données."
        )
    moment = now()
    async with in_transaction():
        # Serialises two requests of one account, so that the interval holds in a race.
        await Account.select_for_update().filter(id=account.id).first()
        previous = await DataExport.get_or_none(account_id=account.id)
        if previous is not None and previous.requested_at > moment - REQUEST_INTERVAL:
            wait = (previous.requested_at + REQUEST_INTERVAL - moment).total_seconds()
            raise UserErrors.one(
                None,
                AccountErrorCode.TOO_MANY_ATTEMPTS,
                "Vous avez déjà demandé vos données il y a moins de "
                f"{_wait_text(REQUEST_INTERVAL.total_seconds())} : "
                f"réessayez dans {_wait_text(wait)}. Le lien de téléchargement vous est "
                "envoyé par e-mail.",
            )
        stale = [previous.storage_key] if previous and previous.storage_key else []
        if previous is not None:
            await previous.delete()
        export = await DataExport.create(account_id=account.id, requested_at=moment)
    await remove_stored(stale)()
    await enqueue_jobs(BUILD_DATA_EXPORT, [export.id])
    return export


def _unique_name(folder: str, filename: str, taken: set[str]) -> str:
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = filename, ""
    name, number = f"{folder}/{filename}", 1
    while name in taken:
        number += 1
        name = f"{folder}/{stem} ({number}){dot}{extension}"
    taken.add(name)
    return name


def _write_zip(target: Path, files: dict[str, bytes], documents: list[tuple[str, Path]]) -> None:
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
        # Stored as they are: PDFs and office files are compressed already.
        for name, source in documents:
            archive.write(source, name, compress_type=zipfile.ZIP_STORED)


async def _chunks(path: Path) -> AsyncIterator[bytes]:
    handle = await anyio.to_thread.run_sync(path.open, "rb")
    try:
        while chunk := await anyio.to_thread.run_sync(handle.read, 1024 * 1024):
            yield chunk
    finally:
        handle.close()


def _max_zip_bytes() -> int:
    documents = len(DocumentCategory) * MAX_PER_CATEGORY * account_config().max_document_bytes
    # Zip headers: a few hundred bytes per entry.
    return documents + JSON_MAX_BYTES + 1_000_000


async def build_data_export(export_id: int) -> bool:
    """Builds the zip and mails its link; False when there is nothing to do (built already,
    replaced, or the account gone), so a job run twice mails once."""
    export = await DataExport.get_or_none(id=export_id, built_at__isnull=True)
    if export is None:
        return False
    account = await Account.get_or_none(id=export.account_id)  # type: ignore[attr-defined]
    if account is None:
        return False
    files: dict[str, bytes] = {}
    for name, collector in _collectors.items():
        files[name] = json.dumps(await collector(account), ensure_ascii=False, indent=2).encode()
    if sum(len(data) for data in files.values()) > JSON_MAX_BYTES:
        raise RuntimeError(f"the export of account {account.id} is too large")
    storage = file_storage()
    taken: set[str] = set()
    documents = [
        (
            _unique_name(DOCUMENT_FOLDERS[document.category], document.filename, taken),
            storage.path(document.storage_key),
        )
        for document in await Document.filter(candidate_id=account.id).order_by("created_at", "id")
    ]
    # A document whose file is gone (a storage incident) is named, not a failed export that
    # the sweep would build again every hour without the candidate ever hearing of it.
    missing = [name for name, source in documents if not source.is_file()]
    if missing:
        log.error("data export %s: %d document file(s) missing", export.id, len(missing))
        documents = [(name, source) for name, source in documents if source.is_file()]
        files["documents-manquants.txt"] = (
            "Ces documents de votre compte n'ont pas pu être joints à l'export (fichier "
            "introuvable). Écrivez-nous si vous en avez besoin :\n"
            + "".join(f"- {name}\n" for name in missing)
        ).encode()
    with tempfile.TemporaryDirectory(prefix="pass-export-") as folder:
        written = Path(folder) / "export.zip"
        await anyio.to_thread.run_sync(_write_zip, written, files, documents)
        # put_stream writes beside its final place and renames: never seen half-written.
        stored = await storage.put_stream(_chunks(written), _max_zip_bytes())
    token = new_token()
    moment = now()
    try:
        async with in_transaction():
            built = await DataExport.filter(id=export.id, built_at__isnull=True).update(
                built_at=moment,
                token_hash=token_hash(token),
                storage_key=stored.key,
                size=stored.size,
                expires_at=moment + LINK_LIFETIME,
            )
            if not built:  # another run finished first, or the candidate asked again
                storage.delete(stored.key)
                return False
            mail = await account_mail(
                "data_export_ready",
                account,
                download_url=f"{account_config().site_url}{DATA_EXPORT_DOWNLOAD}?jeton={token}",
                expires_hours=int(LINK_LIFETIME.total_seconds() // 3600),
            )
    except BaseException:
        storage.delete(stored.key)
        raise
    await dispatch([mail])
    return True


@dataclass(frozen=True, slots=True)
class ExportDownload:
    path: Path
    filename: str
    size: int


async def data_export_for_token(token: str | None) -> ExportDownload | None:
    """The zip a mailed link names, or None if the link is unknown, replaced or expired."""
    if not token:
        return None
    export = await DataExport.get_or_none(
        token_hash=token_hash(token), built_at__isnull=False, expires_at__gt=now()
    )
    if export is None or export.storage_key is None or export.built_at is None:
        return None
    day = export.built_at.astimezone(PARIS).date().isoformat()
    return ExportDownload(
        file_storage().path(export.storage_key), f"pass-mes-donnees-{day}.zip", export.size
    )


async def sweep_data_exports() -> int:
    """Deletes the expired exports (rows, then zips) and builds those a lost job left."""
    moment = now()
    expired = await DataExport.filter(expires_at__lt=moment).only("id", "storage_key")
    if expired:
        await DataExport.filter(id__in=[row.id for row in expired]).delete()
        await remove_stored([row.storage_key for row in expired if row.storage_key])()
    waiting = (
        await DataExport.filter(built_at__isnull=True, requested_at__lt=moment - LOST_AFTER)
        .order_by("requested_at")
        .limit(SWEEP_BATCH)
        .values_list("id", flat=True)
    )
    built = 0
    for export_id in waiting:
        try:
            built += await build_data_export(int(export_id))  # type: ignore[call-overload]
        except Exception as error:  # the next sweep tries again; the others go on
            log.warning("export %s impossible : %s", export_id, type(error).__name__)
    return len(expired) + built
