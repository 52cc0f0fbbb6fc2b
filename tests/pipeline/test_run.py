"""The pipeline: links with history, review items, enrichment, incremental and idempotent runs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, event, select, update

from leadlink.lifecycle.enrich import load_enrich_config
from leadlink.pipeline import enriching, run
from leadlink.pipeline.lock import RunInProgress, run_lock
from leadlink.records import Account
from leadlink.store.db import SessionFactory
from leadlink.store.importer import import_file
from leadlink.store.models import (
    LeadEnrichmentRow,
    LeadRow,
    LinkRow,
    ReviewDecisionRow,
    ReviewItemRow,
)
from tests.pipeline.fakes import SETTINGS, FakeMatcher
from tests.pipeline.helpers import (
    FIRST_RUN_LINKS,
    LEAD_HEADER,
    LEADS,
    current_links,
    load_crm,
    run_fake,
    snapshot,
    stamps,
)
from tests.store import csvfiles

Store = tuple[str, SessionFactory]


def _values(factory: SessionFactory, lead_id: str) -> dict[str, str]:
    with factory() as s:
        row = s.get(LeadEnrichmentRow, lead_id)
        return dict(row.values) if row else {}


def test_first_run_links_reviews_and_enriches(store: Store, tmp_path: Path) -> None:
    _, factory = store
    load_crm(factory, tmp_path)
    summary = run_fake(factory)
    assert (summary.considered, summary.matched, summary.review, summary.unmatched) == (5, 3, 1, 1)
    assert current_links(factory) == FIRST_RUN_LINKS
    with factory() as s:
        items = s.execute(select(ReviewItemRow.lead_id, ReviewItemRow.account_id)).all()
        item_link = s.scalar(select(ReviewItemRow.link_id))
        link = s.scalar(
            select(LinkRow.id).where(LinkRow.lead_id == "L3", LinkRow.superseded_at.is_(None))
        )
    assert [tuple(i) for i in items] == [("L3", "A3")]
    assert item_link is not None and item_link == link
    with factory() as s:
        seen = s.scalar(select(LinkRow.inputs).where(LinkRow.lead_id == "L1"))
    assert seen is not None and seen["email_domain"] == "company1.com"
    assert seen["company"] == "Company 1" and "ann" not in str(seen)  # no address, no name
    l1, l2 = _values(factory, "L1"), _values(factory, "L2")
    assert l1["account_name"] == "Company 1" and l1["account_owner"] == "U1"
    assert l1["sdr_owner"] == "U2" and l1["is_customer"] == "true"
    assert l1["has_open_opportunity"] == "false" and l1["industry"] == "Industry1"
    assert l1["city"] == "City1"  # the lead left it empty: filled from the account
    assert (l2["city"], l2["country"]) == ("Paris", "FR")  # the lead's own values are kept
    assert _values(factory, "L3") == {} and _values(factory, "L4") == {}  # not linked


def test_a_second_run_writes_nothing(store: Store, tmp_path: Path) -> None:
    _, factory = store
    load_crm(factory, tmp_path)
    run_fake(factory)
    before, times = snapshot(factory), stamps(factory)
    again = run_fake(factory)
    assert again.considered == 0 and again.links_written == 0 and again.enriched == 0
    full = run_fake(factory, full=True)
    assert full.considered == 5 and full.links_written == 0 and full.enriched == 0
    assert snapshot(factory) == before and stamps(factory) == times


def test_a_full_run_rewrites_only_the_stamps_that_differ(store: Store, tmp_path: Path) -> None:
    _, factory = store
    load_crm(factory, tmp_path)
    run_fake(factory)
    with factory() as s, s.begin():
        s.execute(update(LeadRow).where(LeadRow.id == "L2").values(matched_context="before"))
    stamped: list[int] = []

    def count(_c: object, _cur: object, sql: str, params: Any, _ctx: object, many: bool) -> None:
        if sql.startswith("UPDATE leads SET matched_key"):  # PostgreSQL: one row per array item
            if isinstance(params, dict):
                stamped.append(len(params["ids"]))
            else:  # SQLite runs a single row without executemany
                stamped.append(len(params) if many else 1)

    engine = factory.kw["bind"]
    event.listen(engine, "before_cursor_execute", count)
    try:
        summary = run_fake(factory, full=True, chunk_size=10)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert summary.considered == 5 and stamped == [1]  # L2 only: the others are up to date
    with factory() as s:
        contexts = set(s.scalars(select(LeadRow.matched_context)))
    assert len(contexts) == 1 and "before" not in contexts
    assert run_fake(factory).considered == 0


def test_only_changed_leads_are_matched_again_and_history_is_kept(
    store: Store, tmp_path: Path
) -> None:
    _, factory = store
    load_crm(factory, tmp_path)
    run_fake(factory)
    changed = [row[:] for row in LEADS]
    changed[3][3] = "di@company3.com"  # L4 now has a company e-mail
    import_file(factory, "leads", csvfiles.write(tmp_path / "l2.csv", LEAD_HEADER, changed))
    summary = run_fake(factory)
    assert summary.considered == 1 and summary.links_written == 1
    assert current_links(factory)["L4"] == ("A3", "matched")
    with factory() as s:
        history = s.execute(
            select(LinkRow.decision, LinkRow.superseded_at.is_not(None))
            .where(LinkRow.lead_id == "L4")
            .order_by(LinkRow.id)
        ).all()
    assert [tuple(h) for h in history] == [("unmatched", True), ("matched", False)]
    assert _values(factory, "L4")["account_id"] == "A3"


def test_account_side_changes_re_enrich_linked_leads(store: Store, tmp_path: Path) -> None:
    _, factory = store
    load_crm(factory, tmp_path)
    run_fake(factory)
    opps = csvfiles.write(
        tmp_path / "o.csv",
        ["id", "account_id", "stage", "is_closed", "owner", "close_date"],
        [["O1", "A2", "Negotiation", "false", "U7", "2030-01-01"]],
    )
    import_file(factory, "opportunities", opps)
    summary = run_fake(factory)
    assert summary.considered == 0 and summary.enriched == 1
    l2 = _values(factory, "L2")
    assert l2["has_open_opportunity"] == "true" and l2["open_opportunity_stage"] == "Negotiation"
    assert l2["open_opportunity_owner"] == "U7"


def test_enrichment_is_the_same_when_the_facts_cache_starts_over(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, factory = store
    load_crm(factory, tmp_path)
    run_fake(factory)
    leads = [row[0] for row in LEADS]
    want = {lead: _values(factory, lead) for lead in leads}
    assert sum(1 for v in want.values() if v) == 3
    with factory() as s, s.begin():
        s.execute(delete(LeadEnrichmentRow))
    monkeypatch.setattr(enriching, "FACTS_CACHE_LIMIT", 1)  # one account: start over each lead
    counts, written = enriching.enrich_stage(
        factory, load_enrich_config(), everything=True, chunk_size=1
    )
    assert counts.written == 3 and written == {k for k, v in want.items() if v}
    assert {lead: _values(factory, lead) for lead in leads} == want


def test_never_match_and_manual_match_are_honoured(store: Store, tmp_path: Path) -> None:
    _, factory = store
    load_crm(factory, tmp_path)
    run_fake(factory)
    with factory() as s, s.begin():
        s.add(ReviewDecisionRow(lead_id="L1", account_id="A1", kind="never_match", decided_by="t"))
        s.execute(
            update(LinkRow)
            .where(LinkRow.lead_id == "L5", LinkRow.superseded_at.is_(None))
            .values(superseded_at=LinkRow.created_at)
        )
        s.add(LinkRow(lead_id="L5", account_id="A2", decision="manual", source="manual"))
    summary = run_fake(factory, full=True)
    links = current_links(factory)
    assert links["L1"] == (None, "unmatched")  # A1 was the only candidate: never proposed again
    assert links["L5"] == ("A2", "manual") and summary.pinned == 1
    assert _values(factory, "L5")["account_id"] == "A2"
    assert _values(factory, "L1").get("account_id", "") == ""


def test_a_lead_that_is_a_contact_is_flagged(store: Store, tmp_path: Path) -> None:
    _, factory = store
    load_crm(factory, tmp_path)
    contacts = csvfiles.write(
        tmp_path / "c.csv",
        ["id", "account_id", "first_name", "last_name", "email"],
        [["C1", "A9", "X", "Y", "ANN@company1.com"], ["C2", "A1", "ed", "GIL", "other@x.com"]],
    )
    import_file(factory, "contacts", contacts)
    summary = run_fake(factory)
    assert summary.duplicates_flagged == 2
    snap = snapshot(factory)["dups"]
    assert snap == [("L1", "C1", "same_email"), ("L5", "C2", "same_name_at_account")]


def test_a_changed_lead_is_checked_against_the_contacts(store: Store, tmp_path: Path) -> None:
    _, factory = store
    load_crm(factory, tmp_path)
    contacts = csvfiles.write(
        tmp_path / "c.csv",
        ["id", "account_id", "first_name", "last_name", "email"],
        [["C7", "A3", "Di", "Fox", "di@company3.com"], ["C8", "A2", "Bob", "Ray", ""]],
    )
    import_file(factory, "contacts", contacts)
    first = run_fake(factory)
    assert snapshot(factory)["dups"] == [("L2", "C8", "same_name_at_account")]
    changed = [row[:] for row in LEADS]
    changed[3][3] = "DI@company3.com"  # L4 now has the contact's e-mail
    import_file(factory, "leads", csvfiles.write(tmp_path / "l2.csv", LEAD_HEADER, changed))
    second = run_fake(factory)
    assert first.duplicates_flagged == 1 and second.duplicates_flagged == 1
    assert snapshot(factory)["dups"] == [
        ("L2", "C8", "same_name_at_account"),
        ("L4", "C7", "same_email"),
    ]


def test_the_matcher_is_reused_while_the_accounts_do_not_change(
    store: Store, tmp_path: Path
) -> None:
    _, factory = store
    load_crm(factory, tmp_path)
    built: list[int] = []

    def counting(accounts: Sequence[Account]) -> FakeMatcher:
        built.append(len(accounts))
        return FakeMatcher(accounts)

    run(factory, settings=SETTINGS, matcher_factory=counting)
    run(factory, settings=SETTINGS, matcher_factory=counting, full=True)
    assert built == [3]
    import_file(factory, "accounts", csvfiles.accounts(tmp_path / "more.csv", n=4))
    run(factory, settings=SETTINGS, matcher_factory=counting)
    assert built == [3, 4]


def test_one_run_at_a_time(store: Store, tmp_path: Path) -> None:
    _, factory = store
    load_crm(factory, tmp_path)
    with run_lock(factory), pytest.raises(RunInProgress):
        run_fake(factory)
    assert run_fake(factory).considered == 5  # the lock is released


def test_a_new_email_with_the_same_link_is_checked_again(store: Store, tmp_path: Path) -> None:
    _, factory = store
    load_crm(factory, tmp_path)
    contacts = csvfiles.write(
        tmp_path / "c.csv",
        ["id", "account_id", "first_name", "last_name", "email"],
        [["C9", "A2", "Z", "Z", "bob.ray@company2.com"]],
    )
    import_file(factory, "contacts", contacts)
    run_fake(factory)
    changed = [row[:] for row in LEADS]
    changed[1][3] = "bob.ray@company2.com"  # L2: same domain, so the same link, new e-mail
    import_file(factory, "leads", csvfiles.write(tmp_path / "l2.csv", LEAD_HEADER, changed))
    summary = run_fake(factory)
    assert summary.links_written == 0 and summary.duplicates_flagged == 1
    assert snapshot(factory)["dups"] == [("L2", "C9", "same_email")]


def test_an_incremental_run_after_a_full_run_has_nothing_to_redo(
    store: Store, tmp_path: Path
) -> None:
    _, factory = store
    load_crm(factory, tmp_path)
    run_fake(factory)
    assert run_fake(factory, full=True).considered == 5
    assert run_fake(factory).considered == 0  # the full run's stamps hold for the next run


def test_accounts_reach_the_matcher_in_id_order_whatever_the_import_order(
    store: Store, tmp_path: Path
) -> None:
    from leadlink.pipeline.records import iter_accounts

    _, factory = store
    header = ["id", "name", "website"]
    rows = [["A3", "Gamma", "gamma.com"], ["A1", "Alpha", "alpha.com"], ["A2", "Beta", "b.com"]]
    import_file(factory, "accounts", csvfiles.write(tmp_path / "a.csv", header, rows))
    with factory() as s:
        assert [a.id for a in iter_accounts(s.connection())] == ["A1", "A2", "A3"]
