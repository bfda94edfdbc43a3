"""The recruiters' space (« Accès recruteur »): « Mes offres », inviting recruiters, and the
invitation link's page."""

from ui.pages.recruiter import accept, invitations, offer_edit, offers

# Every module that declares a page, for the tests that register the pages anew.
PAGE_MODULES = (accept, invitations, offers, offer_edit)

__all__ = ["PAGE_MODULES"]
