"""Round-robin pools: weights, caps, availability, restarts and concurrent draws."""

from __future__ import annotations

import json
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from leadlink.routing import (
    InMemoryPoolRepository,
    Pool,
    PoolMember,
    PoolState,
    UserInfo,
    pick,
)

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # a Monday


def _pool(*members: tuple[str, int, int | None], hours: bool = True) -> Pool:
    return Pool(
        id="p",
        members=[PoolMember(user=u, weight=w, daily_cap=c) for u, w, c in members],
        respect_working_hours=hours,
    )


def _draw(pool: Pool, n: int, users: dict[str, UserInfo] | None = None) -> Counter[str | None]:
    state = PoolState("p")
    return Counter(pick(pool, state, users or {}, NOW).user for _ in range(n))


def test_weights_hold_over_10000_assignments() -> None:
    pool = _pool(("a", 5, None), ("b", 3, None), ("c", 2, None))
    got = _draw(pool, 10_000)
    for user, weight in (("a", 5), ("b", 3), ("c", 2)):
        assert abs(got[user] - 10_000 * weight / 10) <= 10  # within 0.1% of the share


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 9), min_size=1, max_size=6), st.integers(1, 400))
def test_smooth_round_robin_never_drifts(weights: list[int], n: int) -> None:
    pool = _pool(*((f"u{i}", w, None) for i, w in enumerate(weights)))
    got = _draw(pool, n)
    total = sum(weights)
    for i, w in enumerate(weights):
        assert abs(got[f"u{i}"] - n * w / total) <= len(weights)


def test_daily_cap_is_respected_and_resets_the_next_day() -> None:
    pool = _pool(("a", 1, 3), ("b", 1, None))
    state = PoolState("p")
    first = Counter(pick(pool, state, {}, NOW).user for _ in range(20))
    assert first["a"] == 3 and first["b"] == 17
    capped = pick(pool, state, {}, NOW)
    assert ("a", "daily cap 3 reached") in capped.skipped
    tomorrow = Counter(pick(pool, state, {}, NOW + timedelta(days=1)).user for _ in range(4))
    assert tomorrow["a"] >= 1


def test_cap_counts_the_users_own_day() -> None:
    # 23:30 UTC on Monday is already Tuesday in Sydney: a new day for the Sydney member.
    pool = _pool(("syd", 1, 1), hours=False)
    users = {"syd": UserInfo("syd", timezone="Australia/Sydney")}
    state = PoolState("p")
    assert pick(pool, state, users, NOW.replace(hour=12)).user == "syd"
    assert pick(pool, state, users, NOW.replace(hour=13)).user == "syd"  # 00:00 next day there
    assert pick(pool, state, users, NOW.replace(hour=14)).user is None


def test_unavailable_members_are_skipped_with_a_reason() -> None:
    pool = _pool(("a", 1, None), ("b", 1, None), ("c", 1, None), ("d", 1, None))
    users = {
        "a": UserInfo("a", out_of_office=True),
        "b": UserInfo("b", active=False),
        "c": UserInfo("c", timezone="America/Los_Angeles", working_hours=(9, 17)),  # 02:00 there
        "d": UserInfo("d", timezone="Europe/Berlin", working_hours=(9, 17)),  # 11:00 there
    }
    got = _draw(pool, 50, users)
    assert got == Counter({"d": 50})
    draw = pick(pool, PoolState("p"), users, NOW)
    reasons = dict(draw.skipped)
    assert reasons["a"] == "out of office" and reasons["b"] == "inactive"
    assert reasons["c"].startswith("outside working hours")
    weekend = pick(pool, PoolState("p"), users, NOW - timedelta(days=1))
    assert weekend.user is None
    assert dict(weekend.skipped)["d"] == "not a working day (Sun in Europe/Berlin)"
    unknown = pick(pool, PoolState("p"), {"d": users["d"]}, NOW)
    assert dict(unknown.skipped)["a"] == "not in the user directory" and unknown.user == "d"


def test_nobody_available_returns_none() -> None:
    pool = _pool(("a", 1, None))
    draw = pick(pool, PoolState("p"), {"a": UserInfo("a", active=False)}, NOW)
    assert draw.user is None and "a (inactive)" in draw.reason


def test_restart_keeps_fairness() -> None:
    pool = _pool(("a", 3, None), ("b", 1, None), ("c", 1, None))
    straight = InMemoryPoolRepository()
    split = InMemoryPoolRepository()
    seq_straight = [straight.transact("p", lambda s: pick(pool, s, {}, NOW).user) for _ in range(7)]
    seq_split = [split.transact("p", lambda s: pick(pool, s, {}, NOW).user) for _ in range(3)]
    restarted = InMemoryPoolRepository(json.loads(json.dumps(split.dump())))
    seq_split += [restarted.transact("p", lambda s: pick(pool, s, {}, NOW).user) for _ in range(4)]
    assert seq_split == seq_straight
    fresh = InMemoryPoolRepository()  # a restart that forgot the state would start over
    assert [fresh.transact("p", lambda s: pick(pool, s, {}, NOW).user) for _ in range(4)] != (
        seq_straight[3:]
    )


def test_state_round_trips() -> None:
    state = PoolState("p", {"a": -2, "b": 2}, {"a": 4}, {"a": ("2026-11-23", 4)}, "a")
    assert PoolState.from_dict(json.loads(json.dumps(state.to_dict()))) == state


def test_concurrent_draws_never_share_a_slot() -> None:
    pool = _pool(("a", 1, 50), ("b", 1, 50), ("c", 2, 100))
    repo = InMemoryPoolRepository()
    got: list[str | None] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(60):
            user = repo.transact("p", lambda s: pick(pool, s, {}, NOW).user)
            with lock:
                got.append(user)

    threads = [threading.Thread(target=worker) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    counts = Counter(got)
    assert counts == Counter({"a": 50, "b": 50, "c": 100, None: 100})
    assert repo.dump()["p"]["assigned"] == {"a": 50, "b": 50, "c": 100}


def test_members_from_the_directory_by_role_team_and_territory() -> None:
    users = {
        "s1": UserInfo("s1", role="SDR", team="EMEA", territory="DACH"),
        "s2": UserInfo("s2", role="sdr", team="EMEA", territory="France"),
        "s3": UserInfo("s3", role="SDR", team="NA"),
        "a1": UserInfo("a1", role="AE", team="EMEA"),
    }
    pool = Pool.model_validate(
        {"id": "p", "members_from": {"role": "SDR", "team": ["EMEA"], "daily_cap": 2}}
    )
    assert [m.user for m in pool.members_for(users)] == ["s1", "s2"]
    state = PoolState("p")
    got = Counter(pick(pool, state, users, NOW).user for _ in range(6))
    assert got == Counter({"s1": 2, "s2": 2, None: 2})  # the caps hold for directory members
    dach = Pool.model_validate(
        {"id": "d", "members": [{"user": "a1", "weight": 3}], "members_from": {"territory": "DACH"}}
    )
    assert [(m.user, m.weight) for m in dach.members_for(users)] == [("a1", 3), ("s1", 1)]
    fewer = {k: v for k, v in users.items() if k != "s1"}
    assert [m.user for m in dach.members_for(fewer)] == ["a1"]  # a new directory, a new list


def test_a_pool_needs_members() -> None:
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="members"):
        Pool.model_validate({"id": "p"})
