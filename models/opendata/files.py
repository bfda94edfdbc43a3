"""Where the open data export lives, and what the current one is.

A folder of its own under the data folder (a volume every web process and worker shares, like
the uploaded files), set once at start (server.runtime). The document storage is not used: it
keys files randomly and its orphan sweep removes any file no document names.

Each export writes its files under names of their content's hash, then replaces the small
`offres.meta.json` that names them (both by temp file + rename): a reader that read the
description always finds the files it names, complete, since the previous generation is kept
until the next export.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

__all__ = [
    "META_NAME",
    "ExportFile",
    "OpenDataExport",
    "current_export",
    "open_data_dir",
    "use_open_data_dir",
    "write_atomically",
]

META_NAME = "offres.meta.json"

_folder: Path | None = None


def use_open_data_dir(folder: Path) -> None:
    global _folder
    _folder = folder


def open_data_dir() -> Path:
    if _folder is None:
        raise RuntimeError("no open data folder configured")
    return _folder


@dataclass(frozen=True, slots=True)
class ExportFile:
    format: str  # "csv" or "json"
    stored_as: str  # the file's name in the folder
    size: int
    sha256: str
    content_type: str

    @property
    def etag(self) -> str:
        """Strong: two files with the same tag have the same bytes."""
        return f'"{self.sha256[:32]}"'


@dataclass(frozen=True, slots=True)
class OpenDataExport:
    generated_at: datetime
    count: int
    files: tuple[ExportFile, ...]
    # The files of the export before this one, kept for the readers that are still sending them.
    previous: tuple[str, ...] = ()

    def file(self, format: str) -> ExportFile:
        return next(f for f in self.files if f.format == format)


def write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    partial.write_text(text, "utf-8")
    os.replace(partial, path)


def describe(export: OpenDataExport) -> str:
    data = asdict(export)
    data["generated_at"] = export.generated_at.isoformat()
    return json.dumps(data, indent=1)


def current_export(folder: Path | None = None) -> OpenDataExport | None:
    """The export the site serves now, or None before the first one."""
    path = (folder or open_data_dir()) / META_NAME
    try:
        data = json.loads(path.read_text("utf-8"))
        return OpenDataExport(
            generated_at=datetime.fromisoformat(data["generated_at"]),
            count=int(data["count"]),
            files=tuple(ExportFile(**f) for f in data["files"]),
            previous=tuple(data.get("previous", ())),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return None  # unreadable: served as missing until the next export rewrites it
