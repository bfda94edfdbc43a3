"""The application tracker (« Mes candidatures »): what a candidate wrote to recruiters, its
status, and a reminder to follow it up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.public_face import exports_of

if TYPE_CHECKING:
    from models.applications.errors import ApplicationErrorCode
    from models.applications.reminders import (
        REMINDER_HOUR,
        due_reminders,
        send_due_reminders,
        send_reminder,
    )
    from models.applications.tables import Application, ApplicationStatus
    from models.applications.tracker import (
        CONTACT_MAX,
        EARLIEST_DATE,
        FOLLOW_UP_DEFAULT,
        FOLLOW_UP_MAX,
        FOLLOW_UP_MIN,
        KEEP,
        MAX_APPLICATIONS,
        MAX_DOCUMENTS,
        MAX_PAGE,
        NOTES_MAX,
        ApplicationChanges,
        ApplicationForm,
        ApplicationPage,
        InvalidApplicationCursor,
        Keep,
        application_for_offer,
        application_of,
        applications_page,
        delete_application,
        is_offer_open,
        offer_contact,
        record_application,
        update_application,
    )

__all__ = [
    "CONTACT_MAX",
    "EARLIEST_DATE",
    "FOLLOW_UP_DEFAULT",
    "FOLLOW_UP_MAX",
    "FOLLOW_UP_MIN",
    "KEEP",
    "MAX_APPLICATIONS",
    "MAX_DOCUMENTS",
    "MAX_PAGE",
    "NOTES_MAX",
    "REMINDER_HOUR",
    "Application",
    "ApplicationChanges",
    "ApplicationErrorCode",
    "ApplicationForm",
    "ApplicationPage",
    "ApplicationStatus",
    "InvalidApplicationCursor",
    "Keep",
    "application_for_offer",
    "application_of",
    "applications_page",
    "delete_application",
    "due_reminders",
    "is_offer_open",
    "offer_contact",
    "record_application",
    "send_due_reminders",
    "send_reminder",
    "update_application",
]

__getattr__ = exports_of(__name__, __file__)
