"""Reports (scorecard, stages with moves, MQA list) and the CLI commands, end to end."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

from typer.testing import CliRunner

from leadlink.cli import app
from leadlink.scoring.service.reports import (
    MQA_COLUMNS,
    SCORECARD_COLUMNS,
    engagement_level,
    mqa_rows,
    scorecard_rows,
    stage_rows,
)
from leadlink.scoring.service.rescore import rescore
from leadlink.scoring.service.statuses import apply_statuses
from leadlink.store.db import SessionFactory, open_store
from tests.scoring.crmkit import NOW, Crm

Store = tuple[str, SessionFactory]


def busy_crm(factory: SessionFactory) -> None:
    crm = Crm().account("A1").account("A2").account("A3")
    for i in range(5):
        crm.contact(f"C{i}", "A1")
        for kind in ("webinar_attendance", "content_download", "email_click"):
            crm.activity(f"C{i}", kind, i)
    crm.contact("D1", "A2").activity("D1", "email_open", 3)
    crm.save(factory)


def test_reports(store: Store) -> None:
    _, factory = store
    busy_crm(factory)
    rescore(factory, now=NOW)
    apply_statuses(factory, now=NOW)
    card = scorecard_rows(factory)
    assert card[0]["account_id"] == "A1" and set(card[0]) == set(SCORECARD_COLUMNS)
    assert card[0]["share_engaged"] == "100%" and card[0]["engagement"] == "high"
    mqa = mqa_rows(factory)
    assert [r["account_id"] for r in mqa] == ["A1"] and set(mqa[0]) == set(MQA_COLUMNS)
    assert "score" in mqa[0]["reason"]
    Crm().activity("D1", "demo_request", 0).save(factory)
    apply_statuses(factory, now=NOW + timedelta(hours=1))
    stages = {(r["object"], r["status"]): r for r in stage_rows(factory)}
    qualified = stages[("account", "3 Qualified")]
    assert qualified["moved_in"] == 1 and qualified["change"] == 1
    assert stages[("account", "2 Nurture")]["moved_out"] == 1
    assert stages[("contact", "3 Qualified")]["count"] == 1


def test_engagement_levels() -> None:
    assert [engagement_level(s, 60) for s in (70, 60, 30, 1, 0)] == [
        "high",
        "high",
        "medium",
        "low",
        "none",
    ]


def test_cli_score_explain_reports(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"  # the service tests cover PostgreSQL
    factory = open_store(url)
    busy_crm(factory)
    runner = CliRunner()
    now = ["--now", NOW.isoformat()]
    result = runner.invoke(app, ["score", "--db", url, *now])
    assert result.exit_code == 0, result.output
    assert "Scored 3 accounts" in result.output and "Statuses:" in result.output
    result = runner.invoke(app, ["status", "explain", "A1", "--db", url, *now])
    assert result.exit_code == 0 and "Status: 2 Nurture" in result.output
    assert runner.invoke(app, ["status", "explain", "nope", "--db", url]).exit_code == 1
    out = tmp_path / "mqa.csv"
    result = runner.invoke(app, ["report", "mqa", "--db", url, "--csv", str(out)])
    assert result.exit_code == 0
    rows = list(csv.DictReader(out.open()))
    assert [r["account_id"] for r in rows] == ["A1"]
    for report in ("scorecard", "stages"):
        assert runner.invoke(app, ["report", report, "--db", url]).exit_code == 0
    result = runner.invoke(
        app, ["status", "set", "contact", "C1", "work", "--by", "al", "--db", url]
    )
    assert result.exit_code == 0 and "4 Sales Working" in result.output
    bad = runner.invoke(
        app, ["status", "set", "contact", "C1", "reinstate", "--by", "al", "--db", url]
    )
    assert bad.exit_code == 2


def test_cli_rules_and_bad_files(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["status", "rules"])
    assert result.exit_code == 0 and "flowchart TD" in result.output
    bad = tmp_path / "rules.yaml"
    bad.write_text("version: 1\n")
    result = runner.invoke(app, ["status", "rules", "--rules", str(bad)])
    assert result.exit_code == 2
