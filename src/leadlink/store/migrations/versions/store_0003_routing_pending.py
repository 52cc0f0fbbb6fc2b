"""store: leads.routing_pending, set whenever a lead's current link may have changed

Revision ID: store_0003
Revises: store_0002
Create Date: 2026-11-23 05:00:00

Routing looks for the leads whose current link is not the one their current routing decision was
made on. Checking that for every lead costs an index search per lead (1.2 s over a million leads
on SQLite) in every incremental run. The flag narrows the search to the leads that may need it: a
new lead starts flagged, and a trigger flags a lead whenever one of its links is written or
superseded, whoever writes it (the pipeline, review decisions, a future path); routing clears the
flag of the leads it has looked at, in the transaction that writes their decisions. Existing leads
start flagged, so the first routing after the upgrade looks at each of them once.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from leadlink.store.models import triggers

revision: str = "store_0003"
down_revision: str | Sequence[str] | None = "store_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the column, its partial index and the triggers on lead_account_links."""
    # A plain ADD COLUMN (a constant default is allowed on SQLite): batch mode would copy the
    # whole table, a million rows, to add one flag.
    op.add_column(
        "leads",
        sa.Column("routing_pending", sa.Boolean(), server_default=sa.true(), nullable=False),
    )
    op.create_index(
        "ix_leads_routing_pending",
        "leads",
        ["id"],
        sqlite_where=sa.text("routing_pending = 1"),
        postgresql_where=sa.text("routing_pending"),
    )
    for statement in triggers.first_form_create(op.get_context().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    """Drop the triggers, the index and the column."""
    for statement in triggers.first_form_drop(op.get_context().dialect.name):
        op.execute(statement)
    op.drop_index(
        "ix_leads_routing_pending",
        table_name="leads",
        sqlite_where=sa.text("routing_pending = 1"),
        postgresql_where=sa.text("routing_pending"),
    )
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_column("routing_pending")
