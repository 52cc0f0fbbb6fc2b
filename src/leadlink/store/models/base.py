"""Declarative base shared by every table of the store, with stable constraint names.

The naming convention keeps Alembic migrations identical on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar, cast

from sqlalchemy import JSON, DateTime, MetaData, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Return the current time in UTC (timezone-aware), the only clock the store uses."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Base class of all leadlink tables."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        str: String(),
        datetime: DateTime(timezone=True),
        dict[str, Any]: JSON(),
        dict[str, str]: JSON(),
    }


class Tracked:
    """Columns every imported CRM row carries: a content hash and when the content last changed.

    The hash makes imports idempotent (an unchanged row is not written) and runs incremental.
    """

    content_hash: Mapped[str] = mapped_column(String(40), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


def table_of(model: type[Base]) -> Table:
    """The Core table of a mapped class, typed as a Table (for bulk Core statements)."""
    return cast(Table, model.__table__)
