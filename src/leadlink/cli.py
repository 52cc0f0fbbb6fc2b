"""The `leadlink` command line: a thin shell that registers each capability's commands.

Each module in `leadlink.commands` exposes `register(app)`; the commands there only parse
arguments, call service functions and print. `leadlink COMMAND` imports only the module that
holds COMMAND (the database and web layers cost about a second to import, which a batch
`leadlink match` of a few thousand leads would otherwise spend on start-up).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

import typer

from leadlink.perf import freeze_heap, paused_gc

HELP = "Lead-to-account matching, enrichment, routing and account qualification."

COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "match": ("match", "train"),
    "generate": ("generate",),
    "evaluate": ("evaluate",),
    "demo": ("demo",),
    "store": ("import", "run", "convert", "review", "export"),
    "routing": ("route", "why", "availability"),
    "scoring": ("score", "status", "report"),
}
"""Module of `leadlink.commands` -> the top-level commands it registers (tests check it)."""


def build_app(modules: Sequence[str] | None = None) -> typer.Typer:
    """A Typer app with the commands of `modules` (every module when None)."""
    app = typer.Typer(name="leadlink", help=HELP, no_args_is_help=True, add_completion=False)
    app.callback()(_root)  # a group even with one command, so 'leadlink generate' keeps its name
    for name in COMMAND_MODULES if modules is None else modules:
        importlib.import_module(f"leadlink.commands.{name}").register(app)
    return app


def _root() -> None:
    """Lead-to-account matching, enrichment, routing and account qualification."""


def modules_for(argv: Sequence[str]) -> list[str] | None:
    """The one module `argv`'s command lives in, or None (help, or an unknown command)."""
    command = next((arg for arg in argv if not arg.startswith("-")), None)
    found = [module for module, commands in COMMAND_MODULES.items() if command in commands]
    return found or None


def __getattr__(name: str) -> typer.Typer:
    """`from leadlink.cli import app`: every command, built on first use."""
    if name == "app":
        app = build_app()
        globals()["app"] = app
        return app
    raise AttributeError(name)


def main() -> None:
    """Entry point of the `leadlink` script.

    What the imports made lives as long as the process: it is frozen out of the collector's
    sight, so the command's collections walk only what the command makes (see leadlink.perf).
    """
    with paused_gc():
        app = build_app(modules_for(sys.argv[1:]))
    freeze_heap()
    app()
