"""Crash safety: a run killed at a random point leaves a consistent store; the next run finishes
the work with nothing lost or duplicated (same result as a run that was never interrupted)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from leadlink.store.db import SessionFactory
from leadlink.store.importer import import_file
from leadlink.store.models import LeadRow, LinkRow, ReviewItemRow, RunRow
from tests.pipeline.crashrun import CHUNK
from tests.pipeline.fakes import SETTINGS, FakeMatcher
from tests.pipeline.helpers import LEAD_HEADER, snapshot
from tests.store import csvfiles
from tests.store.dbkit import migrated_store

ROOT = Path(__file__).resolve().parents[2]
N_LEADS = 80


def _crm(factory: SessionFactory, tmp_path: Path) -> None:
    import_file(factory, "accounts", csvfiles.accounts(tmp_path / "a.csv", n=5))
    rows = []
    for i in range(N_LEADS):
        k = i % 5 + 1
        email, company = [
            (f"p{i}@company{k}.com", ""),
            (f"p{i}@gmail.com", f"Company {k}"),
            (f"p{i}@nowhere{i}.org", f"Nowhere {i}"),
            ("ed@company1.com", "Company 1"),
        ][i % 4]
        rows.append([f"L{i:03d}", "Ed", f"Gil{i % 4}", email, company, "", ""])
    import_file(factory, "leads", csvfiles.write(tmp_path / "l.csv", LEAD_HEADER, rows))
    contacts = [["C1", "A1", "Ed", "Gil3", "ed@company1.com"]]
    header = ["id", "account_id", "first_name", "last_name", "email"]
    import_file(factory, "contacts", csvfiles.write(tmp_path / "c.csv", header, contacts))


def _kill_mid_run(url: str, delay: float) -> bool:
    """Start a run in a child process and SIGKILL it `delay` s after it starts; True if killed."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.pipeline.crashrun", url],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "started"
    time.sleep(delay)
    finished = child.poll() is not None
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    return not finished


def _consistent(factory: SessionFactory) -> None:
    with factory() as s:
        per_lead = s.execute(
            select(LinkRow.lead_id, func.count())
            .where(LinkRow.superseded_at.is_(None))
            .group_by(LinkRow.lead_id)
            .having(func.count() > 1)
        ).all()
        open_items = s.execute(
            select(ReviewItemRow.lead_id, func.count())
            .where(ReviewItemRow.status == "open")
            .group_by(ReviewItemRow.lead_id)
            .having(func.count() > 1)
        ).all()
    assert per_lead == [] and open_items == []


def test_a_killed_run_is_finished_by_the_next_one(backend: str, tmp_path: Path) -> None:
    from leadlink.pipeline import run

    rnd = random.Random()
    delay = rnd.uniform(0.05, N_LEADS * 0.01 * 0.9)  # somewhere inside the matching stage
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with (
        migrated_store(backend, tmp_path / "a") as (url, crashed),
        migrated_store(backend, tmp_path / "b") as (_, clean),
    ):
        _crm(crashed, tmp_path / "a")
        _crm(clean, tmp_path / "b")
        killed = _kill_mid_run(url, delay)
        _consistent(crashed)
        with crashed() as s:
            stamped = s.scalar(
                select(func.count()).select_from(LeadRow).where(LeadRow.matched_key.is_not(None))
            )
        done = run(crashed, settings=SETTINGS, matcher_factory=FakeMatcher.build, chunk_size=CHUNK)
        run(clean, settings=SETTINGS, matcher_factory=FakeMatcher.build, chunk_size=CHUNK)
        _consistent(crashed)
        got, want = snapshot(crashed), snapshot(clean)
        assert got == want, f"killed after {delay:.2f}s"
        assert done.considered == N_LEADS - (stamped or 0)  # the rerun did only what was left
        with crashed() as s:
            statuses = sorted(s.scalars(select(RunRow.status)))
        if killed:  # killed before or after it recorded its run; never left 'running'
            assert statuses in (["done"], ["abandoned", "done"])
        else:
            assert statuses == ["done", "done"]
