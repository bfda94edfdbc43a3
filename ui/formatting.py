"""How dates and places read in French on the pages (shared with the mails)."""

from models.offers import french_date, month_year, place

__all__ = ["french_date", "month_year", "place"]
