"""The scoring model file: the shipped defaults load, and bad files fail naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from leadlink.scoring.activities import ACTIVITY_TYPES, ActivityType, parse_activity_type
from leadlink.scoring.model import DEFAULT_MODEL_PATH, ScoringModelError, load_scoring_model


def test_shipped_model_covers_every_activity_type() -> None:
    model = load_scoring_model()
    assert set(model.behaviour.weights) == set(ACTIVITY_TYPES)
    assert (
        model.behaviour.weights[ActivityType.DEMO_REQUEST]
        > model.behaviour.weights[ActivityType.EMAIL_OPEN]
    )
    assert all(isinstance(v, str) for r in model.fit.country for v in r.values)  # "NO" kept


def _write(tmp_path: Path, edit: str) -> Path:
    data = yaml.safe_load(DEFAULT_MODEL_PATH.read_text())
    if edit == "missing weight":
        del data["behaviour"]["weights"]["demo_request"]
    elif edit == "unknown key":
        data["behaviour"]["halflife"] = 3
    elif edit == "static list without ids":
        data["target_lists"] = [
            {"name": "x", "kind": "static", "contact_threshold": 50, "account_threshold": 40}
        ]
    elif edit == "icp op without operand":
        data["icp"][1].pop("number")
    elif edit == "negative half-life":
        data["behaviour"]["half_life_days"] = -1
    path = tmp_path / "model.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


@pytest.mark.parametrize(
    "edit",
    [
        "missing weight",
        "unknown key",
        "static list without ids",
        "icp op without operand",
        "negative half-life",
    ],
)
def test_invalid_models_are_rejected(tmp_path: Path, edit: str) -> None:
    path = _write(tmp_path, edit)
    with pytest.raises(ScoringModelError, match=r"model\.yaml"):
        load_scoring_model(path)


def test_a_user_model_file_is_loaded(tmp_path: Path) -> None:
    path = _write(tmp_path, "none")
    assert load_scoring_model(path) == load_scoring_model()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("demo_request", ActivityType.DEMO_REQUEST),
        ("Demo Request", ActivityType.DEMO_REQUEST),
        ("e-mail", None),
        ("webinar-attendance", ActivityType.WEBINAR_ATTENDANCE),
    ],
)
def test_parse_activity_type(text: str, kind: ActivityType | None) -> None:
    if kind is None:
        with pytest.raises(ValueError, match="unknown activity type"):
            parse_activity_type(text)
    else:
        assert parse_activity_type(text) is kind
