"""Row conversion: values read as their column types, bad cells named, a hash per content."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadlink.store.rows import (
    BadValue,
    content_hash,
    lead_row,
    parse_bool,
    parse_datetime,
    parse_float,
)

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@given(st.dictionaries(st.sampled_from(["id", "company", "email", "city"]), text, min_size=1))
def test_the_hash_follows_the_content(row: dict[str, str]) -> None:
    assert content_hash(dict(row)) == content_hash(dict(row))
    changed = {**row, "city": row.get("city", "") + "x"}
    assert content_hash(changed) != content_hash(row)


@given(st.datetimes(timezones=st.just(UTC)))
def test_iso_timestamps_read_back(moment: datetime) -> None:
    assert parse_datetime({"at": moment.isoformat()}, "at") == moment


@given(st.floats(allow_nan=False, allow_infinity=False, width=32))
def test_numbers_read_back(value: float) -> None:
    assert parse_float({"n": repr(value)}, "n") == value


def test_bad_cells_name_their_column_not_their_value() -> None:
    with pytest.raises(BadValue) as bad:
        parse_float({"amount": "lots of money"}, "amount")
    assert bad.value.column == "amount" and "lots" not in str(bad.value)
    with pytest.raises(BadValue):
        parse_bool({"active": "maybe"}, "active")
    with pytest.raises(BadValue):
        parse_datetime({"created_at": "yesterday"}, "created_at")
    assert parse_bool({"active": ""}, "active", True) is True
    assert parse_datetime({"d": "01/31/2024"}, "d") == datetime(2024, 1, 31, tzinfo=UTC)


def test_a_lead_keeps_unknown_columns_in_extra() -> None:
    row = lead_row({"id": "L1", "company": "Acme", "status": "Open", "segment": "SMB", "x": ""})
    assert row["crm_status"] == "Open" and row["extra"] == {"segment": "SMB"}
    assert row["created_at"] is None and row["company"] == "Acme"
