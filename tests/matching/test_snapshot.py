"""A saved index matches exactly like the index it was saved from, loading accounts lazily."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from leadlink.io.csvio import read_accounts, read_leads
from leadlink.matching import Matcher, load_settings
from leadlink.matching.snapshot import (
    FrozenPostings,
    LazyAccounts,
    load_matcher,
    save_matcher,
)
from leadlink.records import Account
from leadlink.synth.service import generate_crm


@pytest.fixture(scope="module")
def crm(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Account], list]:  # type: ignore[type-arg]
    out = tmp_path_factory.mktemp("crm")
    generate_crm(accounts=600, leads=800, out_dir=out, seed=3, crm=False, workers=1)
    accounts = read_accounts(out / "accounts.csv", [])
    leads = list(read_leads(out / "leads.csv", []))
    return accounts, leads


def test_frozen_postings_answer_like_the_dict() -> None:
    postings = {"acme": [3, 1], "beta": [2], "zeta": []}
    frozen = FrozenPostings.freeze(postings)
    for key, ids in postings.items():
        assert frozen.get(key) == ids and frozen[key] == ids and key in frozen
    assert frozen.get("nope") is None and "nope" not in frozen and "" not in frozen
    assert sorted(frozen) == sorted(postings) and len(frozen) == 3
    with pytest.raises(KeyError):
        frozen["nope"]


def test_saved_index_gives_the_same_decisions(crm, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    accounts, leads = crm
    settings = load_settings()
    built = Matcher.build(accounts, settings)
    path = tmp_path / "index.bin"
    assert save_matcher(built, path)
    by_id = {a.id: a for a in accounts}
    asked: list[int] = []

    def loader(ids: Sequence[str]) -> list[Account]:
        asked.append(len(ids))
        return [by_id[i] for i in ids]

    saved = load_matcher(path, loader, settings=settings)
    saved.prefetch(leads[:400])  # half in one batch, the rest one by one as they come up
    for lead in leads:
        assert saved.match(lead) == built.match(lead), lead.id
    assert asked[0] > 1 and sum(asked) < len(accounts)  # never the whole account table


def test_a_vanished_account_is_an_error_not_a_silent_miss(crm, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    accounts, _ = crm
    settings = load_settings()
    path = tmp_path / "index.bin"
    save_matcher(Matcher.build(accounts, settings), path)
    saved = load_matcher(path, lambda ids: [], settings=settings)
    lazy = saved.index.accounts
    assert isinstance(lazy, LazyAccounts) and len(lazy) == len(accounts)
    with pytest.raises(LookupError):
        lazy[0]


def test_an_index_the_flat_form_cannot_hold_is_not_saved(tmp_path: Path) -> None:
    accounts = [Account(id="A\x001", name="Acme"), Account(id="A2", name="Beta")]
    path = tmp_path / "index.bin"
    assert not save_matcher(Matcher.build(accounts), path)
    assert not path.exists() and not list(tmp_path.iterdir())
    assert save_matcher(Matcher.build([Account(id="A1", name="Acme")]), path) and path.exists()
