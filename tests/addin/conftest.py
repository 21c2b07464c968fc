"""Fixtures: the UDF modules under test (creditbook.udfs and stand-in CB_ samples)."""

from __future__ import annotations

import pytest
from addin_support import UDF_MODULES, officejs


@pytest.fixture(params=UDF_MODULES)
def udf_module_name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="session")
def officejs_meta() -> dict[str, dict]:
    return {name: officejs([{"op": "meta"}], name)[0] for name in UDF_MODULES}
