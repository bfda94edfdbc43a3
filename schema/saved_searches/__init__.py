"""Saved searches in the API: `Candidate.savedSearches` (under `viewer`) and their mutations."""
