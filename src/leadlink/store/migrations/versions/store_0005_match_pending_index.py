"""store: a partial index of the leads waiting to be matched (new, changed or sent back)

Revision ID: store_0005
Revises: store_0004
Create Date: 2026-12-05 00:30:00

An incremental run looked for its leads (never matched, changed since, or matched under other
settings or accounts) by reading every lead: 0.4 s on PostgreSQL and 0.3 s on SQLite at 1M leads.
When the last run finished under the same settings and accounts, only a new, changed or
sent-back lead can need matching, and this index holds exactly those (a few, between runs).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "store_0005"
down_revision: str | Sequence[str] | None = "store_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHERE = "matched_key IS NULL OR matched_context IS NULL OR matched_key <> content_hash"


def upgrade() -> None:
    """Create the index."""
    op.create_index(
        "ix_leads_match_pending",
        "leads",
        ["id"],
        sqlite_where=sa.text(_WHERE),
        postgresql_where=sa.text(_WHERE),
    )


def downgrade() -> None:
    """Drop the index."""
    op.drop_index(
        "ix_leads_match_pending",
        table_name="leads",
        sqlite_where=sa.text(_WHERE),
        postgresql_where=sa.text(_WHERE),
    )
