"""Fixtures: the UDF modules under test (creditbook.udfs and stand-in CB_ samples)."""

from __future__ import annotations

from pathlib import Path

import pytest

from creditbook.addin.functions import cb_functions
from creditbook.addin.officejs import run_requests

HERE = Path(__file__).parent
REPO = HERE.parents[1]
# The real module, plus stand-ins that keep the machinery proven while it is still empty.
UDF_MODULES = ["creditbook.udfs", "sample_udfs"]


@pytest.fixture(params=UDF_MODULES)
def udf_module_name(request: pytest.FixtureRequest) -> str:
    return request.param


def officejs(requests: list[dict], module: str) -> list:
    """Answers of a server-mode child process (one process for the whole batch)."""
    return run_requests(requests, module=module, pythonpath=[str(HERE)])


@pytest.fixture(scope="session")
def officejs_meta() -> dict[str, dict]:
    return {name: officejs([{"op": "meta"}], name)[0] for name in UDF_MODULES}


def functions_of(module: str) -> dict:
    return cb_functions(module)
