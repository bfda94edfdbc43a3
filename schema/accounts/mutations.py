"""Account mutations: thin adapters over models.accounts, errors as `userErrors`."""

from __future__ import annotations

from typing import Annotated

import strawberry

from models.accounts import (
    NAME_MAX,
    PASSWORD_MAX,
    PASSWORD_MIN,
    USERNAME_MAX,
    USERNAME_MIN,
    ProfileChange,
    Registration,
    change_password,
    close_session,
    confirm_email_change,
    delete_account,
    register,
    request_email_change,
    request_password_reset,
    reset_password,
    sign_in,
    update_profile,
)
from models.accounts import Account as AccountRow
from schema.accounts.auth import bearer_token, client_address, require_account
from schema.accounts.types import (
    Account,
    Candidate,
    Captcha,
    Civility,
    account_from_row,
    candidate_from_row,
    fresh_captcha,
)
from schema.context import Info
from schema.user_errors import UserError, user_errors_as

__all__ = ["AccountMutation"]


_NAME = (
    f"Required, at most {NAME_MAX} characters: letters, spaces, hyphens, apostrophes and dots "
    "(INVALID otherwise); spaces tidied."
)
_PHONE = (
    "Optional: any valid number, French unless it starts with + and a country code (« 06 12 "
    "34 56 78 », « +44 20 7946 0958 »); kept in E.164. Null or empty: none."
)
_NEW_PASSWORD = (
    f"{PASSWORD_MIN} to {PASSWORD_MAX} characters, any (TOO_SHORT, TOO_LONG), and not easy to "
    "guess (TOO_GUESSABLE: a common password, a keyboard run, the account's own names)."
)
_CONFIRMATION = "The same password again (MISMATCH otherwise)."
_CURRENT_PASSWORD = (
    "The account's current password, asked again (WRONG_PASSWORD; repeated wrong ones block "
    "the check for a while: TOO_MANY_ATTEMPTS)."
)
# Mutations on the caller's own account.
_SIGNED_IN = (
    "Requires a signed-in account (`Authorization: Bearer <token>`; an UNAUTHENTICATED error "
    "without one)."
)


@strawberry.input(
    description="A candidate's account to create, with the answers to `requestCaptcha`'s two "
    "checks."
)
class RegisterInput:
    civility: Civility = strawberry.field(description="How the person is addressed.")
    last_name: str = strawberry.field(description="Family name. " + _NAME)
    first_name: str = strawberry.field(description="Given name. " + _NAME)
    email: str = strawberry.field(
        description="A valid address (INVALID otherwise), of no other account (TAKEN): a "
        "welcome mail goes there."
    )
    username: str = strawberry.field(
        description=f"{USERNAME_MIN} to {USERNAME_MAX} characters (LENGTH): letters, digits, "
        "spaces and . - ' @ (INVALID otherwise); of no other account, whatever the case "
        "(TAKEN)."
    )
    password: str = strawberry.field(description=_NEW_PASSWORD)
    password_confirmation: str = strawberry.field(description=_CONFIRMATION)
    captcha_token: str = strawberry.field(description="From `requestCaptcha`.")
    captcha_answer: str = strawberry.field(
        description="The answer to the captcha's `question`, as a number (« 17 »); a wrong, "
        "spent or expired one is CAPTCHA."
    )
    altcha_payload: str = strawberry.field(
        description="The solution of `requestCaptcha`'s `altcha` challenge: base64 of the JSON "
        "`{algorithm, challenge, number, salt, signature}` (the ALTCHA payload)."
    )
    phone: str | None = strawberry.field(default=None, description=_PHONE)


@strawberry.input(
    description="The account's new profile: every field is replaced (the e-mail address and "
    "the password change through their own mutations)."
)
class UpdateProfileInput:
    civility: Civility = strawberry.field(description="How the person is addressed.")
    last_name: str = strawberry.field(description="Family name. " + _NAME)
    first_name: str = strawberry.field(description="Given name. " + _NAME)
    phone: str | None = strawberry.field(
        default=None, description=_PHONE + " Null also removes the current one."
    )


@strawberry.type(description="What `register` did.")
class RegisterPayload:
    candidate: Candidate | None = strawberry.field(
        default=None,
        description="The new account; null when refused. It is not signed in: call `login`.",
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list,
        description="Why the account was not created, every mistake at once; empty on success.",
    )
    captcha: Captcha | None = strawberry.field(
        default=None,
        description="A new question and challenge when registration failed (each is spent by "
        "any attempt).",
    )


