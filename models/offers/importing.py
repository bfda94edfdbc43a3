"""Importing offers from a JSON or CSV file: every row checked like an offer sent to the API,
then all stored (and published, if asked) in one go, or none when any row is wrong.

JSON: a list of objects (or `{"offers": [...]}`); CSV: a header row, UTF-8, comma-separated.
Both use the field names of `FIELDS`; dates are ISO (`2027-09-01`). A fault is reported under
« offre N.<name> », where <name> is the column or key as written in the file: the draft's
field names, which `check_draft` reports, are those names.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path

from tortoise.transactions import in_transaction

from models.errors import ErrorCode, UserError, UserErrors
from models.offers.editing import check_draft
from models.offers.errors import OfferErrorCode
from models.offers.publishing import (
    OfferDraft,
    Publication,
    announce_publication,
    create_offers,
    publish_in_transaction,
)
from models.offers.tables import Offer
from models.reference.catalogue import OfferType

__all__ = ["FIELDS", "REQUIRED", "ImportReport", "import_offers", "read_offer_file"]

FIELDS = tuple(f.name for f in fields(OfferDraft))
REQUIRED = (
    "type",
    "title",
    "diploma_level",
    "domain",
    "administration",
    "service",
    "post_description",
)
_DATES = ("contract_start", "expires_on")
_REFERENCE = re.compile(r"[A-Za-z0-9-]{1,20}")


@dataclass(frozen=True, slots=True)
class ImportReport:
    references: list[str]
    published: bool


def read_offer_file(path: Path) -> list[dict[str, object]]:
    """The rows of a .json or .csv file, as dictionaries."""
    suffix = path.suffix.lower()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise UserErrors.one(
            "file", OfferErrorCode.UNREADABLE, f"Fichier illisible : {error}"
        ) from None
    if suffix == ".csv":
        # newline="": line breaks inside quoted cells belong to the cell.
        return [dict(row) for row in csv.DictReader(io.StringIO(text, newline=""))]
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise UserErrors.one("file", ErrorCode.INVALID, f"JSON non valide : {error}") from None
        if isinstance(data, dict):
            data = data.get("offers")
        if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
            raise UserErrors.one(
                "file", ErrorCode.INVALID, "Le JSON doit être une liste d'offres (objets)."
            )
        return data
    raise UserErrors.one("file", OfferErrorCode.FORMAT, "Format attendu : fichier .json ou .csv.")


def _draft(
    row: Mapping[str, object], where: str, errors: list[UserError], unknown: set[str]
) -> OfferDraft | None:
    values: dict[str, object] = {}
    for key, raw in row.items():
        if key not in FIELDS:
            if key not in unknown:  # a CSV column: said once, at its first row
                unknown.add(key)
                message = f"Champ inconnu : « {key} »."
                errors.append(UserError(f"{where}.{key}", ErrorCode.UNKNOWN, message))
            continue
        if raw is None or raw == "":
            continue
        if not isinstance(raw, str):
            errors.append(UserError(f"{where}.{key}", ErrorCode.INVALID, "Texte attendu."))
            continue
        values[key] = raw
    missing = [name for name in REQUIRED if name not in values]
    for name in missing:
        errors.append(
            UserError(f"{where}.{name}", ErrorCode.REQUIRED, "Champ obligatoire manquant.")
        )
    for name in _DATES:
        if name in values:
            try:
                values[name] = date.fromisoformat(str(values[name]))
            except ValueError:
                errors.append(
                    UserError(
                        f"{where}.{name}",
                        ErrorCode.INVALID,
                        "Date attendue au format AAAA-MM-JJ.",
                    )
                )
                return None
    if "reference" in values:
        values["reference"] = str(values["reference"]).strip()
        if not _REFERENCE.fullmatch(str(values["reference"])):
            message = "Référence : 20 caractères au plus, lettres, chiffres et tirets."
            errors.append(UserError(f"{where}.reference", ErrorCode.INVALID, message))
            return None
    if "type" in values:
        try:
            values["type"] = OfferType(str(values["type"]))
        except ValueError:
            errors.append(
                UserError(
                    f"{where}.type", ErrorCode.INVALID, "Type attendu : stage ou apprentissage."
                )
            )
            return None
    if missing:
        return None
    return OfferDraft(**values)  # type: ignore[arg-type]


def _at(where: str, field: str | None) -> str:
    return f"{where}.{field}" if field else where


async def import_offers(rows: Sequence[Mapping[str, object]], *, publish: bool) -> ImportReport:
    """Stores every row as an offer, or none: raises UserErrors naming each row at fault."""
    if not rows:
        raise UserErrors.one("file", ErrorCode.EMPTY, "Le fichier ne contient aucune offre.")
    errors: list[UserError] = []
    drafts: list[OfferDraft] = []
    references: set[str] = set()
    unknown: set[str] = set()
    for number, row in enumerate(rows, start=1):
        where = f"offre {number}"
        draft = _draft(row, where, errors, unknown)
        if draft is None:
            continue
        try:
            draft = await check_draft(draft)
        except UserErrors as faults:
            # The draft's field names are the file's own column names (`FIELDS`).
            errors += [UserError(_at(where, e.field), e.code, e.message) for e in faults.errors]
            continue
        if draft.reference:
            if draft.reference in references or await Offer.exists(reference=draft.reference):
                message = f"La référence {draft.reference} existe déjà."
                errors.append(UserError(f"{where}.reference", ErrorCode.TAKEN, message))
            references.add(draft.reference)
        drafts.append(draft)
    if errors:
        raise UserErrors(errors)
    # One transaction: all rows stored and published, or none; announcements after the commit.
    publication = Publication([], [])
    async with in_transaction() as connection:
        offers = await create_offers(drafts)
        if publish:
            publication = await publish_in_transaction(connection, offers)
    await announce_publication(publication)
    return ImportReport([o.reference for o in offers], publish)
