"""A tracked application as its owner sees it, and the page of them."""

from __future__ import annotations

import datetime
from enum import Enum

import strawberry
from strawberry import relay

from models.applications import (
    CONTACT_MAX,
    FOLLOW_UP_MAX,
    FOLLOW_UP_MIN,
    NOTES_MAX,
    ApplicationPage,
    is_offer_open,
)
from models.applications import Application as ApplicationRow
from models.site_paths import offer_path
from schema.documents.types import DocumentCategory
from schema.urls import absolute_url

__all__ = [
    "Application",
    "ApplicationConnection",
    "ApplicationStatus",
    "application_from_row",
    "connection_from_page",
]


@strawberry.enum(description="Where an application stands, as its candidate says.")
class ApplicationStatus(Enum):
    _value_: str  # as every value is (`strawberry.enum_value` hides it from mypy)
    SENT = strawberry.enum_value(
        "sent", description="« Envoyée »: written, no answer yet (the only one reminded)."
    )
    FOLLOWED_UP = strawberry.enum_value("followed_up", description="« Relancée »: followed up.")
    INTERVIEW = strawberry.enum_value("interview", description="« Entretien »: an interview.")
    REJECTED = strawberry.enum_value("rejected", description="« Refusée »: turned down.")
    ACCEPTED = strawberry.enum_value("accepted", description="« Acceptée »: taken.")
    ABANDONED = strawberry.enum_value(
        "abandoned", description="« Abandonnée »: given up by the candidate."
    )


@strawberry.type(description="A document sent with an application, as it was when recorded.")
class SentDocument:
    id: strawberry.ID = strawberry.field(
        description="The document's number (`Candidate.documents`); it may since have been "
        "deleted, its name stays here."
    )
    name: str = strawberry.field(description="Its file name when recorded.")
    category: DocumentCategory = strawberry.field(description="What it is.")


@strawberry.type(
    description="What a candidate wrote to an offer's recruiter, recorded by them (nobody "
    "applies on PASS). Only its owner sees it (`Candidate.applications`). The offer's "
    "reference, title and administration are copied when recorded: they stay readable once "
    "the offer is archived."
)
class Application:
    id: strawberry.ID = strawberry.field(
        description="The record's number, for `updateApplication` and `deleteApplication`."
    )
    offer_reference: str = strawberry.field(description="The offer's reference (« S-2026-0042 »).")
    offer_title: str = strawberry.field(description="The offer's title when recorded.")
    administration: str = strawberry.field(
        description="The offer's administration when recorded (its name, « » if unknown)."
    )
    offer_url: str | None = strawberry.field(
        description="The offer's page on the site (absolute address) while it takes "
        "applications; null once it is archived or expired."
    )
    written_on: datetime.date = strawberry.field(
        description="When the candidate wrote (ISO date), from 2000-01-01 to today."
    )
    contact: str = strawberry.field(
        description=f"Whom they wrote to, at most {CONTACT_MAX} characters."
    )
    documents: list[SentDocument] = strawberry.field(
        description="The candidate's documents sent with it, in the order given."
    )
    status: ApplicationStatus = strawberry.field(description="Where it stands.")
    notes: str = strawberry.field(
        description=f"The candidate's notes, plain text, at most {NOTES_MAX} characters."
    )
    follow_up_after_days: int | None = strawberry.field(
        description=f"Days after `writtenOn` when a reminder is mailed if the status is still "
        f"SENT ({FOLLOW_UP_MIN} to {FOLLOW_UP_MAX}); null: no reminder."
    )
    follow_up_on: datetime.date | None = strawberry.field(
        description="The day of the reminder (`writtenOn` + `followUpAfterDays`); null without."
    )
    reminded_at: datetime.datetime | None = strawberry.field(
        description="When the reminder was mailed (once at most); null until then."
    )
    created_at: datetime.datetime = strawberry.field(description="When it was recorded (UTC).")
    updated_at: datetime.datetime = strawberry.field(description="When it last changed (UTC).")


def application_from_row(row: ApplicationRow) -> Application:
    """`row.offer` must have been fetched with it."""
    return Application(
        id=strawberry.ID(str(row.id)),
        offer_reference=row.offer_reference,
        offer_title=row.offer_title,
        administration=row.administration_name,
        offer_url=absolute_url(offer_path(row.offer_reference)) if is_offer_open(row) else None,
        written_on=row.written_on,
        contact=row.contact,
        documents=[
            SentDocument(
                id=strawberry.ID(str(d["id"])),
                name=str(d["name"]),
                category=DocumentCategory(d["category"]),
            )
            for d in row.documents
        ],
        status=ApplicationStatus(row.status.value),
        notes=row.notes,
        follow_up_after_days=row.follow_up_after_days,
        follow_up_on=row.follow_up_on,
        reminded_at=row.reminded_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


@strawberry.type(description="An application and its place in the list.")
class ApplicationEdge:
    cursor: str = strawberry.field(
        description="Opaque: pass it as `after` for the applications that follow it."
    )
    node: Application = strawberry.field(description="The application.")


@strawberry.type(description="A page of the candidate's applications, newest first.")
class ApplicationConnection:
    edges: list[ApplicationEdge] = strawberry.field(
        description="The applications of this page, by date written, newest first (the last "
        "recorded first on the same day); at most `first`."
    )
    page_info: relay.PageInfo = strawberry.field(
        description="Whether there is a next page, and the cursor (`endCursor`) to ask for it."
    )
    total_count: int = strawberry.field(description="How many applications the account has.")


def connection_from_page(page: ApplicationPage, after: str | None) -> ApplicationConnection:
    return ApplicationConnection(
        edges=[
            ApplicationEdge(cursor=cursor, node=application_from_row(row))
            for row, cursor in zip(page.applications, page.cursors, strict=True)
        ],
        page_info=relay.PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=after is not None,
            start_cursor=page.cursors[0] if page.cursors else None,
            end_cursor=page.end_cursor,
        ),
        total_count=page.total_count,
    )
