"""Opening the store: engine from a URL, schema migrations, sessions.

SQLite (a file, the default) and PostgreSQL (by URL) are both supported; every command takes
`--db URL` or the LEADLINK_DB environment variable.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

DEFAULT_URL = "sqlite:///leadlink.db"
ENV_VAR = "LEADLINK_DB"
MIGRATIONS_DIR = Path(__file__).parent / "migrations"

SessionFactory = sessionmaker[Session]
SCHEMA_HEADS = frozenset({"routing_0002", "scoring_0001", "store_0005"})
"""The migration heads of this version (a test checks them against Alembic's scripts): a store
already at them needs no Alembic at all, which saves a command about 0.3 s of start-up."""


def resolve_url(url: str | None = None) -> str:
    """Return the database URL: the given one, else $LEADLINK_DB, else a local SQLite file."""
    return url or os.environ.get(ENV_VAR) or DEFAULT_URL


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA cache_size=-200000")
    cursor.close()


def connect(url: str | None = None) -> Engine:
    """Create an engine for `url` (see `resolve_url`); SQLite gets WAL and foreign keys on."""
    resolved = resolve_url(url)
    engine = create_engine(resolved)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config() -> Config:
    """Alembic configuration pointing at the migrations shipped inside the package."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Apply the migrations (all branch heads: routing and scoring add their own branches)."""
    if revision == "heads" and at_heads(engine):
        return
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def at_heads(engine: Engine) -> bool:
    """True when the store's recorded migrations are exactly this version's heads."""
    try:
        with engine.connect() as conn:
            found = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except SQLAlchemyError:
        return False  # no version table yet: a new store
    return frozenset(found) == SCHEMA_HEADS


def session_factory(engine: Engine) -> SessionFactory:
    """A session factory bound to `engine`; objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


def open_store(url: str | None = None, *, migrate: bool = True) -> SessionFactory:
    """Connect, bring the schema up to date and return a session factory (what commands use)."""
    engine = connect(url)
    if migrate:
        upgrade(engine)
    return session_factory(engine)


@contextmanager
def transaction(factory: SessionFactory) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with factory() as session, session.begin():
        yield session
