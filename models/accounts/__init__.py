"""Candidate accounts: registration, sign-in sessions, profile changes, recovery, deletion."""
