"""The inputs' fingerprints: one statement, the same count and last change as asked one by one."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from leadlink.lifecycle.enrich import load_enrich_config
from leadlink.pipeline.run import _FINGERPRINTED, fingerprints
from leadlink.store.db import SessionFactory
from tests.pipeline.helpers import load_crm

Store = tuple[str, SessionFactory]


def test_fingerprints_are_each_tables_count_and_last_change(store: Store, tmp_path: Path) -> None:
    _, factory = store
    load_crm(factory, tmp_path)
    config = load_enrich_config()
    expected = {"enrich": config.version}
    with factory() as s:
        for name, model in _FINGERPRINTED.items():
            count, last = s.execute(
                select(func.count(), func.max(model.updated_at)).select_from(model)
            ).one()
            expected[name] = f"{count}:{last}"
    got = fingerprints(factory, config)
    assert got == expected
    assert got["accounts"].startswith("3:") and got["users"] == "0:None"
