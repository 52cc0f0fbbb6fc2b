"""`leadlink generate` through the real CLI app."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from leadlink.cli import app


def test_generate_command_writes_files_and_prints_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "crm"
    result = CliRunner().invoke(
        app,
        ["generate", "--accounts", "60", "--leads", "300", "--out", str(out), "--seed", "5"],
    )
    assert result.exit_code == 0, result.output
    assert "300 leads" in result.output
    for name in ("accounts.csv", "leads.csv", "truth.csv", "contacts.csv", "activities.csv"):
        assert (out / name).is_file(), name
    with (out / "leads.csv").open(encoding="utf-8", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == 300


def test_generate_no_crm_and_bad_date(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(
        app, ["generate", "--accounts", "30", "--leads", "50", "--out", str(tmp_path), "--no-crm"]
    )
    assert ok.exit_code == 0, ok.output
    assert not (tmp_path / "contacts.csv").exists()
    bad = runner.invoke(
        app,
        ["generate", "--out", str(tmp_path / "x"), "--reference-date", "20-11-2026"],
    )
    assert bad.exit_code == 2
