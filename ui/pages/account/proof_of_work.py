"""The ALTCHA proof of work of « Créer un compte », solved unseen by the visitor's browser.

The page asks the browser (ui/static/altcha_solver.js, through `run_javascript`) to solve the
challenge as soon as it is connected; the solution stays on the server with the form. Nothing
is shown unless solving fails. Tests without a browser answer the same script from Python:
`SOLVER_SCRIPT` matches the code sent, its group 1 is the challenge.
"""

from __future__ import annotations

import asyncio
import logging
import re
from pathlib import Path

from nicegui import background_tasks, ui

from models.accounts import new_challenge

__all__ = ["SOLVER_SCRIPT", "BrowserProofOfWork"]

log = logging.getLogger(__name__)

_SOLVER = (Path(__file__).parents[2] / "static" / "altcha_solver.js").read_text(encoding="utf-8")
SOLVER_SCRIPT = re.compile(r".*function solveAltcha.*\}\)\((\{.*\})\)$", re.DOTALL)

# Chromium tries ~350,000 numbers a second here, a slow phone maybe a tenth of that;
# past this, something else is wrong.
_SOLVE_SECONDS = 60.0
FAILED = (
    "La vérification automatique anti-robot n'a pas pu se faire dans votre navigateur. "
    "Rechargez la page ; si le problème continue, essayez un navigateur à jour."
)


class BrowserProofOfWork:
    """One challenge at a time, solved in the background; `renew` after each submission."""

    def __init__(self) -> None:
        self._client = ui.context.client
        # Read out if solving fails; empty (and silent) otherwise.
        self.problem = ui.label("").props('role="alert"').classes("text-red-800 font-bold")
        self._solving: asyncio.Task[str] | None = None
        self.renew()

    def renew(self) -> None:
        challenge = new_challenge()
        self._solving = background_tasks.create(self._solve(challenge), name="altcha-solve")

    async def _solve(self, challenge: str) -> str:
        code = f"{_SOLVER.rstrip()}({challenge})"
        try:
            payload = await self._client.run_javascript(code, timeout=_SOLVE_SECONDS)
        except TimeoutError:
            payload = None
        if not isinstance(payload, str) or not payload:
            if not self._client.is_deleted:
                log.info("a browser did not solve its proof-of-work challenge")
                self.problem.text = FAILED
            return ""
        self.problem.text = ""
        return payload

    async def solution(self) -> str:
        """The payload for `register` ("" if solving failed), waiting for the solver if the
        form is sent before it is done."""
        if self._solving is None:
            return ""
        try:
            return await asyncio.wait_for(asyncio.shield(self._solving), _SOLVE_SECONDS)
        except TimeoutError:
            return ""
