"""Who is signed in on this browser, and the pages' gate for candidates.

The session token lives in NiceGUI's user storage, on the server: the browser holds only
NiceGUI's signed session id, so no script in the page can read the token. The domain stores
only the token's hash, so signing out or a password change elsewhere revokes it for good.
"""

from __future__ import annotations

from urllib.parse import quote

from nicegui import app, ui
from starlette.requests import Request
from starlette.responses import RedirectResponse

from models.accounts import Account, account_for_token, sign_out
from models.site_paths import ACCOUNT_EDIT, ACCOUNT_HOME, SIGN_IN

__all__ = [
    "ACCOUNT_EDIT",
    "ACCOUNT_HOME",
    "SIGN_IN",
    "candidate_or_sign_in",
    "current_candidate",
    "forget_session",
    "local_path",
    "remember_session",
    "session_token",
    "sign_in_redirect",
    "sign_in_url",
    "sign_out_here",
    "signed_in_as_staff",
]

SESSION_KEY = "session_token"
# Whether the signed-in account is a recruiter's or an admin's: the header offers « Mes offres »
# without asking the database on every page. The pages themselves check the role.
STAFF_KEY = "staff"
SIGNED_OUT = f"{SIGN_IN}?deconnexion=1"


def session_token() -> str | None:
    token = app.storage.user.get(SESSION_KEY)
    return token if isinstance(token, str) and token else None


def remember_session(token: str, *, staff: bool = False) -> None:
    app.storage.user[SESSION_KEY] = token
    app.storage.user[STAFF_KEY] = staff


def forget_session() -> None:
    app.storage.user.pop(SESSION_KEY, None)
    app.storage.user.pop(STAFF_KEY, None)


def signed_in_as_staff() -> bool:
    return session_token() is not None and app.storage.user.get(STAFF_KEY) is True


async def current_candidate() -> Account | None:
    """The signed-in candidate; a token that no longer opens a session is dropped, so the
    header stops offering « Mon compte »."""
    token = session_token()
    candidate = await account_for_token(token)
    if candidate is None and token is not None:
        forget_session()
    return candidate


def _sign_in_url(back_to: str) -> str:
    return f"{SIGN_IN}?suite={quote(back_to, safe='/')}"


def sign_in_url(back_to: str) -> str:
    """The sign-in page, which comes back to `back_to` (a path of this site) afterwards."""
    return _sign_in_url(back_to)


def sign_in_redirect(request: Request) -> RedirectResponse:
    """For pages: to the sign-in page, which comes back here afterwards."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(_sign_in_url(here), status_code=303)


async def candidate_or_sign_in(back_to: str) -> Account | None:
    """For a form on an open page: the candidate, checked again (the session may have been
    closed since the page was built), or None after sending the browser to sign in."""
    candidate = await current_candidate()
    if candidate is None:
        ui.navigate.to(_sign_in_url(back_to))
    return candidate


def local_path(raw: str | None, default: str = ACCOUNT_HOME) -> str:
    """`raw` if it is a path of this site, else `default`: the sign-in page must not become a
    way to send someone to another site (« //ailleurs.example » and « /\\ailleurs » would)."""
    if (
        not raw
        or not raw.startswith("/")
        or raw.startswith("//")
        or "\\" in raw
        or any(ord(ch) < 32 for ch in raw)
    ):
        return default
    return raw


async def sign_out_here() -> None:
    await sign_out(session_token())
    forget_session()
    ui.navigate.to(SIGNED_OUT)
