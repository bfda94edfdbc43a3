"""Account mutations: thin adapters over models.accounts, errors as `userErrors`."""

from __future__ import annotations

import strawberry

from models.accounts import Account as AccountRow
from models.accounts import (
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


@strawberry.input
class RegisterInput:
    civility: Civility
    last_name: str
    first_name: str
    email: str
    username: str
    password: str
    password_confirmation: str
    captcha_token: str = strawberry.field(description="From `requestCaptcha`.")
    captcha_answer: str
    altcha_payload: str = strawberry.field(
        description="The solution of `requestCaptcha`'s `altcha` challenge: base64 of the JSON "
        "`{algorithm, challenge, number, salt, signature}` (the ALTCHA payload)."
    )
    phone: str | None = None


@strawberry.input
class UpdateProfileInput:
    civility: Civility
    last_name: str
    first_name: str
    phone: str | None = None


@strawberry.type
class RegisterPayload:
    candidate: Candidate | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
    captcha: Captcha | None = strawberry.field(
        default=None,
        description="A new question and challenge when registration failed (each is spent by "
        "any attempt).",
    )


def _refused_registration(*, user_errors: list[UserError]) -> RegisterPayload:
    # Any attempt spends the question and the challenge: new ones come with the refusal.
    return RegisterPayload(user_errors=user_errors, captcha=fresh_captcha())


@strawberry.type
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
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CandidatePayload:
    account: Account | None = strawberry.field(
        default=None, description="The account changed, whatever its role."
    )
    candidate: Candidate | None = strawberry.field(
        default=None, description="The same account when it is a candidate's; null otherwise."
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: AccountRow) -> CandidatePayload:
        account = account_from_row(row)
        return cls(account=account, candidate=_as_candidate(account))


def _as_candidate(account: Account) -> Candidate | None:
    return account if isinstance(account, Candidate) else None


@strawberry.type
class ChangeEmailPayload:
    pending_email: str | None = strawberry.field(
        default=None, description="The address that will replace the current one once confirmed."
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class DonePayload:
    ok: bool = False
    user_errors: list[UserError] = strawberry.field(default_factory=list)


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
    async def register(self, info: Info, input: RegisterInput) -> RegisterPayload:
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

    @strawberry.mutation(description="Signs in with a username or e-mail address.")
    @user_errors_as(LoginPayload)
    async def login(self, info: Info, login: str, password: str) -> LoginPayload:
        row, token = await sign_in(login, password, client_address=client_address(info))
        account = account_from_row(row)
        return LoginPayload(token=token, account=account, candidate=_as_candidate(account))

    @strawberry.mutation(description="Revokes the token of this request.")
    async def logout(self, info: Info) -> DonePayload:
        await require_account(info)
        await close_session(bearer_token(info))
        return DonePayload(ok=True)

    @strawberry.mutation
    @user_errors_as(CandidatePayload)
    async def update_profile(self, info: Info, input: UpdateProfileInput) -> CandidatePayload:
        candidate = await require_account(info)
        change = ProfileChange(
            civility=input.civility.value,
            last_name=input.last_name,
            first_name=input.first_name,
            phone=input.phone or "",
        )
        row = await update_profile(candidate, change)
        return CandidatePayload.of(row)

    @strawberry.mutation(description="Every other session of the candidate is signed out.")
    @user_errors_as(DonePayload)
    async def change_password(
        self,
        info: Info,
        current_password: str,
        new_password: str,
        new_password_confirmation: str,
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
        "one; the address changes when the link is followed (`confirmEmailChange`)."
    )
    @user_errors_as(ChangeEmailPayload)
    async def change_email(self, info: Info, new_email: str, password: str) -> ChangeEmailPayload:
        candidate = await require_account(info)
        pending = await request_email_change(candidate, new_email=new_email, password=password)
        return ChangeEmailPayload(pending_email=pending)

    @strawberry.mutation(description="The token of the link mailed by `changeEmail`.")
    @user_errors_as(CandidatePayload)
    async def confirm_email_change(self, token: str) -> CandidatePayload:
        row = await confirm_email_change(token)
        return CandidatePayload.of(row)

    @strawberry.mutation(
        description="Mails a single-use link valid for an hour if an account has this username "
        "or e-mail. The answer is the same either way, and takes as long; requests are limited "
        "per client address, mails per account."
    )
    @user_errors_as(DonePayload)
    async def request_password_reset(self, info: Info, login: str) -> DonePayload:
        await request_password_reset(login, client_address=client_address(info))
        return DonePayload(ok=True)

    @strawberry.mutation(description="Every session of the candidate is signed out.")
    @user_errors_as(DonePayload)
    async def reset_password(
        self, token: str, new_password: str, new_password_confirmation: str
    ) -> DonePayload:
        await reset_password(
            token, new_password=new_password, confirmation=new_password_confirmation
        )
        return DonePayload(ok=True)

    @strawberry.mutation(description="Deletes the account and everything of it, for good.")
    @user_errors_as(DonePayload)
    async def delete_account(self, info: Info, password: str) -> DonePayload:
        candidate = await require_account(info)
        await delete_account(candidate, password=password)
        return DonePayload(ok=True)
