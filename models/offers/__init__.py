"""Offers: their table, their rules, and the search over them."""
