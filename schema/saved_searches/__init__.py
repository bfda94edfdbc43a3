"""Saved searches in the API: `me { savedSearches }` and their mutations."""
