"""Reading and writing the canonical CSV files: bad rows are reported, good rows go through."""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadlink.io.csvio import (
    CP1252_WARNING,
    CsvFileError,
    RowError,
    _merge,
    iter_records,
    lead_maker,
    read_accounts,
    read_leads,
    to_account,
    to_lead,
    write_csv,
    write_rejects,
)
from leadlink.records import LEAD_FIELDS, Lead


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_bom_and_salesforce_headers(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "accounts.csv",
        "Id,Name,Website,BillingCity,BillingCountry,Industry\n"
        "001A, Acme GmbH ,acme.de,Berlin,DE,Manufacturing\n",
        "utf-8-sig",
    )
    errors: list[RowError] = []
    accounts = read_accounts(path, errors)
    assert errors == []
    assert len(accounts) == 1
    acme = accounts[0]
    assert (acme.id, acme.name, acme.website, acme.city, acme.country) == (
        "001A",
        "Acme GmbH",
        "acme.de",
        "Berlin",
        "DE",
    )
    assert acme.extra == {"industry": "Manufacturing"}


def test_hubspot_domains_merge_and_split(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "companies.csv",
        "Record ID,Company name,Company Domain Name,Additional Domains\n"
        "7,Acme,acme.com,acme.de; acme.fr;\n",
    )
    errors: list[RowError] = []
    (acme,) = read_accounts(path, errors)
    assert acme.domains == ["acme.com", "acme.de", "acme.fr"]
    assert acme.name == "Acme"


def test_ragged_row_is_named_and_others_pass(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "leads.csv",
        "id,email,company\nL1,a@x.com,X\nL2,b@y.com\nL3,c@z.com,Z,extra\nL4,d@w.com,W\n",
    )
    errors: list[RowError] = []
    rows = list(iter_records(path, "leads", errors))
    assert [(n, r["id"]) for n, r in rows] == [(2, "L1"), (5, "L4")]
    assert [(e.row, e.column) for e in errors] == [(3, ""), (4, "")]
    assert "2 cells" in errors[0].message and "4 cells" in errors[1].message
    assert all(e.file == str(path) for e in errors)
    assert not any("@" in e.message for e in errors)


def test_empty_and_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path / "leads.csv", "id,company\nL1,A\n,B\nL1,C\n,\n\nL2,D\n")
    errors: list[RowError] = []
    leads = list(read_leads(path, errors))
    assert [lead.id for lead in leads] == ["L1", "L2"]
    assert [(e.row, e.column) for e in errors] == [(3, "id"), (4, "id")]
    assert "duplicate" in errors[1].message


def test_row_numbers_count_physical_lines_of_quoted_cells(tmp_path: Path) -> None:
    path = _write(tmp_path / "leads.csv", 'id,street\nL1,"line 1\nline 2"\nL2,x,y\n')
    errors: list[RowError] = []
    assert [n for n, _ in iter_records(path, "leads", errors)] == [2]
    assert errors[0].row == 4


def test_missing_id_column_names_file_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path / "leads.csv", "email,company\na@x.com,X\n")
    with pytest.raises(CsvFileError) as info:
        list(iter_records(path, "leads", []))
    message = str(info.value)
    assert message.startswith(f"{path}: no 'id' column")
    assert "Record ID" in message


def test_truth_needs_both_columns(tmp_path: Path) -> None:
    path = _write(tmp_path / "truth.csv", "lead_id\nL1\n")
    with pytest.raises(CsvFileError, match="'account_id'"):
        list(iter_records(path, "truth", []))


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(CsvFileError, match="not found"):
        list(iter_records(tmp_path / "nope.csv", "leads", []))
    with pytest.raises(CsvFileError, match="empty file"):
        list(iter_records(_write(tmp_path / "e.csv", ""), "leads", []))


def test_cp1252_file_is_read_with_one_warning(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "accounts.csv",
        "id,name,city\nA1,Müller & Söhne,Köln\nA2,Café René,Zürich\n",
        "cp1252",
    )
    errors: list[RowError] = []
    accounts = read_accounts(path, errors)
    assert [a.name for a in accounts] == ["Müller & Söhne", "Café René"]
    assert accounts[1].city == "Zürich"
    assert errors == [RowError(str(path), 0, "", CP1252_WARNING)]


def test_undecodable_bytes_in_a_utf8_file_reject_that_row(tmp_path: Path) -> None:
    body = "id,name,city\nA1,Müller,Köln\n".encode() + b"A2,Bad\xff\xfeName,X\nA3,Ok,Y\n"
    path = tmp_path / "accounts.csv"
    path.write_bytes(body)
    errors: list[RowError] = []
    accounts = read_accounts(path, errors)
    assert [a.id for a in accounts] == ["A1", "A3"]
    assert accounts[0].name == "Müller"
    assert [(e.row, e.column) for e in errors] == [(3, "name")]


def test_to_account_keeps_unknown_columns() -> None:
    account = to_account({"id": "1", "domains": " a.com ;;b.com", "tier": "gold"})
    assert account.domains == ["a.com", "b.com"]
    assert account.extra == {"tier": "gold"}


def test_write_rejects(tmp_path: Path) -> None:
    errors = [RowError("leads.csv", 3, "id", "empty id"), RowError("leads.csv", 0, "", "w")]
    out = tmp_path / "rejects.csv"
    write_rejects(out, errors)
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["file", "row", "column", "message"],
        ["leads.csv", "3", "id", "empty id"],
        ["leads.csv", "0", "", "w"],
    ]


