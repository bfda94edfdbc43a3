"""The recruiters' space (« Accès recruteur »): « Mes offres », inviting recruiters, and the
invitation link's page."""

from ui.pages.recruiter import accept, invitations, offers

# Every module that declares a page, for the tests that register the pages anew.
PAGE_MODULES = (accept, invitations, offers)

__all__ = ["PAGE_MODULES"]
