"""store: snapshot of the inputs on links and conversions

Revision ID: store_0002
Revises: store_0001
Create Date: 2026-11-23 00:55:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "store_0002"
down_revision: str | Sequence[str] | None = "store_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the `inputs` JSON column to lead_account_links and conversions."""
    with op.batch_alter_table("lead_account_links", schema=None) as batch_op:
        batch_op.add_column(sa.Column("inputs", sa.JSON(), nullable=True))
    with op.batch_alter_table("conversions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("inputs", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Drop the `inputs` columns."""
    with op.batch_alter_table("conversions", schema=None) as batch_op:
        batch_op.drop_column("inputs")
    with op.batch_alter_table("lead_account_links", schema=None) as batch_op:
        batch_op.drop_column("inputs")
