"""End-to-end checks of the synthetic CRM generator on small data sets."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from leadlink.synth import leads as leads_module
from leadlink.synth.service import generate_crm

CONTRACT = {
    "accounts.csv": "id,name,website,domains,phone,street,city,state,postal_code,country,"
    "parent_id,owner,sdr_owner,type,industry,employees,annual_revenue,created_date",
    "leads.csv": "id,first_name,last_name,title,email,company,website,phone,street,city,state,"
    "postal_code,country,lead_source,status,created_at",
    "truth.csv": "lead_id,account_id",
    "users.csv": "id,name,email,role,team,territory,active,timezone,manager_id",
    "contacts.csv": "id,account_id,first_name,last_name,email,title,phone,status,created_at",
    "opportunities.csv": "id,account_id,name,stage,amount,is_closed,is_won,primary_contact_id,"
    "close_date,type,owner,created_at",
    "contracts.csv": "id,account_id,start_date,end_date,active",
    "activities.csv": "id,person_id,person_type,type,occurred_at,campaign_id,detail",
    "campaign_members.csv": "campaign_id,campaign_name,person_id,person_type,status,responded_at",
}
REF = date(2026, 11, 20)


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("gen")
    generate_crm(accounts=400, leads=3000, out_dir=d, seed=7, workers=1)
    return d


@pytest.fixture(scope="module")
def data(out: Path) -> dict[str, list[dict[str, str]]]:
    return {name.removesuffix(".csv"): read(out / name) for name in CONTRACT}


def test_every_file_has_the_contract_header(out: Path) -> None:
    for name, header in CONTRACT.items():
        with (out / name).open(encoding="utf-8", newline="") as fh:
            assert next(csv.reader(fh)) == header.split(","), name


def test_counts_and_unique_ids(data: dict[str, list[dict[str, str]]]) -> None:
    assert len(data["accounts"]) == 400
    assert len(data["leads"]) == 3000
    for kind in ("accounts", "leads", "users", "contacts", "opportunities", "contracts"):
        ids = [r["id"] for r in data[kind]]
        assert len(ids) == len(set(ids)), kind
    acts = [r["id"] for r in data["activities"]]
    assert len(acts) == len(set(acts))


def test_truth_covers_every_lead_and_points_to_accounts(data: dict) -> None:
    accounts = {r["id"] for r in data["accounts"]}
    assert [t["lead_id"] for t in data["truth"]] == [r["id"] for r in data["leads"]]
    for t in data["truth"]:
        assert t["account_id"] == "" or t["account_id"] in accounts
    share = sum(1 for t in data["truth"] if not t["account_id"]) / len(data["truth"])
    assert 0.20 <= share <= 0.30


def test_hierarchies_point_to_existing_parents(data: dict) -> None:
    by_id = {r["id"]: r for r in data["accounts"]}
    children = [r for r in data["accounts"] if r["parent_id"]]
    assert len(children) >= 5
    for child in children:
        parent = by_id[child["parent_id"]]
        assert parent["parent_id"] == ""
        assert parent["id"] != child["id"]


def test_named_cases_are_present(data: dict) -> None:
    by_name = {r["name"]: r for r in data["accounts"]}
    jpm = by_name["JPMorgan Chase & Co."]
    assert "jpmchase.com" in jpm["domains"].split(";")
    assert "chase.com" in jpm["domains"].split(";")
    assert by_name["International Business Machines Corporation"]["website"].endswith("ibm.com")
    acme = by_name["Acme Inc."]
    assert by_name["Acme UK Ltd"]["parent_id"] == acme["id"]
    assert by_name["Acme UK Ltd"]["country"] == "GB"
    assert by_name["Acme GmbH"]["parent_id"] == acme["id"]
    assert {"Delta Air Lines", "Delta Dental"} <= set(by_name)
    assert "Acme Family Dental" not in by_name


def test_hierarchy_truth_follows_domain_and_country(data: dict) -> None:
    by_name = {r["name"]: r["id"] for r in data["accounts"]}
    truth = {t["lead_id"]: t["account_id"] for t in data["truth"]}
    for lead in data["leads"]:
        if lead["email"].endswith("@acme.co.uk"):
            assert truth[lead["id"]] == by_name["Acme UK Ltd"]
        if lead["company"] == "Acme Family Dental":
            assert truth[lead["id"]] == ""
    de = [lead for lead in data["leads"] if lead["email"].endswith("@acme.com")]
    assert any(truth[lead["id"]] == by_name["Acme GmbH"] for lead in de)


def _domain(website: str) -> str:
    host = website.split("//")[-1].split("/")[0]
    return host.removeprefix("www.")


def test_duplicates_are_later_prospects_and_never_the_truth(data: dict) -> None:
    seen: dict[str, dict[str, str]] = {}
    dups = []
    for r in data["accounts"]:
        d = _domain(r["website"])
        if not d or r["parent_id"]:
            continue
        if d in seen and not seen[d]["parent_id"]:
            dups.append((seen[d], r))
        seen.setdefault(d, r)
    assert dups, "expected ~1% duplicate accounts"
    truth_ids = {t["account_id"] for t in data["truth"]}
    for orig, dup in dups:
        assert dup["type"] == "Prospect"
        assert dup["created_date"] > orig["created_date"]
        assert dup["id"] not in truth_ids


def test_crm_records_reference_existing_rows(data: dict) -> None:
    accounts = {r["id"]: r for r in data["accounts"]}
    users = {r["id"] for r in data["users"]}
    contacts = {r["id"] for r in data["contacts"]}
    leads = {r["id"] for r in data["leads"]}
    assert all(a["owner"] in users for a in data["accounts"])
    assert all(c["account_id"] in accounts for c in data["contacts"])
    for o in data["opportunities"]:
        assert o["account_id"] in accounts
        assert o["primary_contact_id"] == "" or o["primary_contact_id"] in contacts
        assert o["is_won"] == "false" or o["is_closed"] == "true"
    for a in data["activities"]:
        assert a["person_id"] in (contacts if a["person_type"] == "contact" else leads)
    statuses = {m["status"] for m in data["campaign_members"]}
    assert statuses <= {"Sent", "Responded", "Registered", "Attended"}


def test_customers_have_an_active_contract(data: dict) -> None:
    active = {c["account_id"] for c in data["contracts"] if c["active"] == "true"}
    customers = [
        a["id"] for a in data["accounts"] if a["type"] == "Customer" and not a["parent_id"]
    ]
    assert customers
    assert sum(1 for a in customers if a in active) / len(customers) > 0.9
    for c in data["contracts"]:
        is_active = c["start_date"] <= REF.isoformat() <= c["end_date"]
        assert (c["active"] == "true") == is_active


def test_some_contacts_duplicate_a_lead(data: dict) -> None:
    lead_mails = {r["email"] for r in data["leads"]}
    assert any(c["email"] in lead_mails for c in data["contacts"])


def test_activities_lie_in_the_window_and_are_skewed(data: dict) -> None:
    lo = datetime(2026, 11, 20) - timedelta(days=121)
    kinds: dict[str, int] = {}
    for a in data["activities"]:
        when = datetime.strptime(a["occurred_at"], "%Y-%m-%dT%H:%M:%SZ")
        assert lo <= when <= datetime(2026, 11, 20)
        kinds[a["type"]] = kinds.get(a["type"], 0) + 1
    assert kinds["email_open"] > 5 * kinds.get("demo_request", 0)


def test_same_seed_same_files_any_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(leads_module, "CHUNK", 300)
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate_crm(accounts=120, leads=1000, out_dir=a, seed=3, workers=1)
    generate_crm(accounts=120, leads=1000, out_dir=b, seed=3, workers=2)
    generate_crm(accounts=120, leads=1000, out_dir=c, seed=4, workers=1)
    for name in CONTRACT:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert (a / "leads.csv").read_bytes() != (c / "leads.csv").read_bytes()


def test_no_crm_writes_only_the_matching_files(tmp_path: Path) -> None:
    summary = generate_crm(accounts=50, leads=100, out_dir=tmp_path, seed=1, crm=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "accounts.csv", "leads.csv", "truth.csv",
    ]  # fmt: skip
    assert summary.leads == 100


def test_too_few_accounts_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least"):
        generate_crm(accounts=5, leads=10, out_dir=tmp_path)


def test_reference_date_before_2014_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="reference_date"):
        generate_crm(accounts=30, leads=10, out_dir=tmp_path, reference_date=date(2010, 1, 1))


def test_reference_date_moves_every_date(tmp_path: Path) -> None:
    generate_crm(accounts=60, leads=300, out_dir=tmp_path, seed=2, reference_date=date(2024, 3, 1))
    leads = read(tmp_path / "leads.csv")
    assert max(r["created_at"] for r in leads) < "2024-03-01"
    acts = read(tmp_path / "activities.csv")
    assert acts and min(a["occurred_at"] for a in acts) >= "2023-10-31"
    assert max(a["occurred_at"] for a in acts) <= "2024-03-01"
