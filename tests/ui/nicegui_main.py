"""The NiceGUI app that the `user` fixture runs: our pages on NiceGUI's own app.

The fixture clears NiceGUI's routes before each test and runs this file again; reloading the
page modules registers the pages anew.
"""

import importlib

from nicegui import ui as nicegui_ui

from ui.connection_resilience import install_connection_resilience
from ui.dsfr import install_dsfr
from ui.failures import install_failure_pages
from ui.no_javascript import install_no_javascript_notice
from ui.pages import home, legal, offer, open_data, results
from ui.pages.account import PAGE_MODULES as ACCOUNT_PAGES
from ui.pages.recruiter import PAGE_MODULES as RECRUITER_PAGES

for module in (home, results, offer, legal, open_data, *ACCOUNT_PAGES, *RECRUITER_PAGES):
    importlib.reload(module)
install_dsfr()
install_failure_pages()
install_no_javascript_notice()
install_connection_resilience()

nicegui_ui.run(storage_secret="test secret", language="fr", show_welcome_message=False)
