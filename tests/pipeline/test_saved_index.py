"""A small run in a fresh process uses the saved index and links exactly as a full build does."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from leadlink.pipeline import matchers, run
from leadlink.store.db import SessionFactory
from leadlink.store.importer import import_file
from leadlink.synth.service import generate_crm
from tests.pipeline.helpers import current_links

Store = tuple[str, SessionFactory]


def _split_leads(src: Path, first: Path, rest: Path, keep: int) -> None:
    with src.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    for path, part in ((first, rows[1 : keep + 1]), (rest, rows[keep + 1 :])):
        with path.open("w", newline="", encoding="utf-8") as out:
            csv.writer(out).writerows([rows[0], *part])


def _run_then_add_leads(
    factory: SessionFactory, tmp_path: Path, *, seed: int, leads: int, keep: int
) -> None:
    """A generated CRM with its first `keep` leads run (the index built and saved); the other
    leads imported after, and the matcher forgotten, as a fresh process would start."""
    generate_crm(accounts=300, leads=leads, out_dir=tmp_path, seed=seed, crm=False, workers=1)
    import_file(factory, "accounts", tmp_path / "accounts.csv")
    first, rest = tmp_path / "first.csv", tmp_path / "rest.csv"
    _split_leads(tmp_path / "leads.csv", first, rest, keep)
    import_file(factory, "leads", first)
    run(factory)
    assert list(matchers.cache_dir().glob("index-*.bin"))  # type: ignore[union-attr]
    import_file(factory, "leads", rest)
    matchers.forget_matchers()


def test_saved_index_links_new_leads_like_a_full_build(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, factory = store
    _run_then_add_leads(factory, tmp_path, seed=5, leads=300, keep=200)
    loaded: list[bool] = []
    real = matchers._load_saved

    def spy(*args: object) -> object:
        found = real(*args)  # type: ignore[arg-type]
        loaded.append(found is not None)
        return found

    monkeypatch.setattr(matchers, "_load_saved", spy)
    second = run(factory)
    assert loaded == [True] and second.considered == 100
    with_saved = current_links(factory)
    matchers.forget_matchers()
    monkeypatch.setenv(matchers.CACHE_ENV, "")  # no saved index: a full build
    again = run(factory, full=True)
    assert again.links_written == 0  # the full build says exactly what the saved index said
    assert current_links(factory) == with_saved


def test_a_damaged_saved_index_falls_back_to_a_full_build(store: Store, tmp_path: Path) -> None:
    _, factory = store
    _run_then_add_leads(factory, tmp_path, seed=6, leads=120, keep=100)
    saved = sorted(matchers.cache_dir().glob("index-*.bin"), key=lambda p: p.stat().st_mtime)  # type: ignore[union-attr]
    saved[-1].write_bytes(b"\x80\x05not a pickle at all")  # the one this test just saved
    second = run(factory)  # must neither fail nor trust the damaged file
    assert second.considered == 20
    assert len(current_links(factory)) == 120


def test_vanished_accounts_of_a_saved_index_mean_a_full_build(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, factory = store
    _run_then_add_leads(factory, tmp_path, seed=8, leads=150, keep=100)
    monkeypatch.setattr(matchers, "load_accounts", lambda factory, ids: [])  # all gone
    second = run(factory, chunk_size=20)  # several chunks: the fallback must hold for all
    assert second.considered == 50
    with_fallback = current_links(factory)
    monkeypatch.undo()
    matchers.forget_matchers()
    monkeypatch.setenv(matchers.CACHE_ENV, "")
    assert run(factory, full=True).links_written == 0
    assert current_links(factory) == with_fallback


def test_a_loaded_index_is_frozen_out_of_the_collectors_sight(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, factory = store
    _run_then_add_leads(factory, tmp_path, seed=6, leads=120, keep=100)
    frozen: list[int] = []
    monkeypatch.setattr(matchers, "freeze_heap", lambda: frozen.append(len(matchers._MATCHERS)))
    assert run(factory).considered == 20
    assert frozen == [0]  # once, right after loading (before the matcher is kept)
