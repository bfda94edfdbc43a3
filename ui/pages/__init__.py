"""Importing this package registers every page with NiceGUI."""

from ui.pages import account, home, offer, results

__all__ = ["account", "home", "offer", "results"]
