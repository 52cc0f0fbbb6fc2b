"""The routing core stays pure: importing it pulls in no database, web or CLI library."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "availability",
    "context",
    "countries",
    "decision",
    "engine",
    "fields",
    "operators",
    "pools",
    "rules",
    "territories",
]


def test_core_imports_no_database_web_or_cli_library() -> None:
    imports = "; ".join(f"import leadlink.routing.{m}" for m in CORE)
    banned = ("sqlalchemy", "fastapi", "typer", "rich", "psycopg")
    probe = f"import sys; print(sorted(m for m in {banned!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", f"{imports}; {probe}"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
