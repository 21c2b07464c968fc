"""The rooms of docs/architecture.md: retired import paths stay gone, and the table of rooms,
the import-linter layers in pyproject.toml and the packages on disk agree."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "creditbook"

# Modules that moved (docs/architecture.md says where they live now).
RETIRED = {
    "creditbook.workbooks.readers": "creditbook.inputs.readers",
    "creditbook.workbooks.sources": "creditbook.inputs.sources",
    "creditbook.workbooks.cells": "creditbook.inputs.cells",
    "creditbook.workbooks.tables": "creditbook.inputs.tables",
    "creditbook.indicator_table": "creditbook.inputs.indicators",
    "creditbook.documents.evaluation_book": "creditbook.inputs.evaluation",
    "creditbook.documents.evaluation_cells": "creditbook.inputs.evaluation_cells",
    "creditbook.documents.pdf": "creditbook.office.pdf",
    "creditbook.documents.office": "creditbook.office.libreoffice",
    "creditbook.documents.word": "creditbook.office.word",
    "creditbook.documents._uno_client": "creditbook.office._uno_client",
    "creditbook.documents.adapters": "creditbook.documents.letter_batch / notice_batch",
    "creditbook.core.statements": "creditbook.core.financial_statements",
}


def _retired(name: str) -> str | None:
    return next((old for old in RETIRED if name == old or name.startswith(old + ".")), None)


def offences(source: str) -> list[str]:
    """Each import (or dotted string, as monkeypatch takes) that names a retired module."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
            if not _retired(node.module):  # from creditbook.workbooks import readers
                names += [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names = [node.value]
        for name in names:
            old = _retired(name)
            if old:
                found.append(f"line {node.lineno}: {old} → {RETIRED[old]}")
    return found


def test_the_scan_finds_each_way_of_naming_a_retired_module():
    source = (
        "import creditbook.core.statements\n"
        "from creditbook.workbooks import readers, export\n"
        "from creditbook.documents.pdf import convert_to_pdf\n"
        "patch = 'creditbook.documents.office.office_pool'\n"
        "from creditbook.inputs import readers\n"
        "from creditbook.core import financial_statements\n"
    )
    assert offences(source) == [
        "line 1: creditbook.core.statements → creditbook.core.financial_statements",
        "line 2: creditbook.workbooks.readers → creditbook.inputs.readers",
        "line 3: creditbook.documents.pdf → creditbook.office.pdf",
        "line 4: creditbook.documents.office → creditbook.office.libreoffice",
    ]


def test_no_code_imports_a_retired_module():
    here = Path(__file__).resolve()
    found = [
        f"{path.relative_to(ROOT)} {offence}"
        for folder in ("src", "tests", "bench", "scripts")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path != here
        for offence in offences(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_no_retired_module_is_left_on_disk():
    left = [old for old in RETIRED if (ROOT / "src" / (old.replace(".", "/") + ".py")).exists()]
    assert left == []


def _table_levels() -> list[set[str]]:
    """The rooms of docs/architecture.md's table, grouped by level, top level first."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    levels: dict[int, set[str]] = {}
    for level, room in re.findall(r"^\| (\d+) \| `([\w.]+)` \|", text, flags=re.MULTILINE):
        levels.setdefault(int(level), set()).add(room)
    assert sorted(levels) == list(range(1, len(levels) + 1)), "levels numbered 1, 2, 3 …"
    return [levels[n] for n in sorted(levels)]


def _linter_levels() -> list[set[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (layers,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    assert layers["containers"] == ["creditbook"]
    return [{room.strip() for room in line.split("|")} for line in layers["layers"]]


def _rooms_on_disk() -> set[str]:
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    modules = {p.stem for p in PACKAGE.glob("*.py") if p.name != "__init__.py"}
    return packages | modules


def test_the_table_of_rooms_is_the_import_linter_layers():
    assert _table_levels() == _linter_levels()


def test_every_room_on_disk_has_its_level():
    rooms = set().union(*_table_levels())
    assert rooms == _rooms_on_disk()


def test_the_docs_name_udfs_above_inputs_and_office_below_documents():
    order = [room for level in _linter_levels() for room in sorted(level)]
    assert order.index("udfs") < order.index("inputs")
    assert order.index("documents") < order.index("workbooks") < order.index("office")
    assert order.index("office") < order.index("udfs")
