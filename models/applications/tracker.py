"""Recording, listing, editing and deleting what a candidate sent to recruiters.

Nobody applies on PASS: each offer says whom to write to. The tracker keeps what the candidate
says they sent, with a copy of what identifies the offer, so that a record still reads well
once the offer is archived. One record per candidate and offer: writing again to the same
recruiter is a status (« relancée »), not a second record.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from models.accounts.tables import Account, AccountRole
from models.applications.errors import ApplicationErrorCode
from models.applications.tables import Application, ApplicationStatus
from models.clock import today
from models.documents.tables import Document
from models.errors import ErrorCode, UserError, UserErrors
from models.offers.queries import get_offer, is_expired
from models.offers.tables import Offer, OfferStatus
from models.reference.labels import vocabulary

__all__ = [
    "CONTACT_MAX",
    "EARLIEST_DATE",
    "FOLLOW_UP_DEFAULT",
    "FOLLOW_UP_MAX",
    "FOLLOW_UP_MIN",
    "KEEP",
    "MAX_APPLICATIONS",
    "MAX_DOCUMENTS",
    "MAX_PAGE",
    "NOTES_MAX",
    "ApplicationChanges",
    "ApplicationForm",
    "ApplicationPage",
    "InvalidApplicationCursor",
    "Keep",
    "application_for_offer",
    "application_of",
    "applications_page",
    "delete_application",
    "is_offer_open",
    "offer_contact",
    "record_application",
    "update_application",
]

MAX_APPLICATIONS = 300
CONTACT_MAX = 300
NOTES_MAX = 5_000
FOLLOW_UP_DEFAULT = 10
FOLLOW_UP_MIN = 1
FOLLOW_UP_MAX = 60
EARLIEST_DATE = date(2000, 1, 1)
# More than a candidate can hold (3 per category, 3 categories), with room for deleted ones.
MAX_DOCUMENTS = 20
MAX_PAGE = 100


class Keep(Enum):
    """An update's « leave this as it is », told apart from None (« no reminder »)."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True, slots=True)
class ApplicationForm:
    """What the candidate says they sent. None: today's date, the offer's contact."""

    written_on: date | None = None
    contact: str | None = None
    document_ids: Sequence[int] = ()
    notes: str = ""
    follow_up_after_days: int | None = FOLLOW_UP_DEFAULT
    status: ApplicationStatus = ApplicationStatus.SENT


@dataclass(frozen=True, slots=True)
class ApplicationChanges:
    written_on: date | Keep = KEEP
    contact: str | Keep = KEEP
    document_ids: Sequence[int] | Keep = KEEP
    notes: str | Keep = KEEP
    follow_up_after_days: int | Keep | None = KEEP
    status: ApplicationStatus | Keep = KEEP


@dataclass(frozen=True, slots=True)
class ApplicationPage:
    applications: list[Application]
    has_next_page: bool
    cursors: list[str]
    total_count: int

    @property
    def end_cursor(self) -> str | None:
        return self.cursors[-1] if self.cursors else None


class InvalidApplicationCursor(ValueError):
    """An `after` that no page of the tracker gave."""


def offer_contact(offer: Offer) -> str:
    """Whom the offer says to write to, as one line to prefill the form with."""
    if offer.contact_name and offer.contact_email:
        line = f"{offer.contact_name} ({offer.contact_email})"
    else:
        line = offer.contact_email or offer.contact_name or offer.contact_url or offer.contact_phone
    return line[:CONTACT_MAX]


def is_offer_open(application: Application) -> bool:
    """Whether the offer still takes applications (its page is linked); the offer must have
    been fetched with the record (`prefetch_related("offer")`)."""
    offer = application.offer
    return offer is not None and offer.status is OfferStatus.PUBLISHED and not is_expired(offer)


def _not_found() -> UserErrors:
    return UserErrors.one("id", ErrorCode.NOT_FOUND, "Candidature introuvable.")


# Bidirectional overrides and isolates: they would turn a text around where it is shown again
# (the tracker, the reminder mail, the export).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _printable(ch: str) -> bool:
    return ch >= " " and ch != "\x7f" and ch not in _BIDI_CONTROLS


def _tidy_notes(raw: str) -> str:
    text = (raw or "").replace("\r\n", "\n").replace("\r", "\n")
    # Plain text: control characters other than line breaks and tabs are dropped.
    return "".join(ch for ch in text if ch in "\n\t" or _printable(ch)).strip()


