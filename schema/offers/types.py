"""Offer types of the API, built from domain rows once, so field resolution stays trivial."""

from __future__ import annotations

import datetime
from collections import OrderedDict
from collections.abc import Iterable
from enum import Enum
from typing import Annotated, Self

import strawberry
from strawberry import relay

from models.clock import today
from models.offers import Offer as OfferRow
from models.offers import get_offers, is_expired
from models.reference import OfferType as DomainOfferType
from models.reference import Vocabulary, commune, vocabulary
from models.search import MAX_SIMILAR, similar_offers
from models.search import FacetValue as DomainFacetValue
from models.site_paths import attachment_path, offer_path
from schema.context import Info
from schema.errors import bad_request
from schema.inputs import is_reference
from schema.reference.types import CodeLabel
from schema.urls import absolute_url

__all__ = [
    "Offer",
    "OfferFacets",
    "OfferStatus",
    "OfferType",
    "offer_from_row",
    "prepared_offer",
]


@strawberry.enum(description="Kind of offer.")
class OfferType(Enum):
    _value_: str  # as every value is (`strawberry.enum_value` hides it from mypy)
    APPRENTISSAGE = strawberry.enum_value(
        "apprentissage",
        description="An apprenticeship: a paid work-study contract alternating work in the "
        "service with a training course; its references start with « A- ».",
    )
    STAGE = strawberry.enum_value(
        "stage",
        description="An internship: a training period that is part of a course of studies; "
        "its references start with « S- ».",
    )


@strawberry.enum(description="Drafts are seen only by their administration's recruiters.")
class OfferStatus(Enum):
    _value_: str
    DRAFT = strawberry.enum_value(
        "draft",
        description="Created (`createOffer`), not yet published: no search, alert or public "
        "query (`offer`, `node`) shows it.",
    )
    PUBLISHED = strawberry.enum_value(
        "published",
        description="In the searches, the alerts and `offerPublished` (until `expiresOn` passes).",
    )
    ARCHIVED = strawberry.enum_value(
        "archived",
        description="Withdrawn (`archiveOffer`, or by the nightly job once past `expiresOn`): "
        "out of the searches, its page still readable; it no longer changes.",
    )


@strawberry.type(description="Where the post is.")
class Location:
    city: str = strawberry.field(
        description="The town as the offer names it (the commune's name when the commune is "
        "known); may be empty."
    )
    commune: CodeLabel | None = strawberry.field(
        description="The commune (INSEE code and name), when known: offers are found by place "
        "and radius through it."
    )
    department: CodeLabel | None = strawberry.field(
        description="The French department (a code of `departments`, « 67 », and its name); "
        "null abroad."
    )
    region: CodeLabel | None = strawberry.field(
        description="The French region (a code of `regions`, « GES », and its name); null abroad."
    )
    country: CodeLabel = strawberry.field(
        description="The country: its ISO 3166-1 alpha-2 code (« FR ») and its French name."
    )


@strawberry.type(description="Whom to write to: nobody applies on the site.")
class Contact:
    name: str | None = strawberry.field(
        description="The person or team to write to; null when not given."
    )
    email: str | None = strawberry.field(
        description="The e-mail address to apply to; null when the offer gives only a `url`."
    )
    phone: str | None = strawberry.field(
        description="A telephone number (« 01 23 45 67 89 »); null when not given."
    )
    url: str | None = strawberry.field(
        description="A web address (http or https) to apply at; null when the offer gives only "
        "an `email`."
    )


@strawberry.type(description="A document attached to the offer by the recruiter.")
class Attachment:
    filename: str = strawberry.field(description="The file's name, with its extension.")
    content_type: str = strawberry.field(description="Its MIME type (« application/pdf »).")
    size: int = strawberry.field(description="In bytes.")
    url: str = strawberry.field(
        description="The absolute address on the site (PASS_SITE_URL, "
        "« https://…/offres/A-2021-0192/pieces-jointes/3 ») that serves the file to anyone."
    )


