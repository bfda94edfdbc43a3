"""Every rate limit of the account operations, in one table.

Each limit is a moving window (limits library), counted in the sign-in throttle's storage, so
with Redis every web process shares the same counts. `python -m models.accounts.limits_policy`
prints the table as the README shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from limits import RateLimitItem, parse

__all__ = ["POLICIES", "Limit", "Policy", "policy_table"]


class Limit(StrEnum):
    SIGN_IN_ACCOUNT = "sign-in/account"
    SIGN_IN_ADDRESS = "sign-in/address"
    SIGN_UP_ADDRESS = "sign-up/address"
    WELCOME_MAIL = "welcome-mail/address"
    RESET_ADDRESS = "reset/address"
    RESET_ACCOUNT = "reset/account"
    EMAIL_CHANGE = "email-change/account"
    PASSWORD_CHECK = "password-check/account"
    INVITATION_ACCOUNT = "invitation/account"
    INVITATION_ADDRESS = "invitation/address"


@dataclass(frozen=True, slots=True)
class Policy:
    rates: tuple[str, ...]  # limits' notation: "5/minute"
    counts: str  # what one hit is (for the README)
    per: str  # what the hits are counted for
    beyond: str  # what happens past the limit (for the README)
    # What the person is told past the limit, « {wait} » replaced by the time left; "" when
    # nothing may be said (the answer would tell whether an account exists).
    refusal: str = ""

    @property
    def items(self) -> tuple[RateLimitItem, ...]:
        return tuple(parse(rate) for rate in self.rates)


_TRY_LATER = "Trop de demandes en peu de temps : réessayez dans {wait}."

POLICIES: dict[Limit, Policy] = {
    # The per-minute limit slows a guesser down; the hourly one stops it for a while.
    Limit.SIGN_IN_ACCOUNT: Policy(
        ("5/minute", "20/hour"),
        "failed sign-in",
        "account (username and e-mail share one budget; an unknown login counts as typed, "
        "case-folded)",
        "sign-in refused, even with the right password; cleared by a successful sign-in",
        "Trop de tentatives de connexion échouées : la connexion est bloquée temporairement. "
        "Réessayez dans {wait}, ou réinitialisez votre mot de passe.",
    ),
    # An address gets more room: several people may share it.
    Limit.SIGN_IN_ADDRESS: Policy(
        ("20/minute", "100/hour"),
        "failed sign-in",
        "client address",
        "sign-in refused from that address",
        "Trop de tentatives de connexion échouées : la connexion est bloquée temporairement. "
        "Réessayez dans {wait}, ou réinitialisez votre mot de passe.",
    ),
    Limit.SIGN_UP_ADDRESS: Policy(
        ("5/hour",),
        "sign-up that passed the anti-bot checks (created, or refused for a taken e-mail or "
        "username)",
        "client address",
        "`register` refused (`TOO_MANY_ATTEMPTS`) before anything is checked",
        "Trop de créations de compte depuis votre connexion : réessayez dans {wait}.",
    ),
    # One address is one account at a time; this bounds create-delete-create loops aimed at
    # someone else's inbox.
    Limit.WELCOME_MAIL: Policy(
        ("3/day",),
        "welcome mail",
        "recipient address (case-folded)",
        "the account is created, the welcome mail is not sent",
    ),
    Limit.RESET_ADDRESS: Policy(
        ("10/hour",),
        "password reset request",
        "client address",
        "`requestPasswordReset` refused (`TOO_MANY_ATTEMPTS`)",
        "Trop de demandes de réinitialisation depuis votre connexion : réessayez dans {wait}.",
    ),
    Limit.RESET_ACCOUNT: Policy(
        ("3/hour",),
        "password reset mail",
        "account",
        "the same answer as usual, no mail sent (the answer must not tell whether an account "
        "exists)",
    ),
    Limit.EMAIL_CHANGE: Policy(
        ("5/15 minutes",),
        "e-mail change request with the right password (mailed, or refused as taken)",
        "account",
        "`changeEmail` refused (`TOO_MANY_ATTEMPTS`)",
        _TRY_LATER,
    ),
    Limit.PASSWORD_CHECK: Policy(
        ("5/15 minutes",),
        "wrong current password in `changeEmail`, `changePassword` or `deleteAccount`",
        "account",
        "those three refused (`TOO_MANY_ATTEMPTS`), even with the right password",
        "Trop de mots de passe incorrects : réessayez dans {wait}.",
    ),
    # Invitations mail whatever address an admin types: a stolen admin session must not become
    # a mail cannon.
    Limit.INVITATION_ACCOUNT: Policy(
        ("20/hour", "100/day"),
        "invitation mailed (new or sent again)",
        "inviting admin account",
        "invitation refused (`TOO_MANY_ATTEMPTS`), nothing mailed",
        "Trop d'invitations envoyées : réessayez dans {wait}.",
    ),
    Limit.INVITATION_ADDRESS: Policy(
        ("3/day",),
        "invitation mailed (new or sent again)",
        "invited address (case-folded)",
        "invitation refused (`TOO_MANY_ATTEMPTS`), nothing mailed",
        "Cette adresse a déjà reçu plusieurs invitations aujourd'hui : réessayez dans {wait}.",
    ),
}


def policy_table() -> str:
    """The table in Markdown, for the README."""
    rows = [
        "| limit | allows | counted per | one hit is | beyond the limit |",
        "|---|---|---|---|---|",
    ]
    for limit, policy in POLICIES.items():
        allows = ", ".join(rate.replace("/", " per ") for rate in policy.rates)
        rows.append(f"| `{limit}` | {allows} | {policy.per} | {policy.counts} | {policy.beyond} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(policy_table())
