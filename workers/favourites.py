"""The saved offers' deadline reminders."""

from __future__ import annotations

from typing import Any

from models.favourites import send_deadline_reminders
from models.mail import dispatch

__all__ = ["send_offer_reminders"]


async def send_offer_reminders(ctx: dict[str, Any]) -> int:
    """One mail per candidate listing their saved offers closing within 3 days, from 8 a.m.
    (Paris time); each offer is reminded once."""
    mails = await send_deadline_reminders()
    await dispatch(mails)
    return len(mails)
