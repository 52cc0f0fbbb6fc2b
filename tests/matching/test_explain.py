"""Evidence labels filled as %-templates read exactly as `str.format` fills them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadlink.matching.explain import level_table, percent_template
from leadlink.matching.settings import load_settings

_LABELS = sorted({label for _, label in level_table(load_settings()).values()})


def _fill(label: str, lead: str, account: str) -> str:
    template, how = percent_template(label)
    if how == 2:
        return template % (lead, account)
    if how == 1:
        return template % (lead,)
    return template.format(lead=lead, account=account)


@given(lead=st.text(max_size=12), account=st.text(max_size=12))
def test_every_shipped_label_reads_the_same(lead: str, account: str) -> None:
    for label in _LABELS:
        assert _fill(label, lead, account) == label.format(lead=lead, account=account)


@pytest.mark.parametrize(
    ("label", "how"),
    [
        ("same city {lead}", 1),
        ("name '{lead}' = '{account}'", 2),
        ("100% sure: {lead} {{braces}} {account}", 2),
        ("{account} before {lead}", 0),
        ("{lead} twice {lead}", 0),
        ("{lead!r} quoted", 0),
        ("{lead:>8} padded", 0),
        ("fixed text", 0),
    ],
)
def test_only_plain_labels_become_templates(label: str, how: int) -> None:
    assert percent_template(label)[1] == how
    assert _fill(label, "a%s{b}", "c%%d") == label.format(lead="a%s{b}", account="c%%d")


def test_a_broken_label_is_left_to_format() -> None:
    assert percent_template("oops {lead") == ("oops {lead", 0)
