"""Fixtures of the store-backed scoring tests: every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from leadlink.store.db import SessionFactory
from tests.store.dbkit import BACKENDS, migrated_store


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, SessionFactory]]:
    """(url, session factory) of a migrated, empty store."""
    with migrated_store(str(request.param), tmp_path) as pair:
        yield pair
