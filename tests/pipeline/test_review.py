"""Review: accept links, reject records a never-match, assign keeps a manual match; runs honour."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from leadlink.pipeline.review import ReviewError, accept, assign, list_reviews, reject
from leadlink.store.db import SessionFactory
from leadlink.store.models import LeadEnrichmentRow, ReviewDecisionRow
from tests.pipeline.helpers import current_links, load_crm, run_fake

Store = tuple[str, SessionFactory]


def test_accept_links_and_the_next_run_keeps_and_enriches_it(store: Store, tmp_path: Path) -> None:
    _, factory = store
    load_crm(factory, tmp_path)
    run_fake(factory)
    [item] = list_reviews(factory)
    assert (item.lead_id, item.account_id, item.account_name) == ("L3", "A3", "Company 3")
    result = accept(factory, item.item_id, by="maria")
    assert current_links(factory)["L3"] == ("A3", "confirmed")
    with pytest.raises(ReviewError):
        accept(factory, item.item_id, by="maria")  # already decided
    incremental = run_fake(factory)  # nothing to match: the decision alone is enriched
    assert incremental.considered == 0 and incremental.enriched == 1
    summary = run_fake(factory, full=True)
    assert current_links(factory)["L3"] == ("A3", "confirmed") and summary.pinned == 1
    assert list_reviews(factory) == []
    with factory() as s:
        enriched = s.get(LeadEnrichmentRow, "L3")
        decision = s.get(ReviewDecisionRow, result.decision_id)
    assert enriched is not None and enriched.values["account_id"] == "A3"
    assert decision is not None and (decision.kind, decision.decided_by) == ("confirmed", "maria")


def test_reject_is_a_never_match_the_next_runs_honour(store: Store, tmp_path: Path) -> None:
    _, factory = store
    load_crm(factory, tmp_path)
    run_fake(factory)
    [item] = list_reviews(factory)
    reject(factory, item.item_id, by="sam")
    assert current_links(factory)["L3"] == (None, "unmatched")
    again = run_fake(factory)
    assert again.considered == 1  # the lead is matched again, without the rejected account
    assert current_links(factory)["L3"] == (None, "unmatched")
    run_fake(factory, full=True)
    assert current_links(factory)["L3"] == (None, "unmatched") and list_reviews(factory) == []
    with factory() as s:
        kinds = s.execute(select(ReviewDecisionRow.kind, ReviewDecisionRow.decided_by)).all()
    assert [tuple(k) for k in kinds] == [("never_match", "sam")]


def test_assign_links_to_the_chosen_account_and_keeps_it(store: Store, tmp_path: Path) -> None:
    _, factory = store
    load_crm(factory, tmp_path)
    run_fake(factory)
    assign(factory, "L4", "A2", by="lee")
    assign(factory, "L3", "A1", by="lee")  # closes L3's open review item
    assert list_reviews(factory) == []
    run_fake(factory, full=True)
    links = current_links(factory)
    assert links["L4"] == ("A2", "manual") and links["L3"] == ("A1", "manual")
    with pytest.raises(ReviewError):
        assign(factory, "L4", "A404", by="lee")
    with pytest.raises(ReviewError):
        assign(factory, "nobody", "A1", by="lee")
