"""summarize(): decisions, reviews, duplicates, conversions and top accounts, for the demo."""

from __future__ import annotations

from pathlib import Path

from leadlink.pipeline import summarize
from leadlink.pipeline.convert import convert
from leadlink.store.db import SessionFactory
from tests.pipeline.helpers import load_crm, run_fake

Store = tuple[str, SessionFactory]


def test_summary_counts_the_store(store: Store, tmp_path: Path) -> None:
    _, factory = store
    load_crm(factory, tmp_path)
    first = run_fake(factory)
    convert(factory, by="t")
    s = summarize(factory)
    assert (s.leads, s.accounts, s.matched, s.review, s.unmatched) == (5, 3, 3, 1, 1)
    assert s.linked == 3 and s.open_reviews == 1 and s.conversions == 2  # L1, L5 at customer A1
    assert [(t.account_id, t.leads) for t in s.top_accounts] == [("A1", 2), ("A2", 1)]
    assert summarize(factory, run_id=first.run_id).top_accounts[0].name == "Company 1"
    assert summarize(factory, run_id=first.run_id + 99).top_accounts == []
