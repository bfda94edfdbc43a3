"""Recruiters' and admins' offers: checking a draft, and creating, editing, publishing and
archiving one offer with the permissions of the account doing it.

A recruiter touches only the offers of their administration; an admin any offer; a candidate
none. The same checks serve the API and the import command, and the sanitising is the one the
demo data go through (`build_offer`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from html import unescape
from typing import Any

from email_validator import EmailNotValidError, validate_email
from tortoise.transactions import in_transaction

from models.accounts.tables import Account, AccountRole
from models.clock import now, today
from models.errors import ErrorCode, UserError, UserErrors
from models.offers.changes import record_changes
from models.offers.errors import OfferErrorCode
from models.offers.places import commune_named
from models.offers.publishing import (
    RICH_TEXT_FIELDS,
    OfferDraft,
    archive_offers,
    build_offer,
    create_offers,
    lock_offer_writes,
    publish_offers,
)
from models.offers.queries import could_be_reference
from models.offers.sanitize import sanitize_html
from models.offers.tables import Offer, OfferChangeKind, OfferStatus
from models.reference import geography
from models.reference.catalogue import OfferType, diploma_level
from models.reference.labels import Vocabulary, vocabulary
from models.search.fulltext import unindex_offer_text
from models.search.indexing import offer_added, publish_to_facet_index

__all__ = [
    "RICH_TEXT_MAX",
    "TEXT_LIMITS",
    "archive_offer",
    "check_draft",
    "check_editable",
    "create_offer",
    "draft_from_offer",
    "managed_offer",
    "managed_offers",
    "may_publish",
    "owned_offer",
    "publish_offer",
    "update_offer",
]

RICH_TEXT_MAX = 20_000
# Column sizes of the offer table (models.offers.tables).
TEXT_LIMITS: Mapping[str, int] = {
    "title": 200,
    "service": 300,
    "workplace": 200,
    "city": 120,
    "duration": 100,
    "contact_name": 200,
    "contact_email": 254,
    "contact_url": 500,
}
_EDITABLE = OfferStatus.DRAFT, OfferStatus.PUBLISHED


def may_publish(account: Account) -> bool:
    return account.role in (AccountRole.RECRUITER, AccountRole.ADMIN)


def _check_account(account: Account, administration: str | None) -> None:
    if not may_publish(account):
        raise UserErrors.one(
            None, ErrorCode.FORBIDDEN, "Seuls les comptes recruteur peuvent publier des offres."
        )
    if account.role is AccountRole.RECRUITER and administration is not None:
        own = account.administration_id  # type: ignore[attr-defined]
        if administration != own:
            raise UserErrors.one(
                "administration",
                ErrorCode.FORBIDDEN,
                "Vous ne pouvez gérer que les offres de votre administration.",
            )


def _required_text(errors: list[UserError], name: str, value: str, message: str) -> str:
    clean = " ".join(value.split())
    if not clean:
        errors.append(UserError(name, ErrorCode.REQUIRED, message))
    return clean


def _check_contact(errors: list[UserError], draft: OfferDraft) -> dict[str, str]:
    contact = {
        "contact_email": draft.contact_email.strip(),
        "contact_phone": draft.contact_phone.strip(),
        "contact_url": draft.contact_url.strip(),
    }
    if not contact["contact_email"] and not contact["contact_url"]:
        errors.append(
            UserError(
                "contact_email",
                ErrorCode.REQUIRED,
                "Indiquez à qui écrire : une adresse e-mail ou une adresse web de candidature.",
            )
        )
    if contact["contact_email"]:
        try:
            contact["contact_email"] = validate_email(
                contact["contact_email"], check_deliverability=False
            ).normalized
        except EmailNotValidError:
            errors.append(
                UserError("contact_email", ErrorCode.INVALID, "Adresse e-mail non valide.")
            )
    if contact["contact_phone"]:
        import phonenumbers  # loaded on first use: a web process starts without it

        try:
            number = phonenumbers.parse(contact["contact_phone"], "FR")
            valid = phonenumbers.is_valid_number(number)
        except phonenumbers.NumberParseException:
            valid = False
        if not valid:
            errors.append(
                UserError("contact_phone", ErrorCode.INVALID, "Numéro de téléphone non valide.")
            )
        else:
            contact["contact_phone"] = phonenumbers.format_number(
                number, phonenumbers.PhoneNumberFormat.NATIONAL
            )
    url = contact["contact_url"]
    if url and not url.lower().startswith(("https://", "http://")):
        errors.append(
            UserError(
                "contact_url", ErrorCode.INVALID, "L'adresse web doit commencer par https://."
            )
        )
    return contact


@dataclass(frozen=True, slots=True)
class _Place:
    country: str
    department: str | None = None
    region: str | None = None
    commune: geography.Commune | None = None


def _check_place(errors: list[UserError], draft: OfferDraft, words: Vocabulary) -> _Place:
    country = (draft.country_code or geography.FRANCE).strip().upper()
    if country not in words.countries:
        errors.append(
            UserError("country_code", ErrorCode.UNKNOWN, f"Pays inconnu : « {country} ».")
        )
        return _Place(country)
    code = (draft.commune_code or "").strip()
    if code:
        return _check_commune(errors, draft, country, code)
    if country != geography.FRANCE:
        return _Place(country)
    code = (draft.department_code or "").strip().upper()
    department = geography.department(code)
    if department is None:
        message = "Indiquez le département du lieu d'affectation (exemple : 75, 2A, 971)."
        wrong = ErrorCode.UNKNOWN if code else ErrorCode.REQUIRED
        errors.append(UserError("department_code", wrong, message))
        return _Place(country)
    region = (draft.region_code or "").strip().upper()
    if region and region != department.region_code:
        errors.append(
            UserError(
                "region_code",
                ErrorCode.INVALID,
                f"Le département {department.code} n'est pas dans cette région.",
            )
        )
    # A city named like a commune of its department is that commune: it gets a position.
    found = commune_named(" ".join(draft.city.split()), department.code)
    return _Place(country, department.code, department.region_code, found)


def _check_commune(errors: list[UserError], draft: OfferDraft, country: str, code: str) -> _Place:
    """The commune gives the department and the region; those given beside it must agree."""
    place = geography.commune(code)
    if place is None:
        shown = code if len(code) <= 20 else code[:20] + "…"
        errors.append(
            UserError(
                "commune_code",
                ErrorCode.UNKNOWN,
                f"Commune inconnue : « {shown} » (code INSEE attendu, par exemple 67482 pour "
                "Strasbourg).",
            )
        )
        return _Place(country)
    if country != geography.FRANCE:
        errors.append(
            UserError(
                "country_code",
                ErrorCode.INVALID,
                f"La commune {place.name} ({place.code}) est en France : pays « FR » attendu.",
            )
        )
        return _Place(country)
    department = geography.department(place.department_code)
    region = department.region_code if department is not None else place.region_code
    given = (draft.department_code or "").strip().upper()
    if given and given != place.department_code:
        errors.append(
            UserError(
                "department_code",
                ErrorCode.INVALID,
                f"La commune {place.name} ({place.code}) est dans le département "
                f"{place.department_code}, et non {given}.",
            )
        )
    given = (draft.region_code or "").strip().upper()
    if given and given != region:
        errors.append(
            UserError(
                "region_code",
                ErrorCode.INVALID,
                f"La commune {place.name} ({place.code}) est dans la région {region}, "
                f"et non {given}.",
            )
        )
    return _Place(country, place.department_code, region, place)


# Bidirectional overrides and isolates: in a title or a contact they would turn the text
# around wherever it is shown again (pages, alert mails, feeds, the open data).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_TAG = re.compile(r"<[^>]*>")


def _plain_line(value: str) -> str:
    """A plain-text field without control characters: PostgreSQL refuses a NUL, and the
    others would reach pages, mails and feeds. Line breaks and tabs become spaces."""
    return "".join(
        " " if ch < " " or ch == "\x7f" else ch for ch in value if ch not in _BIDI_CONTROLS
    )


def _rich_without_controls(value: str) -> str:
    return "".join(ch for ch in value if ch >= " " or ch in "\n\r\t")


def _without_controls(draft: OfferDraft) -> OfferDraft:
    changes: dict[str, Any] = {}
    for field in fields(draft):
        value = getattr(draft, field.name)
        if type(value) is not str:  # codes' enums are fine as they are
            continue
        clean = (
            _rich_without_controls(value) if field.name in RICH_TEXT_FIELDS else _plain_line(value)
        )
        if clean != value:
            changes[field.name] = clean
    return replace(draft, **changes) if changes else draft


def _shows_text(html: str) -> bool:
    """Whether rich text still says something once sanitised (`<p><br></p>`, `&nbsp;` or a
    lone `<script>` say nothing)."""
    return bool(unescape(_TAG.sub(" ", sanitize_html(html))).strip())


async def check_draft(draft: OfferDraft, *, today_: date | None = None) -> OfferDraft:
    """The draft cleaned (spaces, control characters, region from the department), or every
    fault at once."""
    words = await vocabulary()
    draft = _without_controls(draft)
    errors: list[UserError] = []
    title = _required_text(errors, "title", draft.title, "Indiquez l'intitulé de l'offre.")
    service = _required_text(errors, "service", draft.service, "Indiquez le service d'affectation.")
    for name, limit in TEXT_LIMITS.items():
        if len(str(getattr(draft, name)).strip()) > limit:
            errors.append(UserError(name, ErrorCode.TOO_LONG, f"{limit} caractères au plus."))
    for name in RICH_TEXT_FIELDS:
        if len(getattr(draft, name)) > RICH_TEXT_MAX:
            message = f"{RICH_TEXT_MAX} caractères au plus."
            errors.append(UserError(name, ErrorCode.TOO_LONG, message))
    if not _shows_text(str(draft.post_description)):
        errors.append(
            UserError(
                "post_description", ErrorCode.REQUIRED, "Décrivez le poste (missions, activités)."
            )
        )
    if diploma_level(draft.diploma_level) is None:
        errors.append(UserError("diploma_level", ErrorCode.UNKNOWN, "Niveau de diplôme inconnu."))
    if draft.domain not in words.domains:
        errors.append(
            UserError("domain", ErrorCode.UNKNOWN, f"Domaine inconnu : « {draft.domain} ».")
        )
    if draft.administration not in words.administrations:
        errors.append(
            UserError(
                "administration",
                ErrorCode.UNKNOWN,
                f"Administration inconnue : « {draft.administration} ».",
            )
        )
    place = _check_place(errors, draft, words)
    contact = _check_contact(errors, draft)
    day = today_ or today()
    if draft.expires_on is not None and draft.expires_on < day:
        errors.append(
            UserError(
                "expires_on", OfferErrorCode.PAST, "La date de fin de publication est déjà passée."
            )
        )
    if errors:
        raise UserErrors(errors)
    return replace(
        draft,
        title=title,
        service=service,
        workplace=draft.workplace.strip(),
        city=place.commune.name if place.commune else " ".join(draft.city.split()),
        contact_name=" ".join(draft.contact_name.split()),
        duration=" ".join(draft.duration.split()),
        country_code=place.country,
        commune_code=place.commune.code if place.commune else None,
        department_code=place.department,
        region_code=place.region,
        contact_email=contact["contact_email"],
        contact_phone=contact["contact_phone"],
        contact_url=contact["contact_url"],
    )


def check_editable(offer: Offer) -> None:
    """Refuses an archived offer: it no longer changes."""
    if offer.status not in _EDITABLE:
        raise UserErrors.one(
            "reference", OfferErrorCode.ARCHIVED, "Une offre archivée ne se modifie plus."
        )


async def owned_offer(account: Account, reference: str) -> Offer:
    """The offer, if the account may manage it (whatever its status); raises NOT_FOUND or
    FORBIDDEN otherwise."""
    asked = reference.strip()
    offer = await Offer.get_or_none(reference=asked) if could_be_reference(asked) else None
    if offer is None:
        raise UserErrors.one("reference", ErrorCode.NOT_FOUND, "Offre introuvable.")
    _check_account(account, offer.administration_id)  # type: ignore[attr-defined]
    return offer


async def managed_offer(account: Account, reference: str) -> Offer:
    """The offer `account` may manage (any status), or UserErrors: not found, or not theirs."""
    return await owned_offer(account, reference)


def draft_from_offer(offer: Offer) -> OfferDraft:
    """What an offer holds, as a draft: the edit form's content, and a copy's (« Dupliquer »,
    whose reference is dropped so that saving numbers a new offer)."""
    return OfferDraft(
        type=OfferType(offer.type),
        title=offer.title,
        diploma_level=offer.diploma_level,
        domain=offer.domain_id,  # type: ignore[attr-defined]
        administration=offer.administration_id,  # type: ignore[attr-defined]
        service=offer.service,
        employer_description=offer.employer_description,
        post_description=offer.post_description,
        profile=offer.profile,
        additional_information=offer.additional_information,
        comments=offer.comments,
        workplace=offer.workplace,
        city=offer.city,
        commune_code=offer.commune_code,
        department_code=offer.department_code,
        region_code=offer.region_code,
        country_code=offer.country_code,
        contract_start=offer.contract_start,
        duration=offer.duration,
        contact_name=offer.contact_name,
        contact_email=offer.contact_email,
        contact_phone=offer.contact_phone,
        contact_url=offer.contact_url,
        expires_on=offer.expires_on,
        reference=offer.reference,
    )


async def create_offer(account: Account, draft: OfferDraft) -> Offer:
    """A new draft (not yet visible), numbered like every offer."""
    _check_account(account, draft.administration)
    clean = await check_draft(replace(draft, reference=None))
    [offer] = await create_offers([clean])
    return offer


async def update_offer(account: Account, reference: str, draft: OfferDraft) -> Offer:
    """Replaces the offer's content; a published offer stays published and is re-indexed."""
    offer = await owned_offer(account, reference)
    check_editable(offer)
    _check_account(account, draft.administration)
    if draft.type != offer.type:
        raise UserErrors.one(
            "type",
            OfferErrorCode.IMMUTABLE,
            "Le type d'une offre ne change pas : créez une autre offre.",
        )
    clean = await check_draft(replace(draft, reference=offer.reference))
    fresh = build_offer(clean, await vocabulary())
    names = [
        name
        for name in offer._meta.db_fields
        if name
        not in ("id", "reference", "status", "seq", "published_at", "created_at", "changed_at")
    ]
    async with in_transaction() as connection:
        await lock_offer_writes(connection)
        # Read again under the lock: a publication or archiving may have landed meanwhile.
        current = await Offer.get(id=offer.id)
        check_editable(current)
        for name in names:
            setattr(current, name, getattr(fresh, name))
        current.updated_at = now()
        public = current.status is OfferStatus.PUBLISHED and current.seq is not None
        if public:
            current.changed_at = current.updated_at
        await current.save(update_fields=[*names, "changed_at"] if public else names)
        if public:
            await record_changes([current], OfferChangeKind.UPDATED, current.updated_at)
        if current.status is OfferStatus.PUBLISHED and current.seq is not None:
            await unindex_offer_text([current.seq])
            await offer_added([current])
    if current.status is OfferStatus.PUBLISHED:
        publish_to_facet_index([current])
    return current