def _refused_registration(*, user_errors: list[UserError]) -> RegisterPayload:
    # Any attempt spends the question and the challenge: new ones come with the refusal.
    return RegisterPayload(user_errors=user_errors, captcha=fresh_captcha())


@strawberry.type(description="What `login` did.")
class LoginPayload:
    token: str | None = strawberry.field(
        default=None, description="Send it as `Authorization: Bearer <token>`."
    )
    account: Account | None = strawberry.field(
        default=None, description="The account signed in, whatever its role."
    )
    candidate: Candidate | None = strawberry.field(
        default=None, description="The same account when it is a candidate's; null otherwise."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list,
        description="Why sign-in was refused (WRONG_CREDENTIALS; TOO_MANY_ATTEMPTS after "
        "repeated failures, even with the right password); empty on success.",
    )


@strawberry.type(description="What a mutation of the account's profile or e-mail address did.")
class CandidatePayload:
    account: Account | None = strawberry.field(
        default=None, description="The account changed, whatever its role."
    )
    candidate: Candidate | None = strawberry.field(
        default=None, description="The same account when it is a candidate's; null otherwise."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why it was refused (nothing changed); empty on success."
    )

    @classmethod
    def of(cls, row: AccountRow) -> CandidatePayload:
        account = account_from_row(row)
        return cls(account=account, candidate=_as_candidate(account))


def _as_candidate(account: Account) -> Candidate | None:
    return account if isinstance(account, Candidate) else None


@strawberry.type(description="What `changeEmail` did.")
class ChangeEmailPayload:
    pending_email: str | None = strawberry.field(
        default=None, description="The address that will replace the current one once confirmed."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list,
        description="Why it was refused (WRONG_PASSWORD, INVALID, TAKEN, UNCHANGED, "
        "TOO_MANY_ATTEMPTS); empty on success.",
    )


@strawberry.type(description="What a mutation with nothing else to return did.")
class DonePayload:
    ok: bool = strawberry.field(default=False, description="True when it was done.")
    user_errors: list[UserError] = strawberry.field(
        default_factory=list,
        description="Why it was refused (nothing was done); empty on success.",
    )


