"""Importing this package registers every page with NiceGUI."""

from ui.pages import account, home, legal, offer, open_data, recruiter, results

__all__ = ["account", "home", "legal", "offer", "open_data", "recruiter", "results"]
