"""A command whose optional libraries are not installed names the extra to install."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import creditbook
from creditbook.extras import EXTRAS, install_message

ROOT = Path(creditbook.__file__).resolve().parents[2]
TEMPLATES = ROOT / "workbook_templates"

# A fresh interpreter where the libraries of the extras cannot be imported (the base install).
BASE_INSTALL = """
import sys
from importlib.abc import MetaPathFinder

class BaseInstall(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {blocked!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None

sys.meta_path.insert(0, BaseInstall())
from creditbook.cli import main
sys.argv = ["creditbook", *sys.argv[1:]]
main()
"""


def run_without(blocked: set[str], *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "200"}
    code = BASE_INSTALL.format(blocked=sorted(blocked))
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True
    )


WORKBOOKS = {name for name, extra in EXTRAS.items() if extra == "workbooks"}
DOCUMENTS = {name for name, extra in EXTRAS.items() if extra == "documents"}


def test_recalc_on_the_base_install_names_the_workbooks_extra(tmp_path):
    out = tmp_path / "out.xlsx"
    result = run_without(
        WORKBOOKS | DOCUMENTS, "recalc", str(TEMPLATES / "register.xlsx"), "-o", str(out)
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert 'pip install "creditbook[workbooks]"' in result.stderr
    assert "缺少模块 openpyxl" in result.stderr
    assert not out.exists()


def test_recalc_without_the_formula_engines_names_the_workbooks_extra(tmp_path):
    """The aging workbook's CB_AGING array needs the formulas engine: without it the command
    names the extra to install and writes nothing."""
    out = tmp_path / "o.xlsx"
    result = run_without({"formulas"}, "recalc", str(TEMPLATES / "aging.xlsx"), "-o", str(out))
    assert result.returncode == 1
    assert 'pip install "creditbook[workbooks]"' in result.stderr
    assert "缺少模块 formulas" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_a_register_of_fill_down_columns_recalculates_without_the_formulas_engine(tmp_path):
    """Every formula of the register is a fill-down column: the engine is never needed."""
    out = tmp_path / "o.xlsx"
    result = run_without({"formulas"}, "recalc", str(TEMPLATES / "register.xlsx"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.exists()


def test_a_document_command_without_documents_names_that_extra(tmp_path):
    result = run_without(
        DOCUMENTS, "templates", "sample", "demand", "--out", str(tmp_path / "d.docx")
    )
    assert result.returncode == 1, result.stdout
    assert 'pip install "creditbook[documents]"' in result.stderr


def test_every_library_of_the_extras_is_mapped():
    """The table matches pyproject.toml: one import name per distribution of each extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras = project["project"]["optional-dependencies"]
    renamed = {
        "python-calamine": "python_calamine",
        "msoffcrypto-tool": "msoffcrypto",
        "python-docx": "docx",
        "creditbook-fonts": "creditbook_fonts",
    }
    expected = {}
    for extra in ("workbooks", "documents"):
        for requirement in extras[extra]:
            if ";" in requirement:  # pywin32 on Windows: without it PDFs come from LibreOffice
                continue
            distribution = requirement.split(">")[0].split("=")[0].strip()
            expected[renamed.get(distribution, distribution)] = extra
    assert expected == EXTRAS


@pytest.mark.parametrize(
    ("module", "extra"), [("formulas.functions", "workbooks"), ("matplotlib", "documents")]
)
def test_the_extras_libraries_get_the_install_hint(module, extra):
    message = install_message(ModuleNotFoundError(f"No module named {module!r}", name=module))
    assert message is not None and f'pip install "creditbook[{extra}]"' in message


def test_any_other_missing_module_is_left_as_it_is():
    assert install_message(ModuleNotFoundError("No module named 'yaml'", name="yaml")) is None
