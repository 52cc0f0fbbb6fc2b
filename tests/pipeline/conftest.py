"""Fixtures of the storage tests: every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from leadlink.store.db import SessionFactory
from tests.store.dbkit import BACKENDS, database_url, drop_pg_template, migrated_store


@pytest.fixture(scope="session", autouse=True)
def _pg_template_cleanup() -> Iterator[None]:
    """Drop the PostgreSQL template database when the test session ends."""
    yield
    drop_pg_template()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend of this test run: 'sqlite' or 'postgres'."""
    return str(request.param)


@pytest.fixture
def db_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """URL of an empty, unmigrated database."""
    with database_url(backend, tmp_path) as url:
        yield url


@pytest.fixture
def store(backend: str, tmp_path: Path) -> Iterator[tuple[str, SessionFactory]]:
    """(url, session factory) of a migrated, empty store."""
    with migrated_store(backend, tmp_path) as pair:
        yield pair
