"""Fixtures shared by the routing tests that use the store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from leadlink.store.db import SessionFactory
from tests.store.dbkit import BACKENDS, migrated_store


@pytest.fixture(scope="module", params=BACKENDS)
def migrated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, SessionFactory]]:
    """One migrated store per backend for the module (migrating is the slow part)."""
    with migrated_store(str(request.param), tmp_path_factory.mktemp("routing")) as pair:
        yield pair
