"""The credit core imports no Excel, Word or command-line library (DESIGN.md, "Layout")."""

import subprocess
import sys
from pathlib import Path

FORBIDDEN = ("xlwings", "openpyxl", "docxtpl", "docx", "typer", "rich")
CORE = Path(__file__).resolve().parents[2] / "src" / "creditbook" / "core"

SCRIPT = """
import importlib, pkgutil, sys
import creditbook.core as core
for module in pkgutil.iter_modules(core.__path__):
    importlib.import_module(f"creditbook.core.{module.name}")
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_core_modules_import_no_adapter_library():
    src = str(CORE.parents[1])
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": src},
        check=True,
    )
    loaded = set(run.stdout.split())
    assert not loaded & set(FORBIDDEN), loaded & set(FORBIDDEN)
