"""Which leads a run matches: through the partial index after a clean run, else by context."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import event, select

from leadlink.pipeline import run
from leadlink.pipeline.linking import match_pending
from leadlink.pipeline.records import LEAD_COLUMNS
from leadlink.records import Account, Lead
from leadlink.store.db import SessionFactory
from leadlink.store.importer import import_file
from leadlink.store.models import LeadRow
from tests.pipeline.fakes import FakeMatcher
from tests.pipeline.helpers import LEAD_HEADER, LEADS, load_crm, run_fake
from tests.store import csvfiles

Store = tuple[str, SessionFactory]


@contextmanager
def _lead_queries(factory: SessionFactory) -> Iterator[list[str]]:
    """The SQL of the queries that look for leads to match, while the block runs."""
    seen: list[str] = []

    def grab(_c: object, _cur: object, sql: str, *_args: Any) -> None:
        if sql.startswith("SELECT leads.id") and "matched_key IS NULL" in sql:
            seen.append(sql)

    engine = factory.kw["bind"]
    event.listen(engine, "before_cursor_execute", grab)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", grab)


def _contexts(factory: SessionFactory) -> dict[str, str | None]:
    with factory() as s:
        return {i: c for i, c in s.execute(select(LeadRow.id, LeadRow.matched_context))}


def test_after_a_clean_run_only_new_and_changed_leads_are_looked_up(
    store: Store, tmp_path: Path
) -> None:
    _, factory = store
    load_crm(factory, tmp_path)
    run_fake(factory)
    changed = [row[:] for row in LEADS] + [["L6", "Fay", "Hu", "fay@company2.com", "", "", ""]]
    changed[3][3] = "di@company3.com"
    import_file(factory, "leads", csvfiles.write(tmp_path / "l2.csv", LEAD_HEADER, changed))
    with _lead_queries(factory) as queries:
        summary = run_fake(factory)
    assert summary.considered == 2  # L4 changed, L6 new
    assert queries and all("matched_context !=" not in q for q in queries)  # the index's form


class _Failing(FakeMatcher):
    """Fails on the third lead it matches: a run that stamped its first chunk, then died."""

    calls = 0

    @classmethod
    def build(cls, accounts: Sequence[Account]) -> _Failing:
        return cls(accounts)

    def match(self, lead: Lead, *, exclude: frozenset[str] = frozenset()) -> Any:
        type(self).calls += 1
        if type(self).calls == 3:
            raise RuntimeError("killed")
        return super().match(lead, exclude=exclude)


def test_leads_stamped_by_a_failed_run_under_other_settings_are_matched_again(
    store: Store, tmp_path: Path
) -> None:
    _, factory = store
    load_crm(factory, tmp_path)
    run_fake(factory)
    before = _contexts(factory)
    other = SimpleNamespace(version="fake-v2")
    _Failing.calls = 0
    with pytest.raises(RuntimeError):
        run(factory, settings=other, matcher_factory=_Failing.build, full=True, chunk_size=2)
    assert sum(c != before["L1"] for c in _contexts(factory).values()) == 2  # first chunk
    with _lead_queries(factory) as queries:
        summary = run_fake(factory)  # the last clean run had these settings, but one failed since
    assert summary.considered == 2 and _contexts(factory) == before
    assert all("matched_context !=" in q for q in queries)


def test_the_lookup_uses_the_partial_index(store: Store) -> None:
    _, factory = store
    engine = factory.kw["bind"]
    query = select(*LEAD_COLUMNS).where(LeadRow.id > "", match_pending()).order_by(LeadRow.id)
    sql = str(query.limit(2000).compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            plan = " ".join(str(r) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
        else:
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")  # a tiny table: scan it else
            plan = " ".join(r[0] for r in conn.exec_driver_sql(f"EXPLAIN {sql}"))
    assert "ix_leads_match_pending" in plan
