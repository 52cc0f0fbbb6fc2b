"""Pipeline test fixtures: the storage tests' own, so each test runs on both backends."""

from __future__ import annotations

from tests.store.conftest import _pg_template_cleanup, backend, db_url, store

__all__ = ["_pg_template_cleanup", "backend", "db_url", "store"]
