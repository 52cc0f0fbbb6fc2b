"""leadlink.io: the canonical CSV files (accounts, leads, truth, matches ...) read and written."""

from leadlink.io.csvio import (
    CsvFileError,
    RowError,
    iter_records,
    read_accounts,
    read_leads,
    to_account,
    to_lead,
    write_csv,
    write_rejects,
)

__all__ = [
    "CsvFileError",
    "RowError",
    "iter_records",
    "read_accounts",
    "read_leads",
    "to_account",
    "to_lead",
    "write_csv",
    "write_rejects",
]