def _tidy_line(raw: str) -> str:
    """One line of plain text: spaces collapsed, control characters dropped."""
    return " ".join("".join(ch if _printable(ch) else " " for ch in raw).split())


def _date_error(written_on: date) -> UserError | None:
    if written_on > today():
        return UserError("written_on", ErrorCode.INVALID, "La date ne peut pas être à venir.")
    if written_on < EARLIEST_DATE:
        return UserError(
            "written_on", ErrorCode.INVALID, "La date doit être le 1er janvier 2000 ou après."
        )
    return None


def _contact_error(contact: str) -> UserError | None:
    if not contact:
        return UserError("contact", ErrorCode.REQUIRED, "Indiquez à qui vous avez écrit.")
    if len(contact) > CONTACT_MAX:
        return UserError("contact", ErrorCode.TOO_LONG, f"{CONTACT_MAX} caractères au plus.")
    return None


def _follow_up_error(days: int | None) -> UserError | None:
    if days is not None and not FOLLOW_UP_MIN <= days <= FOLLOW_UP_MAX:
        return UserError(
            "follow_up_after_days",
            ErrorCode.INVALID,
            f"Choisissez un délai de {FOLLOW_UP_MIN} à {FOLLOW_UP_MAX} jours.",
        )
    return None


def _notes_error(notes: str) -> UserError | None:
    if len(notes) > NOTES_MAX:
        return UserError(
            "notes", ErrorCode.TOO_LONG, f"{NOTES_MAX} caractères au plus ({len(notes)} saisis)."
        )
    return None


async def _documents(
    candidate: Account, ids: Sequence[int], kept: Sequence[dict[str, Any]] = ()
) -> tuple[list[dict[str, Any]], UserError | None]:
    """The snapshot of the documents sent: the candidate's own, or already in the record
    (whose document may since have been deleted). Another candidate's is « introuvable »."""
    wanted = list(dict.fromkeys(ids))
    if len(wanted) > MAX_DOCUMENTS:
        return [], UserError(
            "document_ids", ErrorCode.INVALID, f"{MAX_DOCUMENTS} documents au plus."
        )
    known = {int(d["id"]): d for d in kept}
    rows = {d.id: d for d in await Document.filter(candidate=candidate, id__in=wanted)}
    snapshot = []
    for document_id in wanted:
        row = rows.get(document_id)
        if row is not None:
            snapshot.append({"id": row.id, "name": row.filename, "category": row.category.value})
        elif document_id in known:
            snapshot.append(known[document_id])
        else:
            return [], UserError("document_ids", ErrorCode.NOT_FOUND, "Document introuvable.")
    return snapshot, None


def _follow_up_on(written_on: date, days: int | None) -> date | None:
    return written_on + timedelta(days=days) if days is not None else None


async def record_application(
    candidate: Account, offer_reference: str, form: ApplicationForm
) -> Application:
    if candidate.role is not AccountRole.CANDIDATE:
        raise UserErrors.one(
            None, ErrorCode.FORBIDDEN, "Le suivi des candidatures est réservé aux candidats."
        )
    offer = await get_offer(offer_reference) if 0 < len(offer_reference) <= 20 else None
    if offer is None:
        raise UserErrors.one("offer_reference", ErrorCode.NOT_FOUND, "Offre introuvable.")
    written_on = form.written_on or today()
    contact = _tidy_line(offer_contact(offer) if form.contact is None else form.contact)
    notes = _tidy_notes(form.notes)
    snapshot, documents_error = await _documents(candidate, form.document_ids)
    errors = [
        e
        for e in (
            _date_error(written_on),
            _contact_error(contact),
            documents_error,
            _notes_error(notes),
            _follow_up_error(form.follow_up_after_days),
        )
        if e is not None
    ]
    if errors:
        raise UserErrors(errors)
    words = await vocabulary()
    administration = words.administrations.get(offer.administration_id, "")  # type: ignore[attr-defined]
    try:
        async with in_transaction():
            # Serialises one candidate's records, so the cap holds in a race.
            await Account.select_for_update().filter(id=candidate.id).first()
            if await Application.exists(candidate=candidate, offer=offer):
                raise _already(offer)
            if await Application.filter(candidate=candidate).count() >= MAX_APPLICATIONS:
                raise UserErrors.one(
                    None,
                    ErrorCode.LIMIT_REACHED,
                    f"Vous suivez déjà {MAX_APPLICATIONS} candidatures : supprimez-en une.",
                )
            return await Application.create(
                candidate=candidate,
                offer=offer,
                offer_reference=offer.reference,
                offer_title=offer.title,
                administration_name=administration[:200],
                written_on=written_on,
                contact=contact,
                documents=snapshot,
                status=form.status,
                notes=notes,
                follow_up_after_days=form.follow_up_after_days,
                follow_up_on=_follow_up_on(written_on, form.follow_up_after_days),
            )
    except IntegrityError:
        raise _already(offer) from None


