"""Candidate accounts in the API: `me` and the account mutations."""
