"""A saved account index that loads in about a second: for small runs in a fresh process.

Building the index normalizes every account (about 8 s for 200k). A run that matches a few
thousand new leads needs only the blocking keys and the few accounts that come up as
candidates, so the saved form keeps the keys in flat arrays (sorted keys, offsets, account
numbers) and no prepared account at all: each candidate is loaded and normalized when it is
first needed, through a loader the caller gives (the store reads the rows by id).
"""

from __future__ import annotations

import math
import os
import pickle
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

from leadlink.matching.engine import Matcher
from leadlink.matching.index import AccountIndex
from leadlink.matching.prepare import PreparedAccount, prepare_account
from leadlink.matching.settings import BlockingSettings, MatchSettings
from leadlink.perf import paused_gc
from leadlink.records import Account

FORMAT = 1
_SEP = "\x00"
_POSTINGS = ("by_domain", "by_label", "by_name", "by_acronym", "by_token", "by_phone")
AccountLoader = Callable[[Sequence[str]], Sequence[Account]]


class FrozenPostings(Mapping[str, list[int]]):
    """Key -> account numbers, held as a sorted key list and two integer arrays."""

    def __init__(self, keys: list[str], offsets: np.ndarray, values: np.ndarray) -> None:
        """Wrap arrays made by `freeze`."""
        self.sorted_keys, self.offsets, self.numbers = keys, offsets, values

    @classmethod
    def freeze(cls, postings: Mapping[str, Sequence[int]]) -> FrozenPostings:
        """The flat form of a dict of postings."""
        keys = sorted(postings)
        lists = [postings[k] for k in keys]
        offsets = np.zeros(len(keys) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, lists), dtype=np.int64, count=len(keys)), out=offsets[1:])
        values = np.fromiter(chain.from_iterable(lists), dtype=np.int32, count=int(offsets[-1]))
        return cls(keys, offsets, values)

    def _find(self, key: str) -> int:
        i = bisect_left(self.sorted_keys, key)
        return i if i < len(self.sorted_keys) and self.sorted_keys[i] == key else -1

    def get(self, key: str, default: Any = None) -> Any:
        """The account numbers under `key`, or `default`."""
        i = self._find(key)
        if i < 0:
            return default
        return self.numbers[self.offsets[i] : self.offsets[i + 1]].tolist()

    def __getitem__(self, key: str) -> list[int]:
        """The account numbers under `key`; KeyError when absent."""
        found: list[int] | None = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        """True when `key` has postings."""
        return isinstance(key, str) and self._find(key) >= 0

    def __iter__(self) -> Iterator[str]:
        """The keys, sorted."""
        return iter(self.sorted_keys)

    def __len__(self) -> int:
        """How many keys."""
        return len(self.sorted_keys)


class FrozenWords(Mapping[str, list[str]]):
    """A typo variant -> the account words it comes from, held as numbers into a word list."""

    def __init__(self, postings: FrozenPostings, words: list[str]) -> None:
        """Wrap postings whose numbers index `words`."""
        self.postings, self.words = postings, words

    def get(self, key: str, default: Any = None) -> Any:
        """The words behind `key`, or `default`."""
        found = self.postings.get(key)
        return default if found is None else [self.words[i] for i in found]

    def __getitem__(self, key: str) -> list[str]:
        """The words behind `key`; KeyError when absent."""
        return [self.words[i] for i in self.postings[key]]

    def __iter__(self) -> Iterator[str]:
        """The variants, sorted."""
        return iter(self.postings)

    def __len__(self) -> int:
        """How many variants."""
        return len(self.postings)


class LazyAccounts(Sequence[PreparedAccount]):
    """Accounts by number, loaded and normalized on first use (prefetch a batch to save trips)."""

    def __init__(self, ids: list[str], hierarchy: dict[str, list[int]], loader: AccountLoader):
        """`ids` by account number; `hierarchy` holds parent, root and depth lists."""
        self.ids, self.loader = ids, loader
        self.parent, self.root, self.depth = (
            hierarchy["parent"],
            hierarchy["root"],
            hierarchy["depth"],
        )
        self.cache: dict[int, PreparedAccount] = {}
        self.number = {account_id: i for i, account_id in enumerate(ids)}

    def prefetch(self, numbers: Sequence[int]) -> None:
        """Load every account among `numbers` not loaded yet, in one call of the loader."""
        missing = sorted({i for i in numbers if i not in self.cache})
        if not missing:
            return
        for account in self.loader([self.ids[i] for i in missing]):
            i = self.number.get(account.id)
            if i is not None:
                prepared = prepare_account(account, i)
                prepared.parent_idx, prepared.root_idx = self.parent[i], self.root[i]
                prepared.depth = self.depth[i]
                self.cache[i] = prepared
        gone = [self.ids[i] for i in missing if i not in self.cache]
        if gone:
            raise LookupError(f"{len(gone)} accounts of the saved index are gone, e.g. {gone[0]}")

    def __getitem__(self, i: int) -> PreparedAccount:  # type: ignore[override]
        """Account number `i`, loaded now if it was not prefetched."""
        found = self.cache.get(i)
        if found is None:
            self.prefetch([i])
            found = self.cache[i]
        return found

    def __len__(self) -> int:
        """How many accounts the index holds."""
        return len(self.ids)


