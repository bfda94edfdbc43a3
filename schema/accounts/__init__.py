"""Accounts in the API: `viewer` (any role), `me` (candidates) and the account mutations."""
