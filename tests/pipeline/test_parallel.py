"""Matching ahead in forked workers writes exactly what the serial stage writes."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from leadlink.pipeline.parallel import Prefetched
from leadlink.store.db import SessionFactory
from tests.pipeline.helpers import FIRST_RUN_LINKS, current_links, load_crm, run_fake, snapshot

Store = tuple[str, SessionFactory]
run_module = importlib.import_module("leadlink.pipeline.run")


def test_workers_write_what_one_process_writes(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, factory = store
    load_crm(factory, tmp_path)
    monkeypatch.setattr(run_module, "PARALLEL_MIN", 0)
    first = run_fake(factory, workers=2)
    assert (first.considered, first.matched, first.review, first.unmatched) == (5, 3, 1, 1)
    assert current_links(factory) == FIRST_RUN_LINKS
    before = snapshot(factory)
    serial = run_fake(factory, full=True, workers=1)
    assert serial.considered == 5 and serial.links_written == 0
    assert snapshot(factory) == before


def test_prefetched_answers_by_lead_id_and_fails_loudly_on_an_unknown_lead() -> None:
    from leadlink.records import Lead

    fields = ("A1", "matched", 0.97, "Same e-mail domain acme.com", None, 0.0, "threshold_match")
    prefetched = Prefetched({"L1": fields})
    result = prefetched.match(Lead(id="L1"))
    assert (result.account_id, result.decision, result.confidence) == ("A1", "matched", 0.97)
    assert (result.reason, result.runner_up_id, result.rule) == (fields[3], None, fields[6])
    with pytest.raises(KeyError):
        prefetched.match(Lead(id="L2"))