def save_index(index: AccountIndex, path: Path) -> None:
    """Write the index's keys and statistics (not the prepared accounts) to `path` atomically.

    Raises ValueError, before writing anything, when an id or key is empty or holds NUL.
    """
    accounts = index.accounts
    words = sorted(index.by_token)
    number = {w: i for i, w in enumerate(words)}
    deletes = {v: [number[w] for w in ws] for v, ws in index.deletes.items()}
    data: dict[str, Any] = {
        "format": FORMAT,
        "ids": _joined([acc.id for acc in accounts]),
        "parent": np.array([a.parent_idx for a in accounts], dtype=np.int32),
        "root": np.array([a.root_idx for a in accounts], dtype=np.int32),
        "depth": np.array([a.depth for a in accounts], dtype=np.int32),
        "cluster_of": np.array(index.cluster_of, dtype=np.int32),
        "account_weight": np.array(index.account_weight, dtype=np.float64),
        "clusters": index.clusters,
        "name_clusters": index.name_clusters,
        "default_idf": index.default_idf,
        "deletes": _flat(FrozenPostings.freeze(deletes)),
    }
    for name in _POSTINGS:
        data[name] = _flat(FrozenPostings.freeze(getattr(index, name)))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # two writers never share one
    with tmp.open("wb") as handle:
        pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)


def load_index(path: Path, blocking: BlockingSettings, loader: AccountLoader) -> AccountIndex:
    """An index over lazily loaded accounts from a file written by `save_index`.

    Raises ValueError when the file is of another format.
    """
    with paused_gc():
        with path.open("rb") as handle:
            data = pickle.load(handle)
        if data.get("format") != FORMAT:
            raise ValueError(f"{path}: saved index format {data.get('format')}, not {FORMAT}")
        ids = data["ids"].split(_SEP) if data["ids"] else []
        hierarchy = {k: data[k].tolist() for k in ("parent", "root", "depth")}
        index = AccountIndex(accounts=LazyAccounts(ids, hierarchy, loader), blocking=blocking)
        for name in _POSTINGS:
            setattr(index, name, _unflat(data[name]))
        tokens = index.by_token
        assert isinstance(tokens, FrozenPostings)
        index.deletes = FrozenWords(_unflat(data["deletes"]), tokens.sorted_keys)
        n = max(len(ids), 1)
        sizes = np.diff(tokens.offsets).tolist()
        # the very formula of AccountIndex._fill, so both give the same floats
        index.idf = {t: math.log(1 + n / s) for t, s in zip(tokens.sorted_keys, sizes, strict=True)}
        index.default_idf = data["default_idf"]
        index.cluster_of = data["cluster_of"].tolist()
        index.account_weight = data["account_weight"].tolist()
        index.clusters, index.name_clusters = data["clusters"], data["name_clusters"]
    return index


def _joined(texts: list[str]) -> str:
    """The texts joined by the separator; ValueError if one is empty or holds it (unsplittable)."""
    joined = _SEP.join(texts)
    if joined.count(_SEP) != max(len(texts) - 1, 0) or "" in texts:
        raise ValueError("an id or key is empty or holds the separator")
    return joined


def _flat(postings: FrozenPostings) -> tuple[str, np.ndarray, np.ndarray]:
    return _joined(postings.sorted_keys), postings.offsets, postings.numbers


def _unflat(flat: tuple[str, np.ndarray, np.ndarray]) -> FrozenPostings:
    joined, offsets, values = flat
    return FrozenPostings(joined.split(_SEP) if joined else [], offsets, values)


def save_matcher(matcher: Matcher, path: Path) -> bool:
    """Save the matcher's index to `path`; False (nothing written) when it cannot be saved."""
    try:
        with paused_gc():  # a million small lists over a big heap: collections would only cost
            save_index(matcher.index, path)
    except ValueError:  # an id or key the flat form cannot hold: this index is not saved
        return False
    return True


def load_matcher(path: Path, loader: AccountLoader, *, settings: MatchSettings) -> Matcher:
    """A matcher over a saved index; the settings must be those it was saved with."""
    return Matcher(load_index(path, settings.blocking, loader), settings)
