"""`leadlink run` routes after matching and enrichment (issue 4), unless told not to."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from leadlink.cli import app

runner = CliRunner()


def _crm(tmp_path: Path) -> str:
    data = tmp_path / "crm"
    result = runner.invoke(
        app, ["generate", "--accounts", "60", "--leads", "150", "--out", str(data), "--seed", "4"]
    )
    assert result.exit_code == 0, result.output
    db = f"sqlite:///{tmp_path / 'l.db'}"
    for kind in ("users", "accounts", "contacts", "opportunities", "contracts", "leads"):
        imported = runner.invoke(app, ["import", kind, str(data / f"{kind}.csv"), "--db", db])
        assert imported.exit_code == 0, imported.output
    return db


def test_run_routes_every_lead_and_why_tells_it(tmp_path: Path) -> None:
    db = _crm(tmp_path)
    ran = runner.invoke(app, ["run", "--db", db])
    assert ran.exit_code == 0, ran.output
    assert "routed 150 leads" in ran.output
    story = runner.invoke(app, ["why", "L00000001", "--db", db])
    assert story.exit_code == 0, story.output
    assert "Routing" in story.output and "not routed yet" not in story.output


def test_run_without_routing(tmp_path: Path) -> None:
    db = _crm(tmp_path)
    ran = runner.invoke(app, ["run", "--no-route", "--db", db])
    assert ran.exit_code == 0, ran.output
    assert "routed" not in ran.output
    story = runner.invoke(app, ["why", "L00000001", "--db", db])
    assert "not routed yet" in story.output