@strawberry.type(description="An internship or apprenticeship offer.")
class Offer(relay.Node):
    # The global id (`id`) encodes the reference; `reference` shows it as it is.
    node_reference: relay.NodeID[str]
    reference: str = strawberry.field(
        description="The offer's number as people quote it: « A-2021-0192 » (A for an "
        "apprenticeship, S for an internship, the year, a sequence); at most 20 characters, "
        "never reused. `offer(reference:)` finds it."
    )
    type: OfferType = strawberry.field(
        description="Apprenticeship or internship; it never changes."
    )
    title: str = strawberry.field(description="Plain text, at most 200 characters.")
    status: OfferStatus = strawberry.field(
        description="PUBLISHED or ARCHIVED in public queries (`offers`, `offer`, `node`); "
        "drafts appear only in `managedOffers`. `expired` says whether an offer is still "
        "current."
    )
    employer_description: str = strawberry.field(description="Sanitised HTML.")
    post_description: str = strawberry.field(description="Sanitised HTML.")
    profile: str = strawberry.field(description="Sanitised HTML: the profile sought.")
    additional_information: str = strawberry.field(description="Sanitised HTML.")
    comments: str = strawberry.field(description="Sanitised HTML.")
    diploma_level: CodeLabel = strawberry.field(
        description="The diploma level sought: a code of `diplomaLevels` (« 7 ») and its label."
    )
    domain: CodeLabel = strawberry.field(
        description="The activity domain: a code of `domains` and its label."
    )
    administration: CodeLabel = strawberry.field(
        description="The administration (ministry) offering it: a code of `administrations` "
        "and its name."
    )
    service: str = strawberry.field(
        description="The service the post belongs to, in plain text (at most 300 characters)."
    )
    workplace: str = strawberry.field(
        description="The place of work as the offer words it (a site, an address), in plain "
        "text; may be empty."
    )
    location: Location = strawberry.field(description="Where the post is.")
    contract_start: datetime.date | None = strawberry.field(
        description="When the contract or internship starts (ISO date, « 2026-09-01 »); null "
        "when not said."
    )
    duration: str = strawberry.field(
        description="How long the internship or apprenticeship lasts, as the recruiter words it "
        "(« 6 mois », « 2 ans »), plain text of at most 100 characters; empty when not said."
    )
    contact: Contact = strawberry.field(
        description="Whom to write to: there is no applying on the site."
    )
    published_at: datetime.datetime | None = strawberry.field(
        description="When it was published (ISO 8601 date and time with its offset, in UTC); "
        "null until it is published. `offers(filter: {publishedSince})` compares with it."
    )
    updated_at: datetime.datetime | None = strawberry.field(
        description="When the public last saw it change: its publication, then each update "
        "while published (ISO 8601 date and time with its offset, in UTC); archiving does not "
        "move it. Null until it is published. `offers(filter: {updatedSince})` compares with it."
    )
    expires_on: datetime.date | None = strawberry.field(
        description="The last day of publication, which is the application deadline (ISO "
        "date, French calendar); null when open-ended. The offer leaves the searches the day "
        "after."
    )
    expired: bool = strawberry.field(
        description="Past its end date or withdrawn: no longer in search results."
    )
    url: str = strawberry.field(
        description="The offer's page on the site, an absolute address (PASS_SITE_URL, "
        "« https://…/offres/A-2021-0192 »)."
    )
    row_id: strawberry.Private[int]

    @strawberry.field(description="Documents attached by the recruiter.")
    async def attachments(self, info: Info) -> list[Attachment]:
        rows = await info.context.attachments.load(self.row_id)
        return [
            Attachment(
                filename=a.filename,
                content_type=a.content_type,
                size=a.size,
                url=absolute_url(attachment_path(self.reference, a.id)),
            )
            for a in rows
        ]

    @strawberry.field(
        description="Up to `first` (1 to 10) current offers like this one: the same domain "
        "and diploma level, nearest first when it has a position (newest first otherwise), "
        "then the same domain at any level. It is never among them. Outside 1 to 10, an "
        "INVALID_FIRST error."
    )
    async def similar_offers(
        self,
        info: Info,
        first: Annotated[
            int, strawberry.argument(description="How many at most, from 1 to 10.")
        ] = 4,
    ) -> list[Offer]:
        if not 0 < first <= MAX_SIMILAR:
            raise bad_request(f"first must be between 1 and {MAX_SIMILAR}", "INVALID_FIRST")
        row = await info.context.offer_rows.load(self.row_id)
        if row is None:
            return []
        words = await vocabulary()
        return [prepared_offer(found, words) for found in await similar_offers(row, first=first)]

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls,
        *,
        info: Info,
        node_ids: Iterable[str],
        required: bool = False,
    ) -> list[Self | None]:
        from models.reference import vocabulary

        wanted = list(node_ids)
        words = await vocabulary()
        rows = {r.reference: r for r in await get_offers([r for r in wanted if is_reference(r)])}
        found = [offer_from_row(rows[r], words) if r in rows else None for r in wanted]
        return found  # type: ignore[return-value]


def _label(words: Vocabulary, facet: str, code: str | None) -> CodeLabel | None:
    if not code:
        return None
    return CodeLabel(code=code, label=words.of(facet).get(code, code))


