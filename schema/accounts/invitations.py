"""`inviteStaff`: an admin invites a recruiter or another admin by e-mail, as the page
« Inviter un recruteur » does, through the same domain function (`invite_staff`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from models.accounts import INVITATION_LIFETIME, invite_staff
from models.reference import vocabulary
from schema.accounts.auth import require_account
from schema.accounts.types import AccountRole
from schema.context import Info
from schema.reference.types import CodeLabel
from schema.user_errors import UserError, user_errors_as

__all__ = ["InvitationMutation"]

_DAYS = INVITATION_LIFETIME.days


@strawberry.type(description="An invitation just sent.")
class StaffInvitation:
    email: str = strawberry.field(description="The invited address, as it was cleaned.")
    role: AccountRole = strawberry.field(description="The role the account will have.")
    administration: CodeLabel | None = strawberry.field(
        description="The administration whose offers a recruiter will manage; null for an "
        "admin invited without one."
    )
    expires_at: datetime = strawberry.field(
        description=f"When the mailed link stops working ({_DAYS} days after sending)."
    )


@strawberry.type(description="What `inviteStaff` did.")
class InviteStaffPayload:
    invitation: StaffInvitation | None = strawberry.field(
        default=None, description="The invitation sent; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list,
        description="Why nothing was sent, every mistake at once: FORBIDDEN (not an admin), "
        "INVALID or REQUIRED (`email`, `role`, `administration`), UNKNOWN (`administration`), "
        "TAKEN (`email`: the address already has an account), TOO_MANY_ATTEMPTS (the "
        "invitations' mail budget); empty on success.",
    )


@strawberry.type
class InvitationMutation:
    @strawberry.mutation(
        description="Invites a person to open a recruiter or admin account: a mail with a "
        f"single-use link valid {_DAYS} days, where they choose their username and password "
        "on the site. Inviting the same address again sends a fresh link and the previous one "
        "stops working. Requires an admin's token (UNAUTHENTICATED without one; FORBIDDEN in "
        "`userErrors` for any other account)."
    )
    @user_errors_as(InviteStaffPayload)
    async def invite_staff(
        self,
        info: Info,
        email: Annotated[str, strawberry.argument(description="The person's e-mail address.")],
        role: Annotated[
            AccountRole,
            strawberry.argument(description="RECRUITER or ADMIN (CANDIDATE is refused)."),
        ],
        administration: Annotated[
            str | None,
            strawberry.argument(
                description="Code of the administration (`administrations` query); required "
                "for a recruiter, optional for an admin."
            ),
        ] = None,
    ) -> InviteStaffPayload:
        admin = await require_account(info)
        sent = await invite_staff(
            admin, email=email, role=role.value, administration=administration
        )
        code: str | None = sent.administration_id  # type: ignore[attr-defined]
        labels = (await vocabulary()).administrations
        return InviteStaffPayload(
            invitation=StaffInvitation(
                email=sent.email,
                role=AccountRole(sent.role.value),
                administration=CodeLabel(code=code, label=labels.get(code, code)) if code else None,
                expires_at=sent.expires_at,
            )
        )