async def publish_offer(account: Account, reference: str) -> Offer:
    """Makes a draft visible; alerts and live subscribers hear of it."""
    offer = await owned_offer(account, reference)
    if offer.status is not OfferStatus.DRAFT:
        raise UserErrors.one(
            "reference", OfferErrorCode.NOT_DRAFT, "Cette offre n'est pas un brouillon."
        )
    if offer.expires_on is not None and offer.expires_on < today():
        raise UserErrors.one(
            "expires_on", OfferErrorCode.PAST, "La date de fin de publication est déjà passée."
        )
    if not await publish_offers([offer]):  # published by a concurrent call meanwhile
        raise UserErrors.one(
            "reference", OfferErrorCode.NOT_DRAFT, "Cette offre n'est pas un brouillon."
        )
    return offer


async def archive_offer(account: Account, reference: str) -> Offer:
    """Withdraws a published offer (its page stays, « Offre expirée »). A draft was never
    public: it is archived too, and stays invisible."""
    offer = await owned_offer(account, reference)
    if offer.status is OfferStatus.ARCHIVED:
        return offer
    await archive_offers([offer])
    return offer


async def managed_offers(account: Account, *, limit: int) -> list[Offer]:
    if not may_publish(account):
        return []
    found = Offer.all()
    if account.role is AccountRole.RECRUITER:
        found = found.filter(administration_id=account.administration_id)  # type: ignore[attr-defined]
    return await found.order_by("-created_at", "-id").limit(limit)
