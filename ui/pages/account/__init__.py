"""The candidate's account pages (« Accès candidat », « Mon compte » and the mail links)."""

from ui.pages.account import (
    applications,
    confirm_email,
    deleted,
    edit,
    home,
    recovery,
    register,
    saved_offers,
    saved_searches,
    sign_in,
)

# Every module that declares a page, for the tests that register the pages anew.
PAGE_MODULES = (
    applications,
    confirm_email,
    deleted,
    edit,
    home,
    recovery,
    register,
    saved_offers,
    saved_searches,
    sign_in,
)

__all__ = ["PAGE_MODULES"]
