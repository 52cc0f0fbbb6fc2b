"""Routing tables (filled by the routing capability, with its own Alembic migration)."""