def _already(offer: Offer) -> UserErrors:
    return UserErrors.one(
        "offer_reference",
        ApplicationErrorCode.ALREADY_RECORDED,
        f"Vous suivez déjà votre candidature à l'offre {offer.reference} : modifiez-la dans "
        "Mes candidatures.",
    )


async def application_of(candidate: Account, application_id: int) -> Application:
    """Another candidate's record is « introuvable », exactly like a missing one."""
    found = (
        await Application.filter(id=application_id, candidate=candidate)
        .prefetch_related("offer")
        .first()
    )
    if found is None:
        raise _not_found()
    return found


async def application_for_offer(candidate: Account, offer: Offer) -> Application | None:
    return await Application.get_or_none(candidate=candidate, offer=offer)


async def update_application(
    candidate: Account, application_id: int, changes: ApplicationChanges
) -> Application:
    application = await application_of(candidate, application_id)
    errors: list[UserError | None] = []
    if not isinstance(changes.written_on, Keep):
        errors.append(_date_error(changes.written_on))
        application.written_on = changes.written_on
    if not isinstance(changes.contact, Keep):
        application.contact = _tidy_line(changes.contact)
        errors.append(_contact_error(application.contact))
    if not isinstance(changes.document_ids, Keep):
        snapshot, error = await _documents(candidate, changes.document_ids, application.documents)
        errors.append(error)
        application.documents = snapshot
    if not isinstance(changes.notes, Keep):
        application.notes = _tidy_notes(changes.notes)
        errors.append(_notes_error(application.notes))
    if not isinstance(changes.follow_up_after_days, Keep):
        errors.append(_follow_up_error(changes.follow_up_after_days))
        application.follow_up_after_days = changes.follow_up_after_days
    if not isinstance(changes.status, Keep):
        application.status = changes.status
    found = [e for e in errors if e is not None]
    if found:
        raise UserErrors(found)
    follow_up_on = _follow_up_on(application.written_on, application.follow_up_after_days)
    if follow_up_on != application.follow_up_on:
        application.reminded_at = None  # a new date asks for a new reminder
    application.follow_up_on = follow_up_on
    await application.save()
    return application


async def delete_application(candidate: Account, application_id: int) -> None:
    deleted = await Application.filter(id=application_id, candidate=candidate).delete()
    if not deleted:
        raise _not_found()


def _cursor(application: Application) -> str:
    raw = f"{application.written_on.isoformat()}~{application.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _position(cursor: str) -> tuple[date, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        day, _, number = raw.partition("~")
        position = date.fromisoformat(day), int(number)
        if not 0 < position[1] < 2**31:  # row ids are 32-bit integers
            raise ValueError(number)
        return position
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidApplicationCursor(f"not a cursor of applications: {cursor[:40]!r}") from None


async def applications_page(
    candidate: Account, *, first: int = 20, after: str | None = None
) -> ApplicationPage:
    """Newest first (the date written, then the latest recorded), `first` at most MAX_PAGE."""
    first = max(1, min(first, MAX_PAGE))
    query = Application.filter(candidate=candidate)
    total = await query.count()
    if after is not None:
        day, number = _position(after)
        query = query.filter(Q(written_on__lt=day) | Q(written_on=day, id__lt=number))
    rows = await query.order_by("-written_on", "-id").limit(first + 1).prefetch_related("offer")
    shown = rows[:first]
    return ApplicationPage(
        applications=shown,
        has_next_page=len(rows) > first,
        cursors=[_cursor(a) for a in shown],
        total_count=total,
    )
