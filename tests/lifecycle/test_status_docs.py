"""docs/statuses.md shows the shipped logic: its diagram and table are generated from it."""

from __future__ import annotations

from pathlib import Path

from leadlink.lifecycle.account_status import AccountStatusMachine, mermaid_tree
from leadlink.lifecycle.contact_status import ContactStatusMachine
from leadlink.lifecycle.status_types import AccountStatus, ContactStatus

DOC = Path(__file__).parents[2] / "docs" / "statuses.md"


def test_docs_embed_the_generated_decision_tree_and_transition_table() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert mermaid_tree(AccountStatusMachine().config) in text
    assert ContactStatusMachine().transition_table() in text


def test_docs_name_every_status() -> None:
    text = DOC.read_text(encoding="utf-8")
    for status in [*ContactStatus, *AccountStatus]:
        assert f"| {status.value} |" in text


def test_mermaid_tree_has_one_decision_per_rule() -> None:
    config = AccountStatusMachine().config
    diagram = mermaid_tree(config)
    assert diagram.startswith("flowchart TD")
    for i, rule in enumerate(config.tree):
        assert f's{i}["{rule.status.value}"]' in diagram
