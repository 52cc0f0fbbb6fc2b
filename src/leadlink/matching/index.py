"""The account index: built once, it turns a lead into a short list of candidates (never all pairs).

Blocking keys: registered domains (website and listed), the domain's name without its suffix, the
exact and compact normal name, acronyms, name tokens weighted by rarity (IDF) with a one-edit
deletion neighbourhood for typos, and the phone number.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np

from leadlink.matching.prepare import PreparedAccount, PreparedLead, link_hierarchy, prepare_account
from leadlink.matching.settings import BlockingSettings
from leadlink.perf import paused_gc
from leadlink.records import Account

Postings = Mapping[str, list[int]]
MAX_CLUSTER_EXPANSION = 25
SMALL_POSTINGS = 64


def _deletes(token: str) -> list[str]:
    return [token[:i] + token[i + 1 :] for i in range(len(token))]


_DOMAIN_SUFFIXES = ("hq", "inc", "corp", "group", "global", "online", "usa", "co", "llc", "ltd")


def _name_keys(label: str) -> list[str]:
    """Names a domain label may spell: 'generalfarmssystemshq' -> 'generalfarmssystems'."""
    bare = label.replace("-", "")
    if not bare.endswith(_DOMAIN_SUFFIXES):  # the usual case, in one C call
        return [bare]
    keys = [bare]
    keys.extend(
        bare[: -len(s)] for s in _DOMAIN_SUFFIXES if bare.endswith(s) and len(bare) > len(s) + 3
    )
    return keys


def domain_label(domain: str) -> str:
    """The registrable name without its suffix: acme.co.uk -> acme."""
    return domain.partition(".")[0]


def _add(found: dict[int, float], ids: list[int], score: float) -> None:
    """Give each of `ids` the key's pre-rank `score` unless it already has a higher one."""
    for i in ids:
        if found.get(i, 0.0) < score:
            found[i] = score


def prepare_accounts(accounts: Sequence[Account]) -> list[PreparedAccount]:
    """Normalize every account, in one process.

    Forked workers were tried: sending the prepared accounts back costs more than preparing them
    (100k accounts: 8 s in one process, 17 s over two), so this stays serial.
    """
    return [prepare_account(acc, i) for i, acc in enumerate(accounts)]


