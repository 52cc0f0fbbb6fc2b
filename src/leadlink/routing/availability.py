"""Is a user available for a lead now? Inactive, out of office, or outside their working hours.

Working hours are read in the user's own time zone (zoneinfo), so a rep in Sydney and one in
Berlin are judged by their own clocks.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from leadlink.routing.context import UserInfo

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@lru_cache(maxsize=512)
def zone(name: str) -> tzinfo:
    """The time zone of that name; UTC when the name is empty or unknown."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_time(user: UserInfo, now: datetime) -> datetime:
    """`now` on the user's clock (naive datetimes are taken as UTC)."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=zone("UTC"))
    return now.astimezone(zone(user.timezone))


@lru_cache(maxsize=1024)
def clock(timezone: str, now: datetime) -> tuple[str, int, int]:
    """(local date ISO, weekday, hour) of `now` in `timezone`; cached, as a batch shares `now`."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=zone("UTC"))
    local = now.astimezone(zone(timezone))
    return local.date().isoformat(), local.weekday(), local.hour


def availability(
    users: Mapping[str, UserInfo], user_id: str, now: datetime, *, working_hours: bool
) -> str | None:
    """None when `user_id` can take a lead now, else why not.

    With an empty directory every user is trusted (nothing to check against); once there is a
    directory, a user missing from it (a typo in the rules, someone who left) cannot get leads.
    """
    info = users.get(user_id)
    if info is None:
        return "not in the user directory" if users else None
    return unavailable_reason(info, now, working_hours=working_hours)


def unavailable_reason(user: UserInfo | None, now: datetime, *, working_hours: bool) -> str | None:
    """None when the user can take a lead now, else why not (in words)."""
    if user is None:
        return None  # not in the directory: trust the CRM's ownership
    if not user.active:
        return "inactive"
    if user.out_of_office:
        return "out of office"
    if working_hours and user.working_hours is not None:
        _, weekday, hour = clock(user.timezone, now)
        start, end = user.working_hours
        if weekday not in user.working_days:
            return f"not a working day ({_DAYS[weekday]} in {user.timezone})"
        if not start <= hour < end:
            return f"outside working hours ({start:02d}-{end:02d} {user.timezone})"
    return None
