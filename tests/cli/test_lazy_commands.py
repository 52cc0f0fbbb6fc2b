"""The command line loads only the module of the command it runs; the table must stay complete."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer
from typer.core import TyperGroup

from leadlink.cli import COMMAND_MODULES, build_app, modules_for


def _top_level(app: typer.Typer) -> set[str]:
    names = {info.name for info in app.registered_commands}
    names |= {info.name for info in app.registered_groups}
    return {n for n in names if n}


def test_every_module_registers_exactly_the_commands_the_table_names() -> None:
    for module, commands in COMMAND_MODULES.items():
        assert _top_level(build_app([module])) == set(commands), module


def test_a_command_picks_its_module_and_help_gets_every_module() -> None:
    assert modules_for(["match", "--accounts", "a.csv"]) == ["match"]
    assert modules_for(["review", "list"]) == ["store"]
    assert modules_for(["--help"]) is None
    assert modules_for(["no-such-command"]) is None


@pytest.mark.parametrize("module", sorted(COMMAND_MODULES))
def test_each_command_keeps_its_name_when_only_its_module_is_loaded(module: str) -> None:
    for command in COMMAND_MODULES[module]:
        group = typer.main.get_command(build_app(modules_for([command])))
        assert isinstance(group, TyperGroup), command  # one command alone is not the app
        assert command in group.commands


def test_match_does_not_import_the_database_layer() -> None:
    code = (
        "import sys; from leadlink.cli import build_app, modules_for; "
        "build_app(modules_for(['match'])); "
        "print('sqlalchemy' in sys.modules, 'alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_main_builds_without_collections_then_freezes_what_the_imports_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    from leadlink import cli

    seen: list[str] = []

    def build(_modules: object) -> object:
        seen.append(f"build gc={gc.isenabled()}")
        return lambda: seen.append(f"run gc={gc.isenabled()}")

    monkeypatch.setattr(cli, "build_app", build)
    monkeypatch.setattr(cli, "freeze_heap", lambda: seen.append("freeze"))
    cli.main()
    assert seen == ["build gc=False", "freeze", "run gc=True"]
