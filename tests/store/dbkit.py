"""Database fixtures shared by the storage, pipeline and lifecycle tests: SQLite and PostgreSQL.

Every PostgreSQL test gets its own fresh schema (created and dropped), so tests never collide.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from leadlink.store.db import SessionFactory, connect, session_factory, upgrade

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


def pg_url() -> str:
    """The PostgreSQL server URL the tests use."""
    return os.environ.get("LEADLINK_PG_URL", PG_DEFAULT)


def _pg_reachable(url: str) -> bool:
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


@contextmanager
def database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """Yield a URL of an empty database of `backend` (a temp SQLite file or a fresh PG schema)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    base = pg_url()
    if not _pg_reachable(base):
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL unreachable at {make_url(base).host} and CI is set")
        pytest.skip("PostgreSQL server unreachable")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def migrated_store(backend: str, tmp_path: Path) -> Iterator[tuple[str, SessionFactory]]:
    """Yield (url, session factory) of a migrated, empty store on `backend`."""
    with database_url(backend, tmp_path) as url:
        engine = connect(url)
        upgrade(engine)
        try:
            yield url, session_factory(engine)
        finally:
            engine.dispose()
