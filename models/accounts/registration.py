"""Creating a candidate account (« Créer un compte »)."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.accounts.captcha import check_captcha
from models.accounts.errors import AccountErrorCode
from models.accounts.limits_policy import Limit
from models.accounts.mails import account_mail, site_link
from models.accounts.passwords import hash_password
from models.accounts.proof_of_work import check_solution
from models.accounts.tables import Account, Civility
from models.accounts.throttle import throttle
from models.accounts.validation import (
    check_email,
    check_name,
    check_password,
    check_phone,
    check_username,
    email_key,
    username_key,
)
from models.errors import ErrorCode, UserError, UserErrors
from models.mail.outbox import dispatch

__all__ = [
    "Registration",
    "check_chosen_password",
    "check_identity",
    "check_logins",
    "register",
]


@dataclass(frozen=True, slots=True)
class Registration:
    civility: str
    last_name: str
    first_name: str
    email: str
    username: str
    password: str
    password_confirmation: str
    captcha_token: str
    captcha_answer: str
    altcha_payload: str  # the solution of the proof-of-work challenge (proof_of_work.py)
    phone: str = ""


@dataclass(frozen=True, slots=True)
class Identity:
    civility: Civility
    last_name: str
    first_name: str
    phone: str


def check_identity(
    civility: str, last_name: str, first_name: str, phone: str, errors: list[UserError]
) -> Identity:
    """The personal information of the form, cleaned; appends one error per wrong field."""
    try:
        chosen = Civility(civility)
    except ValueError:
        chosen = Civility.MADAME
        errors.append(UserError("civility", ErrorCode.REQUIRED, "Choisissez Madame ou Monsieur."))
    cleaned = {}
    for field, raw, label in (
        ("last_name", last_name, "nom"),
        ("first_name", first_name, "prénom"),
    ):
        checked = check_name(raw, label)
        if checked.error:
            errors.append(UserError(field, checked.code, checked.error))
        cleaned[field] = checked.value
    checked_phone = check_phone(phone)
    if checked_phone.error:
        errors.append(UserError("phone", checked_phone.code, checked_phone.error))
    return Identity(chosen, cleaned["last_name"], cleaned["first_name"], checked_phone.value)


async def email_taken(email: str, *, other_than: Account | None = None) -> bool:
    found = Account.filter(email_key=email_key(email))
    if other_than is not None:
        found = found.exclude(id=other_than.id)
    return await found.exists()


EMAIL_TAKEN = (
    "Un compte existe déjà avec cette adresse e-mail : connectez-vous ou réinitialisez votre mot "
    "de passe."
)


def check_chosen_password(
    password: str, confirmation: str, personal: list[str], errors: list[UserError]
) -> None:
    """A new account's password and its confirmation; appends an error for each wrong one."""
    checked = check_password(password, personal=personal)
    if checked.error:
        errors.append(UserError("password", checked.code, checked.error))
    if confirmation != password:
        errors.append(
            UserError(
                "password_confirmation",
                AccountErrorCode.MISMATCH,
                "La confirmation ne correspond pas au mot de passe.",
            )
        )


async def check_logins(
    raw_email: str, raw_username: str, errors: list[UserError], *, email_taken_message: str = ""
) -> tuple[str, str]:
    """The e-mail and username of a new account, cleaned; appends an error for each one that is
    invalid or already someone's."""
    email, username = check_login_syntax(raw_email, raw_username, errors)
    await check_logins_free(email, username, errors, email_taken_message=email_taken_message)
    return email, username


def check_login_syntax(
    raw_email: str, raw_username: str, errors: list[UserError]
) -> tuple[str, str]:
    """The e-mail and username cleaned, an error appended for each invalid one ("" then);
    says nothing about other accounts."""
    email = check_email(raw_email)
    if email.error:
        errors.append(UserError("email", email.code, email.error))
    username = check_username(raw_username)
    if username.error:
        errors.append(UserError("username", username.code, username.error))
    return ("" if email.error else email.value), ("" if username.error else username.value)


async def check_logins_free(
    email: str, username: str, errors: list[UserError], *, email_taken_message: str = ""
) -> None:
    """Appends an error for the valid e-mail or username another account already has."""
    if email and await email_taken(email):
        errors.append(UserError("email", ErrorCode.TAKEN, email_taken_message or EMAIL_TAKEN))
    if username and await Account.filter(username_key=username_key(username)).exists():
        errors.append(UserError("username", ErrorCode.TAKEN, "Cet identifiant est déjà pris."))


async def register(form: Registration, *, client_address: str) -> Account:
    """Creates the account and queues the welcome mail; raises UserErrors, creating nothing.

    Nothing about existing accounts is said before the anti-bot checks (the arithmetic
    question and the proof of work) have passed: until then the e-mail and username are
    checked for their form only, so the answer and its timing are the same for any address.
    Attempts past those checks are counted per client address (`sign-up/address`)."""
    attempts = (Limit.SIGN_UP_ADDRESS, client_address)
    refusal = await throttle().refusal(attempts)
    if refusal is not None:
        raise refusal.error()
    errors: list[UserError] = []
    identity = check_identity(form.civility, form.last_name, form.first_name, form.phone, errors)
    email, username = check_login_syntax(form.email, form.username, errors)
    check_chosen_password(
        form.password,
        form.password_confirmation,
        [form.username, form.email, form.first_name, form.last_name],
        errors,
    )
    captcha = await check_captcha(form.captcha_token, form.captcha_answer)
    if captcha:
        errors.append(UserError("captcha_answer", AccountErrorCode.CAPTCHA, captcha))
    proof = await check_solution(form.altcha_payload)
    if proof:
        errors.append(UserError("altcha_payload", AccountErrorCode.CAPTCHA, proof))
    if captcha or proof:
        raise UserErrors(errors)

    refusal = await throttle().spend(attempts)
    if refusal is not None:  # spent meanwhile by concurrent sign-ups
        raise refusal.error()
    await check_logins_free(email, username, errors)
    if errors:
        raise UserErrors(errors)

    # A new account per address at a time, but create-delete-create could still aim welcome
    # mails at someone else's inbox: past the limit, the account comes without one.
    welcome_allowed = await throttle().spend((Limit.WELCOME_MAIL, email_key(email))) is None
    password_hash = await hash_password(form.password)
    try:
        async with in_transaction():
            candidate = await Account.create(
                civility=identity.civility,
                last_name=identity.last_name,
                first_name=identity.first_name,
                phone=identity.phone,
                email=email,
                email_key=email_key(email),
                username=username,
                username_key=username_key(username),
                password_hash=password_hash,
            )
            welcome = (
                [
                    await account_mail(
                        "welcome",
                        candidate,
                        civility=identity.civility.label,
                        last_name=candidate.last_name,
                        username=candidate.username,
                        sign_in_url=site_link("sign_in"),
                    )
                ]
                if welcome_allowed
                else []
            )
    except IntegrityError:
        # Someone took the e-mail or the username between the check and the insert.
        raise UserErrors.one(
            "username",
            ErrorCode.TAKEN,
            "Cet identifiant ou cette adresse e-mail vient d'être pris.",
        ) from None
    await dispatch(welcome)
    return candidate
