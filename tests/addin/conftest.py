"""Fixtures: the UDF modules under test, and one Office.js child process for the session."""

from __future__ import annotations

import pytest
from addin_support import UDF_MODULES, officejs
from typical_args import plan

from creditbook.addin.lite import MAIN_PY

LITE_MAINS = {"lite_main": MAIN_PY}  # xlwings Lite's main.py, importable as a module


@pytest.fixture(scope="session")
def officejs_answers(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple, dict]:
    """Every Office.js request of the add-in tests, answered by one server-mode process."""
    folder = tmp_path_factory.mktemp("lite")
    for name, text in LITE_MAINS.items():
        (folder / f"{name}.py").write_text(text, encoding="utf-8")
    requests = {("meta", m, ""): {"op": "meta", "module": m} for m in [*UDF_MODULES, *LITE_MAINS]}
    for module in UDF_MODULES:
        requests |= {(case, module, name): r for (case, name), r in plan(module).items()}
    replies = officejs(list(requests.values()), extra_paths=[str(folder)])
    return dict(zip(requests, replies, strict=True))


@pytest.fixture(scope="session")
def officejs_meta(officejs_answers: dict) -> dict[str, dict]:
    return {
        module: reply for (case, module, _), reply in officejs_answers.items() if case == "meta"
    }
