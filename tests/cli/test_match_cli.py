"""`leadlink match` end to end through the CLI: the contract's files, bad input, other headers."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from leadlink.cli import app

runner = CliRunner()

ACCOUNTS = """id,name,website,domains,country
A1,Acme Inc.,https://acme.com,acme-mail.com,US
A2,Globex Corporation,globex.com,,US
"""
LEADS = """id,first_name,last_name,email,company,country
L1,Ann,Lee,ann@acme.com,Acme,US
L2,Bob,Ray,bob@gmail.com,,US
L3,Cy,Po,cy@globex.com,Globex,US
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _match(tmp_path: Path, accounts: str, leads: str) -> tuple[int, str, list[dict[str, str]]]:
    out = tmp_path / "matches.csv"
    result = runner.invoke(
        app,
        [
            "match",
            "--accounts",
            str(_write(tmp_path, "accounts.csv", accounts)),
            "--leads",
            str(_write(tmp_path, "leads.csv", leads)),
            "--out",
            str(out),
            "--workers",
            "1",
        ],
    )
    rows = list(csv.DictReader(out.open(encoding="utf-8"))) if out.exists() else []
    return result.exit_code, result.output, rows


def test_writes_the_contract_columns_and_a_summary(tmp_path: Path) -> None:
    code, output, rows = _match(tmp_path, ACCOUNTS, LEADS)
    assert code == 0, output
    assert list(rows[0]) == ["lead_id", "account_id", "decision", "confidence", "reason"]
    by_lead = {r["lead_id"]: r for r in rows}
    assert (by_lead["L1"]["decision"], by_lead["L1"]["account_id"]) == ("matched", "A1")
    assert (by_lead["L2"]["decision"], by_lead["L2"]["account_id"]) == ("unmatched", "")
    assert by_lead["L3"]["account_id"] == "A2"
    assert all(r["reason"] for r in rows)
    assert "3 leads against 2 accounts" in output


def test_missing_id_column_is_a_clear_error(tmp_path: Path) -> None:
    code, output, rows = _match(tmp_path, ACCOUNTS, "email,company\nx@acme.com,Acme\n")
    assert code == 2
    assert "leads.csv" in output and "'id'" in output
    assert rows == []


def test_ragged_row_is_named_and_the_rest_go_through(tmp_path: Path) -> None:
    leads = LEADS + "L4,too,many,cells,here,US,extra,more\n"
    code, output, rows = _match(tmp_path, ACCOUNTS, leads)
    assert code == 0
    assert "leads.csv:5" in output
    assert [r["lead_id"] for r in rows] == ["L1", "L2", "L3"]


def test_salesforce_headers_are_read(tmp_path: Path) -> None:
    accounts = "Id,Name,Website,BillingCountry\n001A,Acme Inc.,acme.com,United States\n"
    leads = "Id,FirstName,LastName,Email,Company,Country\n00Q1,Ann,Lee,ann@mail.acme.com,Acme,USA\n"
    code, output, rows = _match(tmp_path, accounts, leads)
    assert code == 0, output
    assert (rows[0]["lead_id"], rows[0]["account_id"], rows[0]["decision"]) == (
        "00Q1",
        "001A",
        "matched",
    )


def test_bad_settings_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = _write(tmp_path, "settings.yaml", "thresholds: {match: 2}\n")
    result = runner.invoke(
        app,
        [
            "match",
            "--accounts",
            str(_write(tmp_path, "accounts.csv", ACCOUNTS)),
            "--leads",
            str(_write(tmp_path, "leads.csv", LEADS)),
            "--out",
            str(tmp_path / "m.csv"),
            "--config",
            str(bad),
        ],
    )
    assert result.exit_code == 2
    assert "settings.yaml" in result.output
