"""Child process of the crash test: run the pipeline slowly so it can be killed mid-way."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from leadlink.pipeline import run
from leadlink.records import Account
from leadlink.store.db import connect, session_factory
from tests.pipeline.fakes import SETTINGS, FakeMatcher

DELAY = 0.01
CHUNK = 4


def slow_matcher(accounts: Sequence[Account]) -> FakeMatcher:
    """The fake matcher, slowed down per lead."""
    return FakeMatcher(accounts, delay=DELAY)


def main(url: str) -> None:
    """Run the pipeline on `url`, saying when it starts."""
    factory = session_factory(connect(url))
    print("started", flush=True)
    run(factory, settings=SETTINGS, matcher_factory=slow_matcher, chunk_size=CHUNK)
    print("finished", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
