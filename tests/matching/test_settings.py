"""Settings are validated data that round-trip and carry a content version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from leadlink.matching.settings import MatchSettings, SettingsError, load_settings


def test_defaults_load_and_every_level_has_a_label() -> None:
    settings = load_settings()
    for comparison in settings.comparisons.values():
        assert comparison.levels
        for level in comparison.levels.values():
            assert level.label


def test_round_trip_through_json_keeps_the_version() -> None:
    settings = load_settings()
    again = MatchSettings.model_validate(json.loads(settings.model_dump_json()))
    assert again == settings
    assert again.version == settings.version


def test_yaml_file_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(load_settings().to_yaml(), encoding="utf-8")
    assert load_settings(path).version == load_settings().version


def test_a_changed_weight_changes_the_version(tmp_path: Path) -> None:
    data = load_settings().model_dump(mode="json")
    data["thresholds"]["match"] = 0.95
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert load_settings(path).version != load_settings().version


def test_bad_settings_name_the_file(tmp_path: Path) -> None:
    data = load_settings().model_dump(mode="json")
    data["thresholds"] = {"match": 0.5, "review": 0.9}
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(SettingsError, match=r"bad\.yaml"):
        load_settings(path)


def test_unknown_comparison_is_rejected(tmp_path: Path) -> None:
    data = load_settings().model_dump(mode="json")
    data["comparisons"]["shoe_size"] = data["comparisons"]["city"]
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(SettingsError, match="shoe_size"):
        load_settings(path)


def test_calibration_scale_names_known_comparisons(tmp_path: Path) -> None:
    data = load_settings().model_dump(mode="json")
    data["calibration"]["scale"] = {"shoe_size": 1.0}
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(SettingsError, match="shoe_size"):
        load_settings(path)


def test_a_comparison_without_its_own_scale_uses_a() -> None:
    calibration = load_settings().calibration.model_copy(update={"a": 0.7, "scale": {"name": 2.0}})
    assert calibration.factor("name") == 2.0
    assert calibration.factor("city") == 0.7


def test_a_larger_crm_than_the_fitted_one_lowers_the_odds() -> None:
    cal = load_settings().calibration.model_copy(update={"fitted_accounts": 20_000})
    cal = cal.model_copy(update={"size_slope": 0.3})
    assert cal.size_shift(500) == 0.0  # smaller: the fitted odds stay
    assert cal.size_shift(20_000) == 0.0
    assert cal.size_shift(40_000) == pytest.approx(-0.3)  # one doubling
    assert cal.size_shift(200_000) == pytest.approx(-0.3 * 3.321928, rel=1e-5)
    assert cal.model_copy(update={"size_slope": 0.0}).size_shift(200_000) == 0.0


def test_the_same_lead_is_less_sure_in_a_larger_crm() -> None:
    from leadlink.matching import Matcher
    from leadlink.records import Account, Lead

    accounts = [Account(id="A1", name="Brightwave Analytics", city="Leeds", country="GB")]
    accounts += [Account(id=f"X{i}", name=f"Other Firm {i}") for i in range(40)]
    lead = Lead(id="L1", email="ann@gmail.com", company="Brightwave Analytics", country="GB")
    settings = load_settings()
    fitted = settings.calibration.model_copy(update={"fitted_accounts": len(accounts)})
    small = settings.model_copy(update={"calibration": fitted})
    larger = settings.model_copy(
        update={"calibration": fitted.model_copy(update={"fitted_accounts": 4})}
    )
    same = Matcher.build(accounts, small).match(lead)
    less = Matcher.build(accounts, larger).match(lead)
    assert same.account_id == "A1"
    assert 0 < less.confidence < same.confidence
