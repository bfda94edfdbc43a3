"""Saved searches (« Mes recherches ») and their alert switch."""
