"""The application tracker's job: the follow-up reminders."""

from __future__ import annotations

from typing import Any

from models.applications import send_due_reminders
from models.mail import dispatch

__all__ = ["send_follow_up_reminders"]


async def send_follow_up_reminders(ctx: dict[str, Any]) -> int:
    """One mail per candidate listing their applications due for a follow-up; each at most
    once (a rerun finds them marked)."""
    mails = await send_due_reminders()
    await dispatch(mails)
    return len(mails)
