"""Export (only changes unless --all, CRM headers) and the store commands end to end."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from leadlink.cli import app
from leadlink.pipeline.export import column_names, export_leads
from leadlink.pipeline.review import assign
from leadlink.store.db import SessionFactory
from tests.pipeline.helpers import LEAD_HEADER, LEADS, load_crm, run_fake
from tests.store import csvfiles

Store = tuple[str, SessionFactory]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_export_sends_only_changes_unless_all(store: Store, tmp_path: Path) -> None:
    _, factory = store
    load_crm(factory, tmp_path)
    run_fake(factory)
    first = export_leads(factory, tmp_path / "e1.csv", fmt="salesforce")
    rows = {r["Id"]: r for r in _read(tmp_path / "e1.csv")}
    assert first.rows == 3 and set(rows) == {"L1", "L2", "L5"}  # the linked leads
    assert rows["L1"]["LeadLink_Account_Name__c"] == "Company 1"
    assert rows["L1"]["LeadLink_Match_Decision__c"] == "matched"
    assert export_leads(factory, tmp_path / "e2.csv", fmt="salesforce").rows == 0
    assign(factory, "L4", "A2", by="t")
    run_fake(factory)
    changed = export_leads(factory, tmp_path / "e3.csv", fmt="hubspot")
    assert changed.rows == 1
    [row] = _read(tmp_path / "e3.csv")
    assert row["Record ID"] == "L4" and row["leadlink_account_id"] == "A2"
    assert export_leads(factory, tmp_path / "e4.csv", all_rows=True).rows == 4


def test_column_names_follow_the_crm() -> None:
    assert column_names("csv", ("a_b",)) == ["lead_id", "a_b"]
    assert column_names("salesforce", ("a_b",)) == ["Id", "LeadLink_A_B__c"]
    assert column_names("hubspot", ("a_b",)) == ["Record ID", "leadlink_a_b"]


def test_commands_end_to_end(db_url: str, tmp_path: Path, monkeypatch: object) -> None:
    runner = CliRunner()
    accounts = csvfiles.accounts(tmp_path / "accounts.csv", n=3)
    bad = [*LEADS, ["", "No", "Id", "x@y.com", "", "", ""]]
    leads = csvfiles.write(tmp_path / "leads.csv", LEAD_HEADER, bad)

    def ok(*args: str) -> str:
        result = runner.invoke(app, [*args, "--db", db_url])
        assert result.exit_code == 0, result.output
        return result.output

    assert "3 inserted" in ok("import", "accounts", str(accounts))
    out = ok("import", "leads", str(leads), "--rejects", str(tmp_path / "rej.csv"))
    assert "5 inserted" in out and "1 rejected" in out
    assert [r["row"] for r in _read(tmp_path / "rej.csv")] == ["7"]
    assert "0 inserted" in ok("import", "leads", str(leads))
    ok("review", "list")
    ok("export", "leads", "--out", str(tmp_path / "x.csv"), "--format", "csv")
    ok("convert", "--dry-run")
    result = runner.invoke(app, ["review", "accept", "999", "--db", db_url])
    assert result.exit_code == 1
