"""Planner statistics on PostgreSQL: analyze the tables a run reads when autovacuum has not.

PostgreSQL plans from its statistics. A table bulk-written since it was last analyzed (a first
run's million links, with autovacuum off or not round yet) is planned as if its current rows
were a few hundred: an incremental run's lookups of 1,000 leads then hash or sort every current
link, enrichment and routing decision (2.4 s of a 100k-lead run's server time, most of it in
those plans). A run therefore analyzes, as autovacuum would, each table it reads whose rows
changed by more than autovacuum's threshold (50 rows + 10 %) since its last analyze, or that was
never analyzed. Analyzing
changes no row; with autovacuum keeping up the check is one catalog query. SQLite: nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine, bindparam, text

#: The tables an incremental run and its routing read by lead or by account.
RUN_TABLES: tuple[str, ...] = (
    "leads",
    "lead_account_links",
    "review_items",
    "review_decisions",
    "lead_enrichments",
    "lead_duplicates",
    "conversions",
    "routing_decisions",
    "accounts",
    "contacts",
    "opportunities",
    "contracts",
)
#: autovacuum's defaults: analyze after 50 rows + 10 % of the table changed.
THRESHOLD_ROWS = 50
THRESHOLD_SHARE = 0.1

_STALE = text(
    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid "
    "WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname IN :tables "
    "AND (c.reltuples < 0 OR COALESCE(s.n_mod_since_analyze, 0) "
    "> :rows + :share * GREATEST(c.reltuples, s.n_live_tup, 0) OR (c.reltuples > 0 AND NOT EXISTS "
    "(SELECT 1 FROM pg_stats p WHERE p.schemaname = n.nspname AND p.tablename = c.relname))) "
    "ORDER BY c.relname"
).bindparams(bindparam("tables", expanding=True))
"""Never analyzed (`reltuples` -1), changed past autovacuum's threshold since the last analyze, or
with rows but no statistics (a CREATE INDEX sets `reltuples` without analyzing; the change
counters are lost with a crash or a stats reset, and start at zero in a copied database)."""


def stale_tables(engine: Engine, tables: Sequence[str] = RUN_TABLES) -> list[str]:
    """The `tables` PostgreSQL would analyze now (changed past the threshold); [] on SQLite."""
    if engine.dialect.name != "postgresql":
        return []
    params = {"tables": list(tables), "rows": THRESHOLD_ROWS, "share": THRESHOLD_SHARE}
    with engine.connect() as conn:
        return list(conn.execute(_STALE, params).scalars())


def refresh_stats(engine: Engine, tables: Sequence[str] = RUN_TABLES) -> list[str]:
    """Analyze the `tables` whose statistics are stale; returns the tables analyzed."""
    stale = stale_tables(engine, tables)
    if stale:
        with engine.begin() as conn:
            for name in stale:
                conn.exec_driver_sql(f'ANALYZE "{name}"')
    return stale
