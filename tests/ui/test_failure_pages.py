"""A page or a click that fails unexpectedly tells the visitor in French, with an error id that
is in the log — never the internal message."""

from __future__ import annotations

import logging

import pytest
from nicegui import ui
from nicegui.testing import User


async def test_a_failing_page_says_so_in_french(
    user: User, caplog: pytest.LogCaptureFixture
) -> None:
    @ui.page("/essai-panne")
    def broken() -> None:
        raise RuntimeError("connexion à la base perdue: secret interne")

    with caplog.at_level(logging.ERROR, logger="pass.failures"):
        response = await user.http_client.get("/essai-panne")
    assert response.status_code == 500
    [record] = [r for r in caplog.records if r.getMessage().startswith("page failed")]
    error_id = record.getMessage().split()[-1]
    page = response.text.encode().decode("unicode_escape", errors="ignore")
    assert "Une erreur s'est produite" in page
    assert f"signalez-la avec l'identifiant {error_id}" in page
    assert "secret interne" not in page
    caplog.clear()  # these ERROR lines are the ones expected


async def test_a_failing_click_is_reported_in_french(
    user: User, caplog: pytest.LogCaptureFixture
) -> None:
    @ui.page("/essai-clic")
    def page() -> None:
        def fail() -> None:
            raise ValueError("détail interne")

        ui.button("Essayer", on_click=fail)

    with caplog.at_level(logging.ERROR, logger="pass.failures"):
        await user.open("/essai-clic")
        user.find("Essayer").click()
        await user.should_see("Une erreur inattendue s'est produite")
    [record] = [r for r in caplog.records if r.getMessage().startswith("action failed")]
    await user.should_see(record.getMessage().split()[-1])
    caplog.clear()  # these ERROR lines are the ones expected