@strawberry.type
class AccountMutation:
    @strawberry.mutation(
        description="A new arithmetic question and ALTCHA challenge for `register`."
    )
    async def request_captcha(self) -> Captcha:
        return fresh_captcha()

    @strawberry.mutation(
        description="Creates an account; a welcome e-mail follows. Nothing is said about "
        "existing accounts (e-mail or username taken) unless the question is answered and the "
        "challenge solved; attempts are limited per client address."
    )
    @user_errors_as(_refused_registration)
    async def register(
        self,
        info: Info,
        input: Annotated[
            RegisterInput, strawberry.argument(description="The account and the two answers.")
        ],
    ) -> RegisterPayload:
        form = Registration(
            civility=input.civility.value,
            last_name=input.last_name,
            first_name=input.first_name,
            phone=input.phone or "",
            email=input.email,
            username=input.username,
            password=input.password,
            password_confirmation=input.password_confirmation,
            captcha_token=input.captcha_token,
            captcha_answer=input.captcha_answer,
            altcha_payload=input.altcha_payload,
        )
        row = await register(form, client_address=client_address(info))
        return RegisterPayload(candidate=candidate_from_row(row))

    @strawberry.mutation(
        description="Signs in with a username or e-mail address. The token it gives is valid "
        "30 days or until `logout` (a password change or reset also signs other sessions out). "
        "Failed attempts are limited per account and per client address."
    )
    @user_errors_as(LoginPayload)
    async def login(
        self,
        info: Info,
        login: Annotated[
            str,
            strawberry.argument(
                description="The account's username or e-mail address, whatever its case."
            ),
        ],
        password: Annotated[str, strawberry.argument(description="The account's password.")],
    ) -> LoginPayload:
        row, token = await sign_in(login, password, client_address=client_address(info))
        account = account_from_row(row)
        return LoginPayload(token=token, account=account, candidate=_as_candidate(account))

    @strawberry.mutation(description="Revokes the token of this request. " + _SIGNED_IN)
    async def logout(self, info: Info) -> DonePayload:
        await require_account(info)
        await close_session(bearer_token(info))
        return DonePayload(ok=True)

    @strawberry.mutation(
        description="Replaces the account's civility, names and telephone. " + _SIGNED_IN
    )
    @user_errors_as(CandidatePayload)
    async def update_profile(
        self,
        info: Info,
        input: Annotated[
            UpdateProfileInput, strawberry.argument(description="The whole new profile.")
        ],
    ) -> CandidatePayload:
        candidate = await require_account(info)
        change = ProfileChange(
            civility=input.civility.value,
            last_name=input.last_name,
            first_name=input.first_name,
            phone=input.phone or "",
        )
        row = await update_profile(candidate, change)
        return CandidatePayload.of(row)

    @strawberry.mutation(
        description="Every other session of the candidate is signed out. " + _SIGNED_IN
    )
    @user_errors_as(DonePayload)
    async def change_password(
        self,
        info: Info,
        current_password: Annotated[str, strawberry.argument(description=_CURRENT_PASSWORD)],
        new_password: Annotated[str, strawberry.argument(description=_NEW_PASSWORD)],
        new_password_confirmation: Annotated[str, strawberry.argument(description=_CONFIRMATION)],
    ) -> DonePayload:
        candidate = await require_account(info)
        await change_password(
            candidate,
            current_password=current_password,
            new_password=new_password,
            confirmation=new_password_confirmation,
            keep_session=bearer_token(info),
        )
        return DonePayload(ok=True)

    @strawberry.mutation(
        description="Mails a confirmation link to the new address and a notice to the current "
        "one; the address changes when the link is followed (`confirmEmailChange`). " + _SIGNED_IN
    )
    @user_errors_as(ChangeEmailPayload)
    async def change_email(
        self,
        info: Info,
        new_email: Annotated[
            str,
            strawberry.argument(
                description="The new address: valid (INVALID), not the current one (UNCHANGED), "
                "of no other account (TAKEN)."
            ),
        ],
        password: Annotated[str, strawberry.argument(description=_CURRENT_PASSWORD)],
    ) -> ChangeEmailPayload:
        candidate = await require_account(info)
        pending = await request_email_change(candidate, new_email=new_email, password=password)
        return ChangeEmailPayload(pending_email=pending)

    @strawberry.mutation(description="The token of the link mailed by `changeEmail`.")
    @user_errors_as(CandidatePayload)
    async def confirm_email_change(
        self,
        token: Annotated[
            str,
            strawberry.argument(
                description="The `jeton` parameter of the mailed link, valid 24 hours and once; "
                "no sign-in needed. A used, expired or replaced one is INVALID_LINK."
            ),
        ],
    ) -> CandidatePayload:
        row = await confirm_email_change(token)
        return CandidatePayload.of(row)

    @strawberry.mutation(
        description="Mails a single-use link valid for an hour if an account has this username "
        "or e-mail. The answer is the same either way, and takes as long; requests are limited "
        "per client address, mails per account."
    )
    @user_errors_as(DonePayload)
    async def request_password_reset(
        self,
        info: Info,
        login: Annotated[str, strawberry.argument(description="A username or an e-mail address.")],
    ) -> DonePayload:
        await request_password_reset(login, client_address=client_address(info))
        return DonePayload(ok=True)

    @strawberry.mutation(description="Every session of the candidate is signed out.")
    @user_errors_as(DonePayload)
    async def reset_password(
        self,
        token: Annotated[
            str,
            strawberry.argument(
                description="The `jeton` parameter of the link mailed by `requestPasswordReset`, "
                "valid an hour and once; no sign-in needed. A used, expired or replaced one is "
                "INVALID_LINK."
            ),
        ],
        new_password: Annotated[str, strawberry.argument(description=_NEW_PASSWORD)],
        new_password_confirmation: Annotated[str, strawberry.argument(description=_CONFIRMATION)],
    ) -> DonePayload:
        await reset_password(
            token, new_password=new_password, confirmation=new_password_confirmation
        )
        return DonePayload(ok=True)

    @strawberry.mutation(
        description="Deletes the account and everything of it, for good. " + _SIGNED_IN
    )
    @user_errors_as(DonePayload)
    async def delete_account(
        self,
        info: Info,
        password: Annotated[str, strawberry.argument(description=_CURRENT_PASSWORD)],
    ) -> DonePayload:
        candidate = await require_account(info)
        await delete_account(candidate, password=password)
        return DonePayload(ok=True)
