"""Account mutations: thin adapters over models.accounts, errors as `userErrors`."""

from __future__ import annotations

import strawberry

from models.accounts.deletion import delete_account
from models.accounts.profile import (
    ProfileChange,
    change_password,
    confirm_email_change,
    request_email_change,
    update_profile,
)
from models.accounts.recovery import request_password_reset, reset_password
from models.accounts.registration import Registration, register
from models.accounts.sessions import close_session
from models.accounts.signin import sign_in
from models.errors import UserErrors
from schema.accounts.auth import bearer_token, client_address, require_candidate
from schema.accounts.types import (
    Candidate,
    Captcha,
    Civility,
    candidate_from_row,
    fresh_captcha,
)
from schema.context import Info
from schema.user_errors import UserError, user_errors

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


@strawberry.type
class LoginPayload:
    token: str | None = strawberry.field(
        default=None, description="Send it as `Authorization: Bearer <token>`."
    )
    candidate: Candidate | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CandidatePayload:
    candidate: Candidate | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


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
        try:
            row = await register(form, client_address=client_address(info))
        except UserErrors as error:
            return RegisterPayload(user_errors=user_errors(error), captcha=fresh_captcha())
        return RegisterPayload(candidate=candidate_from_row(row))

    @strawberry.mutation(description="Signs in with a username or e-mail address.")
    async def login(self, info: Info, login: str, password: str) -> LoginPayload:
        try:
            row, token = await sign_in(login, password, client_address=client_address(info))
        except UserErrors as error:
            return LoginPayload(user_errors=user_errors(error))
        return LoginPayload(token=token, candidate=candidate_from_row(row))

    @strawberry.mutation(description="Revokes the token of this request.")
    async def logout(self, info: Info) -> DonePayload:
        await require_candidate(info)
        await close_session(bearer_token(info))
        return DonePayload(ok=True)

    @strawberry.mutation
    async def update_profile(self, info: Info, input: UpdateProfileInput) -> CandidatePayload:
        candidate = await require_candidate(info)
        change = ProfileChange(
            civility=input.civility.value,
            last_name=input.last_name,
            first_name=input.first_name,
            phone=input.phone or "",
        )
        try:
            row = await update_profile(candidate, change)
        except UserErrors as error:
            return CandidatePayload(user_errors=user_errors(error))
        return CandidatePayload(candidate=candidate_from_row(row))

    @strawberry.mutation(description="Every other session of the candidate is signed out.")
    async def change_password(
        self,
        info: Info,
        current_password: str,
        new_password: str,
        new_password_confirmation: str,
    ) -> DonePayload:
        candidate = await require_candidate(info)
        try:
            await change_password(
                candidate,
                current_password=current_password,
                new_password=new_password,
                confirmation=new_password_confirmation,
                keep_session=bearer_token(info),
            )
        except UserErrors as error:
            return DonePayload(user_errors=user_errors(error))
        return DonePayload(ok=True)

    @strawberry.mutation(
        description="Mails a confirmation link to the new address and a notice to the current "
        "one; the address changes when the link is followed (`confirmEmailChange`)."
    )
    async def change_email(self, info: Info, new_email: str, password: str) -> ChangeEmailPayload:
        candidate = await require_candidate(info)
        try:
            pending = await request_email_change(candidate, new_email=new_email, password=password)
        except UserErrors as error:
            return ChangeEmailPayload(user_errors=user_errors(error))
        return ChangeEmailPayload(pending_email=pending)

    @strawberry.mutation(description="The token of the link mailed by `changeEmail`.")
    async def confirm_email_change(self, token: str) -> CandidatePayload:
        try:
            row = await confirm_email_change(token)
        except UserErrors as error:
            return CandidatePayload(user_errors=user_errors(error))
        return CandidatePayload(candidate=candidate_from_row(row))

    @strawberry.mutation(
        description="Mails a single-use link valid for an hour if an account has this username "
        "or e-mail. The answer is the same either way, and takes as long; requests are limited "
        "per client address, mails per account."
    )
    async def request_password_reset(self, info: Info, login: str) -> DonePayload:
        try:
            await request_password_reset(login, client_address=client_address(info))
        except UserErrors as error:
            return DonePayload(user_errors=user_errors(error))
        return DonePayload(ok=True)

    @strawberry.mutation(description="Every session of the candidate is signed out.")
    async def reset_password(
        self, token: str, new_password: str, new_password_confirmation: str
    ) -> DonePayload:
        try:
            await reset_password(
                token, new_password=new_password, confirmation=new_password_confirmation
            )
        except UserErrors as error:
            return DonePayload(user_errors=user_errors(error))
        return DonePayload(ok=True)

    @strawberry.mutation(description="Deletes the account and everything of it, for good.")
    async def delete_account(self, info: Info, password: str) -> DonePayload:
        candidate = await require_candidate(info)
        try:
            await delete_account(candidate, password=password)
        except UserErrors as error:
            return DonePayload(user_errors=user_errors(error))
        return DonePayload(ok=True)
