"""Database fixtures shared by the storage, pipeline and lifecycle tests: SQLite and PostgreSQL.

Every test gets its own fresh database: a copy of a migrated SQLite file, or on PostgreSQL its
own schema (created, filled from the models and stamped at the migration heads, then dropped),
so tests never collide, even across concurrent test sessions. tests/store/test_db.py checks that
the migrations build exactly what the models describe.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from leadlink.store.db import SessionFactory, alembic_config, connect, session_factory, upgrade
from leadlink.store.models import Base

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]
_SESSION = f"{os.getpid()}_{uuid.uuid4().hex[:6]}"


def pg_url() -> str:
    """The PostgreSQL server URL the tests use."""
    return os.environ.get("LEADLINK_PG_URL", PG_DEFAULT)


@cache
def _pg_reachable(url: str) -> bool:
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


def _require_pg() -> str:
    base = pg_url()
    if not _pg_reachable(base):
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL unreachable at {make_url(base).host} and CI is set")
        pytest.skip("PostgreSQL server unreachable")
    return base


def _admin(base: str) -> Engine:
    return create_engine(base, isolation_level="AUTOCOMMIT")


@cache
def _sqlite_template() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="leadlink-tests-"))
    path = folder / "template.db"
    engine = connect(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@contextmanager
def database_url(backend: str, tmp_path: Path, *, migrated: bool = False) -> Iterator[str]:
    """Yield the URL of a fresh database of `backend`, empty or already `migrated`."""
    if backend == "sqlite":
        path = tmp_path / "store.db"
        if migrated:
            shutil.copyfile(_sqlite_template(), path)
        yield f"sqlite:///{path}"
        return
    base = _require_pg()
    schema = f"t_{_SESSION}_{uuid.uuid4().hex[:8]}"
    admin = _admin(base)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    rendered = url.render_as_string(hide_password=False)
    try:
        if migrated:
            _create_and_stamp(rendered)
        yield rendered
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _create_and_stamp(url: str) -> None:
    """Create every table from the models and mark the schema as at the migration heads."""
    engine = connect(url)
    Base.metadata.create_all(engine)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.stamp(cfg, "heads")
    engine.dispose()


@contextmanager
def migrated_store(backend: str, tmp_path: Path) -> Iterator[tuple[str, SessionFactory]]:
    """Yield (url, session factory) of a migrated, empty store on `backend`."""
    with database_url(backend, tmp_path, migrated=True) as url:
        engine = connect(url)
        try:
            yield url, session_factory(engine)
        finally:
            engine.dispose()


def drop_pg_template() -> None:
    """Nothing to drop any more (kept for the conftest hook)."""