def _commune(code: str | None) -> CodeLabel | None:
    found = commune(code) if code else None
    return CodeLabel(code=found.code, label=found.name) if found else None


# The search index keeps recently shown rows and hands out the same row object until the offer
# changes (models.search.offers): an offer's API object is built once per row object, day
# (`expired`) and vocabulary. Bounded like the index's own row cache.
_MAX_PREPARED_OFFERS = 4_096
_prepared: OrderedDict[int, tuple[OfferRow, datetime.date, Vocabulary, Offer]] = OrderedDict()


def prepared_offer(row: OfferRow, words: Vocabulary) -> Offer:
    """The API object of a row, reused while the row object, the day and the vocabulary are
    the same (the key holds the row itself, so its id cannot name another row meanwhile)."""
    day = today()
    key = id(row)
    found = _prepared.get(key)
    if found is not None and found[0] is row and found[1] == day and found[2] is words:
        _prepared.move_to_end(key)
        return found[3]
    offer = offer_from_row(row, words, day)
    _prepared[key] = (row, day, words, offer)
    if len(_prepared) > _MAX_PREPARED_OFFERS:
        _prepared.popitem(last=False)
    return offer


def offer_from_row(row: OfferRow, words: Vocabulary, day: datetime.date | None = None) -> Offer:
    domain_id: str = row.domain_id  # type: ignore[attr-defined]
    administration_id: str = row.administration_id  # type: ignore[attr-defined]
    return Offer(
        node_reference=row.reference,
        reference=row.reference,
        type=OfferType(DomainOfferType(row.type).value),
        title=row.title,
        status=OfferStatus(row.status.value),
        employer_description=row.employer_description,
        post_description=row.post_description,
        profile=row.profile,
        additional_information=row.additional_information,
        comments=row.comments,
        diploma_level=CodeLabel(
            code=row.diploma_level, label=words.diploma_levels.get(row.diploma_level, "")
        ),
        domain=CodeLabel(code=domain_id, label=words.domains.get(domain_id, domain_id)),
        administration=CodeLabel(
            code=administration_id,
            label=words.administrations.get(administration_id, administration_id),
        ),
        service=row.service,
        workplace=row.workplace,
        location=Location(
            city=row.city,
            commune=_commune(row.commune_code),
            department=_label(words, "departments", row.department_code),
            region=_label(words, "regions", row.region_code),
            country=CodeLabel(
                code=row.country_code, label=words.countries.get(row.country_code, "")
            ),
        ),
        contract_start=row.contract_start,
        duration=row.duration,
        contact=Contact(
            name=row.contact_name or None,
            email=row.contact_email or None,
            phone=row.contact_phone or None,
            url=row.contact_url or None,
        ),
        published_at=row.published_at,
        updated_at=row.changed_at,
        expires_on=row.expires_on,
        expired=is_expired(row, day),
        url=absolute_url(offer_path(row.reference)),
        row_id=row.id,
    )


@strawberry.type(description="One value of a facet, with the number of offers it would give.")
class FacetValue:
    value: str = strawberry.field(
        description="The value as the matching `OfferFilter` field takes it: a reference code "
        "(« IDF »), or an `OfferType` name (« STAGE ») for `types`."
    )
    label: str = strawberry.field(description="Its name in French, for display.")
    count: int = strawberry.field(
        description="Offers matching every other criterion and this value (disjunctive count)."
    )
    selected: bool = strawberry.field(description="Whether the filter selects this value.")

    @classmethod
    def of(cls, value: DomainFacetValue) -> FacetValue:
        return cls(value=value.value, label=value.label, count=value.count, selected=value.selected)


def _facet(what: str, filter_field: str) -> str:
    return (
        f"The {what} of the offers found, as `filter.{filter_field}` takes them: each value "
        "some offer has, and each selected one (count 0 if none has it), in the reference "
        "list's order."
    )


@strawberry.type(description="Counts per value for each facet of the search.")
class OfferFacets:
    types: list[FacetValue] = strawberry.field(description=_facet("types", "types"))
    diploma_levels: list[FacetValue] = strawberry.field(
        description=_facet("diploma levels", "diplomaLevel")
    )
    domains: list[FacetValue] = strawberry.field(description=_facet("domains", "domains"))
    administrations: list[FacetValue] = strawberry.field(
        description=_facet("administrations", "administrations")
    )
    regions: list[FacetValue] = strawberry.field(description=_facet("regions", "regions"))
    departments: list[FacetValue] = strawberry.field(
        description=_facet("departments", "departments")
    )
    countries: list[FacetValue] = strawberry.field(description=_facet("countries", "countries"))
