"""Importing this package registers every page with NiceGUI."""

from ui.pages import home, offer, results

__all__ = ["home", "offer", "results"]
