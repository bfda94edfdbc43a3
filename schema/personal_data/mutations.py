"""`requestDataExport`: a candidate asks for a zip of their data, sent as a link by e-mail."""

from __future__ import annotations

from datetime import datetime

import strawberry

from models.personal_data import LINK_LIFETIME, REQUEST_INTERVAL, request_data_export
from schema.accounts.auth import require_candidate
from schema.context import Info
from schema.user_errors import UserError, user_errors_as

__all__ = ["PersonalDataMutation"]

_HOURS = int(LINK_LIFETIME.total_seconds() // 3600)
_MINUTES = int(REQUEST_INTERVAL.total_seconds() // 60)


@strawberry.type(description="What `requestDataExport` did.")
class DataExportRequestPayload:
    requested_at: datetime | None = strawberry.field(
        default=None, description="When the export was asked for; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list,
        description=f"Why it was refused (TOO_MANY_ATTEMPTS: asked less than {_MINUTES} "
        "minutes ago, the message says how long to wait); empty on success.",
    )


@strawberry.type
class PersonalDataMutation:
    @strawberry.mutation(
        description="Asks for a copy of the account's data: a zip of `compte.json` (the "
        "account's details), `recherches.json` (saved searches with their criteria and "
        "alerts) and the documents under their own names in `documents/cv/`, "
        "`documents/lettres/` and `documents/autres/`. It is built in the background and a "
        f"download link, valid {_HOURS} hours, is mailed to the account's address; asking "
        "again replaces the previous export. At most one request per "
        f"{_MINUTES} minutes. Requires a signed-in candidate (`Authorization: Bearer "
        "<token>`; UNAUTHENTICATED without one, FORBIDDEN for a recruiter or admin)."
    )
    @user_errors_as(DataExportRequestPayload)
    async def request_data_export(self, info: Info) -> DataExportRequestPayload:
        candidate = await require_candidate(info)
        export = await request_data_export(candidate)
        return DataExportRequestPayload(requested_at=export.requested_at)
