"""Matching new offers against saved searches: one meaning of "matches" with the search."""
