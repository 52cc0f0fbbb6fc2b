"""Engagement activities: the event types leadlink scores and the plain record carried around.

Each type has a small integer code so that millions of activities can be held as numpy arrays
(account index, person index, type code, timestamp) for vectorised rescoring.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class ActivityType(StrEnum):
    """The engagement event types of the activities import (values are the CSV spelling)."""

    FORM_FILL = "form_fill"
    DEMO_REQUEST = "demo_request"
    CONTACT_US = "contact_us"
    WEBINAR_REGISTRATION = "webinar_registration"
    WEBINAR_ATTENDANCE = "webinar_attendance"
    EVENT_ATTENDANCE = "event_attendance"
    EMAIL_OPEN = "email_open"
    EMAIL_CLICK = "email_click"
    PAGE_VISIT = "page_visit"
    CONTENT_DOWNLOAD = "content_download"
    INTENT_SIGNAL = "intent_signal"

    @property
    def code(self) -> int:
        """Stable small integer code (position in `ACTIVITY_TYPES`)."""
        return ACTIVITY_CODES[self]

    @property
    def phrase(self) -> str:
        """How a reason sentence names the action ("requested a demo")."""
        return _PHRASES[self]


ACTIVITY_TYPES: tuple[ActivityType, ...] = tuple(ActivityType)
ACTIVITY_CODES: dict[ActivityType, int] = {t: i for i, t in enumerate(ACTIVITY_TYPES)}

_PHRASES: dict[ActivityType, str] = {
    ActivityType.FORM_FILL: "filled in a form",
    ActivityType.DEMO_REQUEST: "requested a demo",
    ActivityType.CONTACT_US: "asked to be contacted",
    ActivityType.WEBINAR_REGISTRATION: "registered for a webinar",
    ActivityType.WEBINAR_ATTENDANCE: "attended a webinar",
    ActivityType.EVENT_ATTENDANCE: "attended an event",
    ActivityType.EMAIL_OPEN: "opened an e-mail",
    ActivityType.EMAIL_CLICK: "clicked an e-mail",
    ActivityType.PAGE_VISIT: "visited a page",
    ActivityType.CONTENT_DOWNLOAD: "downloaded content",
    ActivityType.INTENT_SIGNAL: "showed third-party intent",
}


@dataclass(frozen=True, slots=True)
class Activity:
    """One engagement event by a person (lead or contact) at an account, with its time stamp."""

    person_id: str
    account_id: str
    type: ActivityType
    at: datetime
    id: str = ""
    detail: str = ""


def parse_activity_type(value: str) -> ActivityType:
    """Parse an activity type from its CSV spelling (case and separators forgiven).

    Raises:
        ValueError: the value names no known activity type.
    """
    key = value.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return ActivityType(key)
    except ValueError:
        known = ", ".join(t.value for t in ACTIVITY_TYPES)
        raise ValueError(f"unknown activity type {value!r}; expected one of: {known}") from None
