"""The `leadlink` command line: a thin shell that registers each capability's commands.

Each module in `leadlink.commands` exposes `register(app)`; the commands there only parse
arguments, call service functions and print.
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="leadlink",
    help="Lead-to-account matching, enrichment, routing and account qualification.",
    no_args_is_help=True,
    add_completion=False,
)

COMMAND_MODULES: tuple[str, ...] = (
    "match",
    "generate",
    "evaluate",
    "demo",
    "store",
    "routing",
    "scoring",
)


def _register_all() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"leadlink.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"leadlink.commands.{name}":
                continue  # capability not installed in this build yet
            raise
        module.register(app)


_register_all()


def main() -> None:
    """Entry point of the `leadlink` script."""
    app()
