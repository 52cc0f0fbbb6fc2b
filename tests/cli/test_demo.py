"""`leadlink demo` (what `make demo` runs) goes through the whole pipeline on a small CRM."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from leadlink.cli import app


def test_demo_runs_the_whole_pipeline(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["demo", "--dir", str(tmp_path), "--accounts", "80", "--leads", "300"]
    )
    assert result.exit_code == 0, result.output
    for step in ("precision", "leadlink run", "leadlink route", "leadlink convert", "score"):
        assert step in result.output
    assert "Top accounts" in result.output
    assert (tmp_path / "leadlink.db").exists()
    again = CliRunner().invoke(
        app, ["demo", "--dir", str(tmp_path), "--accounts", "80", "--leads", "300"]
    )
    assert again.exit_code == 0, again.output  # a second demo over the same folder works too
