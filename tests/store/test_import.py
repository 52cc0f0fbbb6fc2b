"""Import: upsert by id, idempotent, chunked, bad rows to the rejects file, CRM headers."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select

from leadlink.io.csvio import CsvFileError
from leadlink.store.db import SessionFactory
from leadlink.store.importer import import_directory, import_file, normalize_kind
from leadlink.store.models import (
    AccountRow,
    ActivityRow,
    CampaignMemberRow,
    CampaignRow,
    ContactRow,
    LeadRow,
    OpportunityRow,
    UserRow,
)
from tests.store import csvfiles

Store = tuple[str, SessionFactory]


def _snapshot(factory: SessionFactory, model: type) -> dict[str, tuple[str, object]]:
    with factory() as s:
        rows = s.execute(select(model.id, model.content_hash, model.updated_at)).all()
    return {r[0]: (r[1], r[2]) for r in rows}


def test_importing_twice_changes_nothing(store: Store, tmp_path: Path) -> None:
    _, factory = store
    path = csvfiles.leads(tmp_path / "leads.csv", n=12)
    first = import_file(factory, "leads", path, chunk_size=5)
    before = _snapshot(factory, LeadRow)
    second = import_file(factory, "leads", path, chunk_size=5)
    assert (first.read, first.inserted, first.updated) == (12, 12, 0)
    assert (second.inserted, second.updated, second.unchanged) == (0, 0, 12)
    assert _snapshot(factory, LeadRow) == before


def test_a_changed_row_is_updated_and_only_it(store: Store, tmp_path: Path) -> None:
    _, factory = store
    path = csvfiles.accounts(tmp_path / "a.csv", n=4)
    import_file(factory, "accounts", path)
    before = _snapshot(factory, AccountRow)
    text = path.read_text().replace("Company 3,", "Company Three,")
    path.write_text(text)
    summary = import_file(factory, "accounts", path)
    after = _snapshot(factory, AccountRow)
    assert (summary.updated, summary.unchanged) == (1, 3)
    assert [k for k in after if after[k] != before[k]] == ["A3"]
    with factory() as s:
        acc = s.get(AccountRow, "A3")
        assert acc is not None and acc.name == "Company Three"
        assert acc.extra["industry"] == "Industry3" and acc.status is None


def test_bad_rows_go_to_the_rejects_file_and_the_rest_go_in(store: Store, tmp_path: Path) -> None:
    _, factory = store
    path = csvfiles.write(
        tmp_path / "opps.csv",
        ["id", "account_id", "name", "stage", "amount", "is_closed", "is_won", "close_date"],
        [
            ["O1", "A1", "Deal", "Prospecting", "1,000", "false", "false", "2025-01-31"],
            ["O2", "A1", "Deal", "Prospecting", "lots", "false", "false", "2025-01-31"],
            ["O3", "A1", "Deal", "Closed Won", "10", "true", "true", "someday"],
            ["", "A1", "Deal", "Prospecting", "10", "", "", ""],
            ["O4", "A2", "Deal", "Closed Won", "", "", "", "01/15/2025"],
        ],
    )
    rejects = tmp_path / "rejects.csv"
    summary = import_file(factory, "opportunities", path, rejects_path=rejects)
    assert summary.inserted == 2 and summary.rejected == 3
    with rejects.open() as handle:
        got = [(r["row"], r["column"]) for r in csv.DictReader(handle)]
    assert got == [("3", "amount"), ("4", "close_date"), ("5", "id")]
    with factory() as s:
        o1, o4 = s.get(OpportunityRow, "O1"), s.get(OpportunityRow, "O4")
        assert o1 is not None and o1.amount == 1000.0 and not o1.is_closed
        assert o4 is not None and o4.is_closed and o4.is_won and str(o4.close_date) == "2025-01-15"


def test_salesforce_headers_are_read_as_the_contract(store: Store, tmp_path: Path) -> None:
    _, factory = store
    path = csvfiles.write(
        tmp_path / "sf.csv",
        ["Id", "FirstName", "LastName", "Email", "Company", "Country", "LeadSource", "Status"],
        [["00Q1", "Ann", "Lee", "ann@acme.com", "Acme", "DE", "Web", "Working"]],
    )
    import_file(factory, "leads", path)
    with factory() as s:
        lead = s.get(LeadRow, "00Q1")
        assert lead is not None
        assert (lead.company, lead.country, lead.crm_status) == ("Acme", "DE", "Working")
        assert lead.lead_source == "Web" and lead.matched_key is None


def test_contacts_members_activities_and_users(store: Store, tmp_path: Path) -> None:
    _, factory = store
    contacts = csvfiles.write(
        tmp_path / "c.csv",
        ["id", "account_id", "first_name", "last_name", "email", "status"],
        [["C1", "A1", "Ann", "Lee", "Ann@Acme.com", "Customer"]],
    )
    members = csvfiles.write(
        tmp_path / "m.csv",
        ["id", "campaign_id", "campaign_name", "person_id", "person_type", "status"],
        [["M1", "K1", "Webinar", "L1", "lead", "Responded"], ["M2", "K1", "", "C1", "contact", ""]],
    )
    acts = csvfiles.write(
        tmp_path / "act.csv",
        ["id", "person_id", "person_type", "type", "occurred_at", "detail"],
        [["X1", "L1", "lead", "email_open", "2024-05-02 08:00:00", "opened"]],
    )
    users = csvfiles.write(
        tmp_path / "u.csv",
        ["id", "name", "email", "role", "team", "territory", "active", "timezone", "manager_id"],
        [["U1", "Ann Rep", "ann@x.com", "AE", "East", "US-East", "false", "UTC", "U9"]],
    )
    for kind, path in [("contacts", contacts), ("campaign-members", members),
                       ("activities", acts), ("users", users)]:  # fmt: skip
        assert import_file(factory, kind, path).rejected == 0
    assert import_file(factory, "campaign-members", members).unchanged == 2
    with factory() as s:
        contact = s.get(ContactRow, "C1")
        assert contact is not None and contact.email_key == "ann@acme.com"
        assert contact.crm_status == "Customer" and contact.status == "1 Pre-Qualified"
        assert s.scalar(select(func.count()).select_from(CampaignMemberRow)) == 2
        campaign = s.get(CampaignRow, "K1")
        assert campaign is not None and campaign.name == "Webinar"
        act = s.get(ActivityRow, "X1")
        assert act is not None and act.occurred_at is not None and act.person_type == "lead"
        user = s.get(UserRow, "U1")
        assert user is not None and user.active is False and user.territory == "US-East"


def test_unknown_kind_and_unusable_file(store: Store, tmp_path: Path) -> None:
    _, factory = store
    assert normalize_kind("Campaign-Members") == "campaign_members"
    with pytest.raises(ValueError):
        normalize_kind("widgets")
    with pytest.raises(CsvFileError):
        import_file(factory, "leads", tmp_path / "missing.csv")


def test_a_crm_directory_is_imported_in_order(store: Store, tmp_path: Path) -> None:
    _, factory = store
    csvfiles.accounts(tmp_path / "accounts.csv", n=2)
    csvfiles.leads(tmp_path / "leads.csv", n=3)
    csvfiles.write(tmp_path / "users.csv", ["id", "name"], [["U1", "Ann"], ["", "no id"]])
    seen: list[str] = []
    summaries = import_directory(factory, tmp_path, progress=lambda kind, _n: seen.append(kind))
    assert [s.kind for s in summaries] == ["users", "accounts", "leads"]
    assert [s.inserted for s in summaries] == [1, 2, 3]
    assert seen and seen[0] == "users"
    assert (tmp_path / "users.rejects.csv").is_file()
    assert not (tmp_path / "leads.rejects.csv").exists()
