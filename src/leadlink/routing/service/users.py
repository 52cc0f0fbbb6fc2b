"""Availability that the CRM's user file does not carry: out of office and working hours."""

from __future__ import annotations

from sqlalchemy import select

from leadlink.store.db import SessionFactory
from leadlink.store.models.base import utcnow
from leadlink.store.models.routing import UserStatusRow

_UNSET = object()


def set_user_status(
    session_factory: SessionFactory,
    user_id: str,
    *,
    out_of_office: bool | None = None,
    working_hours: tuple[int, int] | object | None = _UNSET,
    working_days: tuple[int, ...] | None = None,
) -> None:
    """Record a user's availability for routing; arguments left out keep their stored value.

    `working_hours` is a local (start, end) hour pair, end exclusive, or None for any time.
    """
    if isinstance(working_hours, tuple):
        start, end = working_hours
        if not (0 <= start < end <= 24):
            raise ValueError(f"working hours must be 0 <= start < end <= 24, got {working_hours}")
    if working_days is not None and not all(0 <= d <= 6 for d in working_days):
        raise ValueError("working days are 0 (Monday) to 6 (Sunday)")
    with session_factory() as session, session.begin():
        row = session.scalars(select(UserStatusRow).where(UserStatusRow.user_id == user_id)).first()
        if row is None:
            row = UserStatusRow(user_id=user_id, out_of_office=False, work_days="0,1,2,3,4")
            session.add(row)
        if out_of_office is not None:
            row.out_of_office = out_of_office
        if working_hours is None:
            row.work_start = row.work_end = None
        elif isinstance(working_hours, tuple):
            row.work_start, row.work_end = working_hours
        if working_days is not None:
            row.work_days = ",".join(str(d) for d in sorted(set(working_days)))
        row.updated_at = utcnow()
