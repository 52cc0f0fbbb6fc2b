"""The scoring and status cores stay pure: importing them pulls in no database, web or CLI
library (only leadlink.scoring.service talks to the store)."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "leadlink.scoring.account",
    "leadlink.scoring.activities",
    "leadlink.scoring.behaviour",
    "leadlink.scoring.explain",
    "leadlink.scoring.fit",
    "leadlink.scoring.model",
    "leadlink.scoring.targets",
    "leadlink.scoring.trend",
    "leadlink.scoring.vectorized",
    "leadlink.lifecycle.statemachine",
    "leadlink.lifecycle.contact_status",
    "leadlink.lifecycle.account_status",
    "leadlink.lifecycle.status_engine",
    "leadlink.lifecycle.status_facts",
    "leadlink.lifecycle.status_rules",
]


def test_core_imports_no_database_web_or_cli_library() -> None:
    imports = "; ".join(f"import {m}" for m in CORE)
    banned = ("sqlalchemy", "fastapi", "typer", "rich", "psycopg", "alembic")
    probe = f"import sys; print(sorted(m for m in {banned!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", f"{imports}; {probe}"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
