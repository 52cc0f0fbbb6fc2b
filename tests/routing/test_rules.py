"""Loading rule sets: the shipped defaults validate; bad files fail naming file and place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from leadlink.routing import RulesError, load_rules, parse_rules


def test_defaults_load_and_cover_both_paths() -> None:
    rules = load_rules()
    assert rules.rules and rules.unmatched_rules and rules.fallback_queue
    assert {"open-opportunity", "account-owner", "sdr-owner"} <= {r.id for r in rules.rules}
    assert "NO" in rules.tree.by_id["emea"].countries  # YAML's Norway problem is quoted away


def test_named_users_lists_every_user_the_rules_name() -> None:
    rules = parse_rules(
        {
            "pools": [{"id": "p", "members": [{"user": "a"}, {"user": "b"}]}],
            "territories": [{"id": "t", "owner": "c"}],
            "rules": [
                {
                    "id": "r",
                    "assign": {"to": "user", "user": "d"},
                    "notify": [{"to": "user", "user": "a"}],
                }
            ],
        }
    )
    assert rules.named_users() == ["a", "b", "c", "d"]


def test_a_file_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(
        yaml.safe_dump(
            {"rules": [{"id": "r", "conditions": [{"account.type__equals": "Customer"}]}]}
        )
    )
    assert load_rules(path).rules[0].conditions[0].text == "account type is Customer"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rules": [{"id": "r", "conditions": ["account.ownr is_empty"]}]}, "rules.0.conditions.0"),
        ({"rules": [{"id": "r", "conditions": ["lead.country like DE"]}]}, "unknown operator"),
        ({"rules": [{"id": "r", "assign": {"to": "pool", "pool": "nope"}}]}, "unknown pool"),
        ({"rules": [{"id": "r", "assign": {"to": "user"}}]}, "needs 'user: <name>'"),
        (
            {"rules": [{"id": "r", "conditions": ["territory in_territory mars"]}]},
            "unknown territory",
        ),
        ({"rules": [{"id": "r"}, {"id": "r"}]}, "used twice"),
        ({"rules": [{"id": "r", "then": "maybe"}]}, "rules.0.then"),
        ({"rulez": []}, "rulez"),
    ],
)
def test_errors_name_the_place(data: dict[str, Any], message: str) -> None:
    with pytest.raises(RulesError, match=message) as info:
        parse_rules(data, "my-rules.yaml")
    assert str(info.value).startswith("my-rules.yaml: ")


def test_unreadable_and_invalid_yaml(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="cannot read"):
        load_rules(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules: [unclosed")
    with pytest.raises(RulesError, match=r"bad\.yaml: not valid YAML"):
        load_rules(bad)
