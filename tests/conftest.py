"""Fixtures for every test: saved matcher indexes go to a temporary folder, not the user's cache."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, scope="session")
def _index_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    import os

    os.environ["LEADLINK_CACHE_DIR"] = str(tmp_path_factory.mktemp("index-cache"))
