"""`creditbook --help` starts quickly: the command modules defer their heavy imports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import creditbook
from creditbook.cli import demo as demo_command
from creditbook.sample import DEFAULT_SEED

HEAVY = (
    "pandas", "numpy", "xlwings", "openpyxl", "python_calamine", "formulas", "pycel",
    "matplotlib", "docx", "docxtpl", "jinja2", "lxml", "pypdf", "sqlalchemy", "psycopg",
    "asyncio",
)  # fmt: skip
# `creditbook --help` run in-process, then the heavy modules it loaded on stderr
HELP = (
    "import runpy, sys\n"
    "sys.argv = ['creditbook', '--help']\n"
    "try:\n"
    "    runpy.run_module('creditbook', run_name='__main__', alter_sys=True)\n"
    "except SystemExit as done:\n"
    "    assert not done.code, done.code\n"
    "print(' '.join(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)\n"
)


def test_loading_the_command_line_imports_no_heavy_library():
    source = str(Path(creditbook.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": source}
    code = f"import sys, creditbook.cli; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == []


def test_help_lists_every_command_and_imports_no_heavy_library():
    source = str(Path(creditbook.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": source, "COLUMNS": "200"}
    result = subprocess.run(
        [sys.executable, "-c", HELP.format(heavy=HEAVY)],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert result.stderr.split() == []
    for command in ("aging", "letters", "letter-log", "demo", "store", "archive", "addin"):
        assert f"  {command} " in result.stdout


def test_demo_seed_default_is_the_sample_data_seed():
    assert demo_command.DEFAULT_SEED == DEFAULT_SEED


def test_the_command_table_names_each_command_with_its_module_and_help():
    """`--help` lists the commands from cli/_commands.py: the table must be what the modules
    define, or a command would be missing from it or mislabelled."""
    import importlib

    import typer

    from creditbook.cli import app
    from creditbook.cli._commands import COMMANDS, LAZY_MODULES, load

    load()
    modules = {m: importlib.import_module(f"creditbook.cli.{m}") for m in LAZY_MODULES}
    groups = {info.name: info.typer_instance for info in app.registered_groups}

    def module_of(name: str, command) -> str:
        if command.callback is not None and command.callback.__module__ != "typer.main":
            return command.callback.__module__.rpartition(".")[2]
        return next(m for m, mod in modules.items() if groups[name] in vars(mod).values())

    defined = {
        name: (module_of(name, command), command.get_short_help_str(1000))
        for name, command in typer.main.get_group(app).commands.items()
    }
    assert defined == COMMANDS


def test_the_command_line_hands_its_objects_to_the_end_of_the_process(monkeypatch):
    """After the command (here one that exits with 3), everything is frozen: Python's last
    cycle collection at exit does not walk the command's objects again."""
    import gc

    import pytest

    from creditbook import cli
    from creditbook.cli import _console

    def command() -> None:
        assert gc.get_freeze_count() == 0  # nothing frozen while the command runs
        raise SystemExit(3)

    monkeypatch.setattr(_console, "prepare_streams", lambda: None)
    monkeypatch.setattr(_console, "widen_for_logs", lambda *consoles: None)
    monkeypatch.setattr(cli, "app", command)
    gc.unfreeze()
    try:
        with pytest.raises(SystemExit) as done:
            cli.main()
        assert done.value.code == 3
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()  # this test process goes on
