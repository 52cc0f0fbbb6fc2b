"""Scoring tables (filled by the scoring capability, with its own Alembic migration)."""
