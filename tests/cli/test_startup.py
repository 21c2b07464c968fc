"""`creditbook --help` starts quickly: the command modules defer their heavy imports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import creditbook
from creditbook.cli import demo as demo_command
from creditbook.sample import DEFAULT_SEED

HEAVY = ("pandas", "xlwings", "openpyxl", "matplotlib", "docxtpl")


def test_loading_the_command_line_imports_no_heavy_library():
    source = str(Path(creditbook.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": source}
    code = f"import sys, creditbook.cli; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == []


def test_demo_seed_default_is_the_sample_data_seed():
    assert demo_command.DEFAULT_SEED == DEFAULT_SEED