@dataclass(slots=True)
class AccountIndex:
    """Every blocking key of the accounts, plus clusters (hierarchies and duplicate entries)."""

    accounts: Sequence[PreparedAccount]  # a list, or accounts loaded lazily (snapshot)
    blocking: BlockingSettings
    by_domain: Postings = field(default_factory=dict)
    by_label: Postings = field(default_factory=dict)
    by_name: Postings = field(default_factory=dict)
    by_acronym: Postings = field(default_factory=dict)
    by_token: Postings = field(default_factory=dict)
    by_phone: Postings = field(default_factory=dict)
    deletes: Mapping[str, list[str]] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    default_idf: float = 1.0
    name_clusters: dict[str, int] = field(default_factory=dict)
    account_weight: list[float] = field(default_factory=list)
    cluster_of: list[int] = field(default_factory=list)
    _arrays: dict[str, np.ndarray] = field(default_factory=dict)
    clusters: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, accounts: Sequence[Account], blocking: BlockingSettings) -> AccountIndex:
        """Normalize the accounts and build every blocking key in one pass."""
        with paused_gc():
            prepared = prepare_accounts(accounts)
            link_hierarchy(prepared, [acc.parent_id for acc in accounts])
            index = cls(accounts=prepared, blocking=blocking)
            index._fill()
            index._cluster()
        return index

    def _fill(self) -> None:
        by_domain: dict[str, list[int]] = defaultdict(list)
        by_label: dict[str, list[int]] = defaultdict(list)
        by_name: dict[str, list[int]] = defaultdict(list)
        by_acronym: dict[str, list[int]] = defaultdict(list)
        by_token: dict[str, list[int]] = defaultdict(list)
        by_phone: dict[str, list[int]] = defaultdict(list)
        for acc in self.accounts:
            i = acc.idx
            for domain in acc.domains:
                by_domain[domain].append(i)
                label = domain_label(domain)
                if len(label) >= 4:
                    by_label[label].append(i)
            if acc.name.normal:
                by_name[acc.name.normal].append(i)
                if acc.name.compact != acc.name.normal:
                    by_name[acc.name.compact].append(i)
            for acronym in acc.name.acronyms:
                by_acronym[acronym].append(i)
            for token in set(acc.name.tokens):
                by_token[token].append(i)
            if acc.phone:
                by_phone[acc.phone].append(i)
        self.by_domain, self.by_label, self.by_name = dict(by_domain), dict(by_label), dict(by_name)
        self.by_acronym, self.by_token, self.by_phone = (
            dict(by_acronym),
            dict(by_token),
            dict(by_phone),
        )
        n = max(len(self.accounts), 1)
        self.idf = {tok: math.log(1 + n / len(ids)) for tok, ids in self.by_token.items()}
        self.default_idf = math.log(1 + n)
        self.account_weight = [self.name_weight(acc.name.tokens) for acc in self.accounts]
        deletes: dict[str, list[str]] = defaultdict(list)
        min_len = self.blocking.fuzzy_token_min_length
        for token in self.by_token:
            if len(token) >= min_len:
                for variant in _deletes(token):
                    deletes[variant].append(token)
        self.deletes = dict(deletes)

    def _cluster(self) -> None:
        """Group accounts of one hierarchy, and duplicate entries of one company, as clusters."""
        parent = list(range(len(self.accounts)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def union(a: int, b: int) -> None:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)

        for acc in self.accounts:
            if acc.parent_idx >= 0:
                union(acc.idx, acc.parent_idx)
        seen: dict[tuple[str, str], int] = {}
        for acc in self.accounts:
            if not acc.name.normal:
                continue
            keys = [(acc.name.normal, d) for d in acc.domains]
            if not keys and acc.phone:
                keys = [(acc.name.normal, acc.phone)]
            for key in keys:
                if key in seen:
                    union(acc.idx, seen[key])
                else:
                    seen[key] = acc.idx
        self.cluster_of = [find(i) for i in range(len(self.accounts))]
        clusters: dict[int, list[int]] = defaultdict(list)
        for i, root in enumerate(self.cluster_of):
            clusters[root].append(i)
        self.clusters = {root: members for root, members in clusters.items() if len(members) > 1}
        named: dict[str, set[int]] = defaultdict(set)
        for acc in self.accounts:
            if acc.name.normal:
                named[acc.name.normal].add(self.cluster_of[acc.idx])
        self.name_clusters = {name: len(roots) for name, roots in named.items() if len(roots) > 1}

    def acronym_is_unique(self, acronym: str) -> bool:
        """True when one organisation alone has this acronym and none is named by it."""
        ids = self.by_acronym.get(acronym, ())
        if acronym in self.by_name or not ids:
            return False
        return len({self.cluster_of[i] for i in ids}) == 1

    def name_weight(self, tokens: tuple[str, ...]) -> float:
        """The IDF sum of a name's distinct words: how much a full match of it says."""
        return sum(self.token_idf(t) for t in dict.fromkeys(tokens))  # ordered: same float

    def token_idf(self, token: str) -> float:
        """Rarity of a name token among the accounts; unknown tokens count as rarest."""
        return self.idf.get(token, self.default_idf)

    def similar_tokens(self, token: str) -> list[str]:
        """Account tokens within one edit of `token` (the token itself when known)."""
        if token in self.by_token:
            return [token]
        if len(token) < self.blocking.fuzzy_token_min_length:
            return []
        found = set(self.deletes.get(token, ()))
        if len(token) - 1 >= self.blocking.fuzzy_token_min_length:
            found.update(v for v in _deletes(token) if v in self.by_token)
        for variant in _deletes(token):
            found.update(self.deletes.get(variant, ()))
        return sorted(found)

    def candidates(self, lead: PreparedLead) -> dict[int, float]:
        """Candidate account indexes with a cheap pre-rank score; the strongest keys first."""
        found: dict[int, float] = {}
        # Most keys find nothing: `_add` is called only for those that do. (A module function:
        # a nested one would be made anew for every lead.)
        domain_hit = False
        by_name = self.by_name
        for domain in lead.domains:
            hits = self.by_domain.get(domain)
            if hits:
                domain_hit = True
                _add(found, hits, 100.0)
            label = domain_label(domain)
            hits = self.by_label.get(label)
            if hits:
                _add(found, hits, 40.0)
            for spelled in _name_keys(label):
                hits = by_name.get(spelled)
                if hits:
                    _add(found, hits, 70.0)
        if lead.phone:
            hits = self.by_phone.get(lead.phone)
            if hits:
                _add(found, hits, 60.0)
        name = lead.name
        if name is not None and name.normal:
            hits = by_name.get(name.normal)
            if hits:
                _add(found, hits, 90.0)
            hits = by_name.get(name.compact)
            if hits:
                _add(found, hits, 90.0)
            hits = self.by_acronym.get(name.compact)
            if hits:
                _add(found, hits, 50.0)
            for acronym in name.acronyms:
                hits = by_name.get(acronym)
                if hits:
                    _add(found, hits, 50.0)
            if not domain_hit:
                # A domain hit is the strong key; name words only widen the search without one.
                self._token_candidates(name.tokens, found)
        return self._top(found)

    def _token_candidates(self, tokens: tuple[str, ...], found: dict[int, float]) -> None:
        limit = self.blocking.max_token_postings
        idf, default, by_token = self.idf, self.default_idf, self.by_token
        rarity = {t: idf.get(t, default) for t in tokens}  # ordered: the same float sum
        total = sum(rarity.values())
        if total <= 0:
            return
        # The rarest words find the account; common ones would only add noise and time.
        rarest = sorted(rarity, key=lambda t: -rarity[t])[: self.blocking.max_tokens]
        postings: list[tuple[str, float]] = []
        size = 0
        for token in rarest:
            for variant in self.similar_tokens(token):
                ids = by_token[variant]
                if len(ids) <= limit:
                    postings.append((variant, idf[variant]))
                    size += len(ids)
        if size <= SMALL_POSTINGS:
            scores: dict[int, float] = defaultdict(float)
            for variant, w in postings:
                for i in by_token[variant]:
                    scores[i] += w
            ranked: list[tuple[int, float]] = list(scores.items())
        else:
            ranked = self._vector_scores(postings)
        for i, score in ranked:
            rank = 80.0 * score / total
            if found.get(i, 0.0) < rank:
                found[i] = rank

    def _vector_scores(self, postings: list[tuple[str, float]]) -> list[tuple[int, float]]:
        """Summed IDF per account over long postings lists, keeping the best few (numpy)."""
        arrays = [self._array(v) for v, _ in postings]
        ids = np.concatenate(arrays)
        weights = np.repeat([w for _, w in postings], [len(a) for a in arrays])
        accounts, inverse = np.unique(ids, return_inverse=True)
        sums = np.bincount(inverse, weights=weights)
        keep = min(len(sums), 2 * self.blocking.max_candidates)
        best = np.argpartition(-sums, keep - 1)[:keep]
        return [(int(accounts[j]), float(sums[j])) for j in best]

    def _array(self, token: str) -> np.ndarray:
        found = self._arrays.get(token)
        if found is None:
            found = self._arrays[token] = np.asarray(self.by_token[token], dtype=np.int64)
        return found

    def _top(self, found: dict[int, float]) -> dict[int, float]:
        keep = self.blocking.max_candidates
        if len(found) > keep:
            # What heapq.nlargest gives (ties keep their order), at a third of its cost.
            found = dict(sorted(found.items(), key=itemgetter(1), reverse=True)[:keep])
        clusters, cluster_of = self.clusters, self.cluster_of
        for i in list(found):
            members = clusters.get(cluster_of[i])
            if members is not None and len(members) <= MAX_CLUSTER_EXPANSION:
                for member in members:
                    found.setdefault(member, 0.0)
        return found
