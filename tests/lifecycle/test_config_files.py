"""Every rules-as-data file fails with an error that names the file, never a bare traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from leadlink.config import ConfigError
from leadlink.lifecycle.conversion import load_rules
from leadlink.lifecycle.enrich import load_enrich_config
from leadlink.lifecycle.status_rules import StatusRulesError, load_status_rules
from leadlink.scoring.model import ScoringModelError, load_scoring_model

LOADERS: list[tuple[Callable[[Path], Any], type[ValueError]]] = [
    (load_enrich_config, ConfigError),
    (load_rules, ConfigError),
    (load_status_rules, StatusRulesError),
    (load_scoring_model, ScoringModelError),
]


@pytest.mark.parametrize(("load", "error"), LOADERS)
@pytest.mark.parametrize("text", ["fields: [", "{unexpected: [1, 2]}", "- just\n- a list\n"])
def test_bad_file_names_itself(
    tmp_path: Path, load: Callable[[Path], Any], error: type[ValueError], text: str
) -> None:
    bad = tmp_path / "broken-settings.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(error, match=r"broken-settings\.yaml"):
        load(bad)


@pytest.mark.parametrize(("load", "error"), LOADERS)
def test_missing_file_names_itself(
    tmp_path: Path, load: Callable[[Path], Any], error: type[ValueError]
) -> None:
    with pytest.raises(error, match=r"nowhere\.yaml"):
        load(tmp_path / "nowhere.yaml")


@pytest.mark.parametrize(("load", "error"), LOADERS)
def test_shipped_defaults_load(load: Callable[..., Any], error: type[ValueError]) -> None:
    assert load() is not None