def test_write_csv_is_atomic(tmp_path: Path) -> None:
    out = tmp_path / "matches.csv"
    assert write_csv(out, ["a", "b"], [[1, None], ["x", 2.5]]) == 2
    assert out.read_bytes() == b"a,b\r\n1,\r\nx,2.5\r\n"

    def failing() -> Iterator[list[object]]:
        yield [1, 2]
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_csv(out, ["a", "b"], failing())
    assert out.read_bytes() == b"a,b\r\n1,\r\nx,2.5\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["matches.csv"]


_cell = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.tuples(_cell, _cell), min_size=1, max_size=8))
def test_cells_round_trip(tmp_path: Path, rows: list[tuple[str, str]]) -> None:
    out = tmp_path / "leads.csv"
    written = [(f"L{i}", company, note) for i, (company, note) in enumerate(rows)]
    assert write_csv(out, ["id", "company", "Some Note"], written) == len(rows)
    errors: list[RowError] = []
    read = [(r["id"], r["company"], r["some_note"]) for _, r in iter_records(out, "leads", errors)]
    assert errors == []
    expected = [(i, c.strip(), n.strip()) for i, c, n in written]
    assert read == expected


def test_read_leads_with_hubspot_headers_keeps_extra(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "contacts.csv",
        "Record ID,Email,First Name,Last Name,Company Name,Job Title,Lifecycle Stage\n"
        "9,a@acme.com,Ann,Lee,Acme,CTO,lead\n10,b@beta.io,Bo,Ng,Beta,CEO,customer\n",
    )
    errors: list[RowError] = []
    leads = list(read_leads(path, errors))
    assert [(x.id, x.company, x.title, x.extra) for x in leads] == [
        ("9", "Acme", "CTO", {"lifecycle_stage": "lead"}),
        ("10", "Beta", "CEO", {"lifecycle_stage": "customer"}),
    ]
    assert leads[0].email == "a@acme.com" and leads[1].first_name == "Bo"


def test_campaign_members_have_no_id_of_their_own(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "campaign_members.csv",
        "CampaignId,Campaign Name,Person ID,Type,Status,FirstRespondedDate\n"
        "C1,Webinar,L1,Lead,Responded,2026-01-02\nC1,Webinar,L1,Lead,Responded,2026-01-02\n"
        ",Webinar,L2,Lead,Sent,\n",
    )
    errors: list[RowError] = []
    rows = [row for _, row in iter_records(path, "campaign_members", errors)]
    assert len(rows) == 3 and errors == []
    assert rows[0] == {
        "campaign_id": "C1",
        "campaign_name": "Webinar",
        "person_id": "L1",
        "person_type": "Lead",
        "status": "Responded",
        "responded_at": "2026-01-02",
    }
    with pytest.raises(CsvFileError, match="'campaign_id'"):
        list(iter_records(_write(tmp_path / "m.csv", "person_id\nL1\n"), "campaign_members", []))


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_separated_files_are_read_with_a_warning(
    tmp_path: Path, delimiter: str
) -> None:
    text = "Id;Name;BillingCity\nA1;Acme, Inc.;Köln\nA2;Beta;Paris\n".replace(";", delimiter)
    path = _write(tmp_path / "accounts.csv", text)
    errors: list[RowError] = []
    accounts = read_accounts(path, errors)
    assert [(a.id, a.name, a.city) for a in accounts] == [
        ("A1", "Acme, Inc.", "Köln"),
        ("A2", "Beta", "Paris"),
    ]
    assert [(e.row, repr(delimiter) in e.message) for e in errors] == [(0, True)]


def test_utf16_file_is_read(tmp_path: Path) -> None:
    path = _write(tmp_path / "leads.csv", "id,company\nL1,Müller AG\n", "utf-16")
    errors: list[RowError] = []
    assert [(x.id, x.company) for x in read_leads(path, errors)] == [("L1", "Müller AG")]
    assert errors == []


def test_lead_fields_are_in_the_order_lead_maker_fills_them() -> None:
    assert tuple(f.name for f in dataclasses.fields(Lead)) == (*LEAD_FIELDS, "extra")


_COLUMNS = [*LEAD_FIELDS, "lead_source", "status", "created_at"]


@given(
    names=st.lists(st.sampled_from(_COLUMNS), min_size=1, max_size=12),
    cells=st.lists(st.text(alphabet=" ab\t", max_size=4), min_size=12, max_size=12),
)
def test_lead_maker_gives_what_the_row_dict_gives(names: list[str], cells: list[str]) -> None:
    row = cells[: len(names)]
    if len(set(names)) == len(names):
        expected = to_lead({n: c.strip() for n, c in zip(names, row, strict=True)})
    else:  # repeated columns are merged as iter_records merges them
        expected = to_lead(_merge(names, row))
    assert lead_maker(names)(list(row)) == expected


def test_read_leads_puts_unknown_columns_in_extra(tmp_path: Path) -> None:
    path = tmp_path / "leads.csv"
    path.write_text("status,email,id,company\n new ,a@acme.com, L1 ,Acme\n", encoding="utf-8")
    (lead,) = read_leads(path, [])
    assert lead == Lead(id="L1", email="a@acme.com", company="Acme", extra={"status": "new"})
