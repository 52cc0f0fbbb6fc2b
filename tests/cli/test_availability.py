"""`leadlink availability`: out of office and working hours from the command line."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from leadlink.cli import app
from leadlink.store.db import open_store
from leadlink.store.models.routing import UserStatusRow

runner = CliRunner()


def test_away_hours_and_back(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'l.db'}"
    away = runner.invoke(app, ["availability", "U1", "--away", "--hours", "8-17", "--db", db])
    assert away.exit_code == 0, away.output
    with open_store(db)() as session:
        row = session.scalars(select(UserStatusRow).where(UserStatusRow.user_id == "U1")).one()
        assert (row.out_of_office, row.work_start, row.work_end) == (True, 8, 17)
    back = runner.invoke(app, ["availability", "U1", "--back", "--db", db])
    assert back.exit_code == 0, back.output
    with open_store(db)() as session:
        row = session.scalars(select(UserStatusRow).where(UserStatusRow.user_id == "U1")).one()
        assert (row.out_of_office, row.work_start, row.work_end) == (False, 8, 17)


def test_bad_hours_are_a_clear_error(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'l.db'}"
    result = runner.invoke(app, ["availability", "U1", "--hours", "18-8", "--db", db])
    assert result.exit_code == 2
    assert "working hours" in result.output
