"""`recordApplication`, `updateApplication`, `deleteApplication`."""

from __future__ import annotations

import datetime
from typing import Annotated

import strawberry

from models.applications import (
    CONTACT_MAX,
    FOLLOW_UP_DEFAULT,
    FOLLOW_UP_MAX,
    FOLLOW_UP_MIN,
    KEEP,
    MAX_APPLICATIONS,
    MAX_DOCUMENTS,
    NOTES_MAX,
    ApplicationChanges,
    ApplicationForm,
    application_of,
    delete_application,
    record_application,
    update_application,
)
from models.applications import ApplicationStatus as DomainStatus
from schema.accounts.auth import require_candidate
from schema.applications.types import Application, ApplicationStatus, application_from_row
from schema.context import Info
from schema.inputs import row_id
from schema.user_errors import UserError, user_errors_as

__all__ = ["ApplicationMutation"]

_SIGNED_IN = (
    "Requires a signed-in candidate (`Authorization: Bearer <token>`; an UNAUTHENTICATED error "
    "without one, FORBIDDEN for a recruiter or admin account)."
)
_ID = (
    "The application's `id`; one that is not the account's (or no longer exists) is NOT_FOUND "
    "in `userErrors`."
)
_WRITTEN_ON = (
    "When the candidate wrote (ISO date): not after today, not before 2000-01-01 (INVALID)."
)
_CONTACT = f"Whom they wrote to, at most {CONTACT_MAX} characters (REQUIRED when blank, TOO_LONG)."
_DOCUMENTS = (
    f"The account's own documents sent with it (`Candidate.documents` ids), at most "
    f"{MAX_DOCUMENTS}; another account's or an unknown one is NOT_FOUND (`documentIds`)."
)
_NOTES = f"Plain text, at most {NOTES_MAX} characters (TOO_LONG)."
_FOLLOW_UP = (
    f"Days after `writtenOn` to be reminded by mail if the status is still SENT, "
    f"{FOLLOW_UP_MIN} to {FOLLOW_UP_MAX} (INVALID); null for no reminder."
)


@strawberry.input(description="What the candidate sent to the offer's recruiter.")
class RecordApplicationInput:
    offer_reference: str = strawberry.field(
        description="The offer's reference; one that names no published or archived offer is "
        "NOT_FOUND, one already tracked ALREADY_RECORDED."
    )
    written_on: datetime.date | None = strawberry.field(
        default=None, description=_WRITTEN_ON + " Null: today (Paris time)."
    )
    contact: str | None = strawberry.field(
        default=None, description=_CONTACT + " Null: the offer's contact."
    )
    document_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description=_DOCUMENTS
    )
    notes: str = strawberry.field(default="", description=_NOTES)
    follow_up_after_days: int | None = strawberry.field(
        default=FOLLOW_UP_DEFAULT, description=_FOLLOW_UP
    )
    status: ApplicationStatus = strawberry.field(
        default=ApplicationStatus.SENT, description="Where it stands (SENT when just written)."
    )


@strawberry.input(description="What changes in an application; a field left out stays as it is.")
class UpdateApplicationInput:
    written_on: datetime.date | None = strawberry.field(
        default=strawberry.UNSET, description=_WRITTEN_ON + " Null is ignored."
    )
    contact: str | None = strawberry.field(
        default=strawberry.UNSET, description=_CONTACT + " Null is ignored."
    )
    document_ids: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET,
        description=_DOCUMENTS + " Replaces the list; documents deleted since they were "
        "recorded may be kept by sending their ids again. Null is ignored.",
    )
    notes: str | None = strawberry.field(
        default=strawberry.UNSET, description=_NOTES + " Null is ignored."
    )
    follow_up_after_days: int | None = strawberry.field(
        default=strawberry.UNSET, description=_FOLLOW_UP + " Left out: unchanged."
    )
    status: ApplicationStatus | None = strawberry.field(
        default=strawberry.UNSET, description="Where it stands. Null is ignored."
    )


@strawberry.type(description="What `recordApplication` or `updateApplication` did.")
class ApplicationPayload:
    application: Application | None = strawberry.field(
        default=None, description="The application as it now is; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list,
        description="Why it was refused (nothing was changed); empty on success.",
    )


@strawberry.type(description="What `deleteApplication` did.")
class DeleteApplicationPayload:
    ok: bool = strawberry.field(default=False, description="True when the record was deleted.")
    user_errors: list[UserError] = strawberry.field(
        default_factory=list,
        description="Why it was refused (NOT_FOUND: no such application of this account); "
        "empty on success.",
    )


def _given(value: object) -> bool:
    return value is not strawberry.UNSET and value is not None


def _changes(given: UpdateApplicationInput) -> ApplicationChanges:
    return ApplicationChanges(
        written_on=given.written_on if _given(given.written_on) else KEEP,  # type: ignore[arg-type]
        contact=given.contact if _given(given.contact) else KEEP,  # type: ignore[arg-type]
        document_ids=[row_id(i) for i in given.document_ids]  # type: ignore[union-attr]
        if _given(given.document_ids)
        else KEEP,
        notes=given.notes if _given(given.notes) else KEEP,  # type: ignore[arg-type]
        follow_up_after_days=KEEP
        if given.follow_up_after_days is strawberry.UNSET
        else given.follow_up_after_days,
        status=DomainStatus(given.status.value) if _given(given.status) else KEEP,  # type: ignore[union-attr]
    )


@strawberry.type
class ApplicationMutation:
    @strawberry.mutation(
        description=f"Records that the candidate wrote to an offer's recruiter (one record per "
        f"offer; at most {MAX_APPLICATIONS} per account, LIMIT_REACHED). " + _SIGNED_IN
    )
    @user_errors_as(ApplicationPayload)
    async def record_application(
        self,
        info: Info,
        input: Annotated[
            RecordApplicationInput, strawberry.argument(description="What was sent, and when.")
        ],
    ) -> ApplicationPayload:
        candidate = await require_candidate(info)
        row = await record_application(
            candidate,
            input.offer_reference,
            ApplicationForm(
                written_on=input.written_on,
                contact=input.contact,
                document_ids=[row_id(i) for i in input.document_ids],
                notes=input.notes,
                follow_up_after_days=input.follow_up_after_days,
                status=DomainStatus(input.status.value),
            ),
        )
        fetched = await application_of(candidate, row.id)
        return ApplicationPayload(application=application_from_row(fetched))

    @strawberry.mutation(description="Changes an application's fields. " + _SIGNED_IN)
    @user_errors_as(ApplicationPayload)
    async def update_application(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description=_ID)],
        input: Annotated[
            UpdateApplicationInput, strawberry.argument(description="The fields to change.")
        ],
    ) -> ApplicationPayload:
        candidate = await require_candidate(info)
        row = await update_application(candidate, row_id(id), _changes(input))
        return ApplicationPayload(application=application_from_row(row))

    @strawberry.mutation(description="Deletes an application's record for good. " + _SIGNED_IN)
    @user_errors_as(DeleteApplicationPayload)
    async def delete_application(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description=_ID)]
    ) -> DeleteApplicationPayload:
        candidate = await require_candidate(info)
        await delete_application(candidate, row_id(id))
        return DeleteApplicationPayload(ok=True)
