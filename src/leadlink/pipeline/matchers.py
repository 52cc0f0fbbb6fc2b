"""Which matcher a run uses: the one this process already holds, a saved index, or a new build.

Building the index over every account costs seconds (about 8 s for 200k accounts); a run of
1,000 new leads from a fresh `leadlink run` would spend most of its time there. So each build
is saved to the cache folder, keyed by the database, the settings and the accounts'
fingerprint, and a small run loads it instead (well under a second) and reads from the store
only the accounts that come up as candidates. Big runs build the index in full: they touch
most accounts anyway, and their workers must not read the database.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Protocol

import leadlink
from leadlink.perf import freeze_heap, paused_gc
from leadlink.pipeline.parallel import PARALLEL_MIN
from leadlink.pipeline.protocols import MatcherFactory, MatcherLike
from leadlink.pipeline.records import iter_accounts, load_accounts
from leadlink.records import Account
from leadlink.store.db import SessionFactory

log = logging.getLogger(__name__)
#: Up to this many leads to match, a saved index is used when there is one (above it, runs
#: build in full and match in parallel workers, which must not read the database).
SMALL_RUN = PARALLEL_MIN
CACHE_ENV = "LEADLINK_CACHE_DIR"
#: The last matcher, by (database, settings + accounts context, engine): a long-lived process
#: (API server, demo) reuses it while the accounts do not change. The flag: loaded lazily.
_MATCHERS: dict[tuple[str, str, Any], tuple[MatcherLike, bool]] = {}
_CODE = Path(__file__).resolve().parent.parent


class Loader(Protocol):
    """Reads the accounts with these ids."""

    def __call__(self, ids: Sequence[str]) -> Sequence[Account]: ...


@dataclass(frozen=True, slots=True)
class Engine:
    """The matching engine of a run: its settings version, and how to build, save or load it."""

    version: str
    build: MatcherFactory
    save: Callable[[Any, Path], bool] | None = None  # when the engine can save its index
    load: Callable[[Path, Loader], MatcherLike] | None = None


def engine_for(settings: Any, matcher_factory: MatcherFactory | None) -> Engine:
    """leadlink.matching with `settings` (defaults when None), unless a factory is given."""
    if matcher_factory is not None:
        return Engine(str(getattr(settings, "version", "custom")), matcher_factory)
    from leadlink.matching import Matcher, load_settings
    from leadlink.matching.snapshot import load_matcher, save_matcher

    resolved = settings if settings is not None else load_settings()
    build = partial(Matcher.build, settings=resolved)
    return Engine(
        str(resolved.version), build, save_matcher, partial(load_matcher, settings=resolved)
    )


def cache_dir() -> Path | None:
    """Where saved indexes go: $LEADLINK_CACHE_DIR ('' turns saving off), else the user cache."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "leadlink"


def _code_version() -> str:
    """Changes whenever the matching or normalizing code does (sizes and times of its files)."""
    digest = hashlib.sha1(leadlink.__version__.encode(), usedforsecurity=False)
    for folder in ("matching", "normalize"):
        for path in sorted((_CODE / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


def saved_index_path(database: str, context: str) -> Path | None:
    """The saved index of this database and context, or None when saving is off."""
    folder = cache_dir()
    if folder is None:
        return None
    db = hashlib.sha1(database.encode(), usedforsecurity=False).hexdigest()[:12]
    return folder / f"index-{db}-{context}-{_code_version()}.bin"


def forget_matchers() -> None:
    """Drop the matcher this process holds (the next run gets a saved or a new one)."""
    _MATCHERS.clear()


def matcher_for(
    factory: SessionFactory, engine: Engine, context: str, total: int, *, saved: bool = True
) -> tuple[MatcherLike, bool]:
    """The matcher for `total` leads under `context`, and whether it loads accounts lazily.

    `saved=False` builds in full even for a small run (a saved index's account is gone).
    """
    database = str(getattr(factory.kw.get("bind"), "url", ""))
    key = (database, context, getattr(engine.build, "func", engine.build))
    small = saved and total <= SMALL_RUN
    cached = _MATCHERS.get(key)
    if cached is not None and (small or not cached[1]):
        return cached
    _MATCHERS.clear()  # one matcher at a time: it holds every account
    save, load = engine.save, engine.load
    path = saved_index_path(database, context) if save and load else None
    found = _load_saved(load, factory, path) if small and load and path else None
    if found is not None:
        freeze_heap()  # as after a build: the rest of the run's collections skip the index
        _MATCHERS[key] = (found, True)
        return found, True
    with factory() as session, paused_gc():
        matcher = engine.build(list(iter_accounts(session.connection())))
    freeze_heap()  # the matcher lives on: later collections need not walk it
    if save and path is not None:
        _save(save, matcher, path)
    _MATCHERS[key] = (matcher, False)
    return matcher, False


def _load_saved(
    load: Callable[[Path, Loader], MatcherLike], factory: SessionFactory, path: Path
) -> MatcherLike | None:
    if not path.is_file():
        return None
    try:
        return load(path, partial(load_accounts, factory))
    except (OSError, ValueError, EOFError, KeyError, pickle.UnpicklingError) as exc:
        # a cache: whatever is wrong with the file, building afresh is always right
        log.warning("saved index %s not used: %s", path.name, exc)
        return None


def _save(save: Callable[[Any, Path], bool], matcher: MatcherLike, path: Path) -> None:
    try:
        if save(matcher, path):
            prefix = "-".join(path.name.split("-")[:2])  # index-<database>
            for old in path.parent.glob(f"{prefix}-*.bin"):
                if old != path:
                    old.unlink(missing_ok=True)  # older contexts of this database
    except OSError as exc:  # a read-only cache folder must not fail the run
        log.warning("index not saved to %s: %s", path.parent, exc)
