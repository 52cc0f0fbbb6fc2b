"""A faster `random.Random` for the generator: the same seeded Mersenne Twister, with the
small-range helpers (choice, randint, randrange, weighted choices) done with one `random()` call.

The standard methods are exact but several times slower; the generator makes tens of millions
of such draws, so this is where most of its speed comes from. Output stays deterministic.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Sequence
from itertools import accumulate
from typing import Any, TypeVar

T = TypeVar("T")


class Rng(random.Random):
    """`random.Random` with fast choice/randint/randrange/choices (k draws of one item)."""

    _cum_cache: dict[int, tuple[object, list[float]]] = {}  # noqa: RUF012

    def choice(self, seq: Sequence[T]) -> T:  # type: ignore[override]
        """One element of a non-empty sequence."""
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        """An integer in [a, b]."""
        return a + int(self.random() * (b - a + 1))

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        """An integer in [start, stop) (or [0, start))."""
        if stop is None:
            return int(self.random() * start)
        return start + int(self.random() * (stop - start))

    def choices(  # type: ignore[override]
        self,
        population: Sequence[T],
        weights: Sequence[float] | None = None,
        *,
        cum_weights: Sequence[float] | None = None,
        k: int = 1,
    ) -> list[T]:
        """`k` draws with replacement; weights are cached by identity (pass constant tuples)."""
        if cum_weights is None:
            if weights is None:
                n = len(population)
                return [population[int(self.random() * n)] for _ in range(k)]
            cum_weights = self._cum(weights)
        total = cum_weights[-1]
        rnd = self.random
        return [population[bisect(cum_weights, rnd() * total)] for _ in range(k)]

    @classmethod
    def _cum(cls, weights: Sequence[float]) -> Sequence[float]:
        hit = cls._cum_cache.get(id(weights))
        if hit is not None and hit[0] is weights:
            return hit[1]
        cum = list(accumulate(weights))
        if isinstance(weights, tuple):
            cls._cum_cache[id(weights)] = (weights, cum)
        return cum


def make_rng(*parts: Any) -> Rng:
    """A generator seeded from a name and a seed, e.g. make_rng("leads", seed, chunk)."""
    return Rng("leadlink/" + "/".join(str(p) for p in parts))


class Weighted:
    """A fixed weighted choice: `pick(rng)` draws one item with one `random()` call."""

    __slots__ = ("_cum", "_items", "_total")

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        self._items = tuple(items)
        self._cum = list(accumulate(weights))
        self._total = self._cum[-1]

    def pick(self, rng: random.Random) -> Any:
        """One item, with probability proportional to its weight."""
        return self._items[bisect(self._cum, rng.random() * self._total)]
