"""Any Excel-like input: a CB_ function never raises and answers with something Excel shows."""

from __future__ import annotations

import datetime as dt
import inspect
import math
import os

import pytest
from addin_support import UDF_MODULES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creditbook.addin.functions import cb_functions

ERRORS = ["#N/A", "#VALUE!", "#DIV/0!", "#NUM!", "#REF!", "#NAME?", "#NULL!"]

scalars = st.one_of(
    st.none(),
    st.just(""),
    st.text(max_size=12),
    st.sampled_from(["是", "否", "Y", "N", "TRUE", " 12.5 ", "1,000", "ABC", "abcd", "资产总计"]),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e308, -1e308, 5e-324, 0.0, -0.0, 2958465.0, 60.0, 1.0]),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    st.sampled_from(ERRORS),
)
rows = st.integers(min_value=1, max_value=4)
ranges = st.one_of(
    rows.flatmap(lambda n: st.lists(st.lists(scalars, min_size=n, max_size=n), max_size=6)),
    st.lists(scalars, max_size=5),  # 1-D, as a single row or column may arrive
    st.lists(st.lists(st.lists(scalars, max_size=2), max_size=2), max_size=2),  # nested
)
excel_values = st.one_of(scalars, scalars, ranges)


def functions() -> list:
    return [
        pytest.param(func, id=name)
        for module in UDF_MODULES
        for name, func in cb_functions(module).items()
    ]


def is_cell(value) -> bool:
    if value is None or isinstance(value, bool | str | dt.date):
        return True
    return isinstance(value, int | float) and math.isfinite(value)


def is_excel_result(value) -> bool:
    """A number, text, date, Excel error text or a rectangular 2-D list of such cells."""
    if isinstance(value, list):
        return (
            bool(value)
            and all(isinstance(row, list) and row for row in value)
            and len({len(row) for row in value}) == 1
            and all(is_cell(c) for row in value for c in row)
        )
    return value is not None and is_cell(value)


@pytest.mark.parametrize("func", functions())
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=bool(os.environ.get("CI")),  # CI: the same examples every run; locally: new ones
)
@given(data=st.data())
def test_any_excel_input_gives_an_excel_result(func, data):
    params = list(inspect.signature(func).parameters.values())
    needed = sum(p.default is inspect.Parameter.empty for p in params)
    count = data.draw(st.integers(min_value=needed, max_value=len(params)), label="args")
    args = [data.draw(excel_values, label=p.name) for p in params[:count]]
    result = func(*args)
    assert is_excel_result(result), f"{func.__name__}{tuple(args)!r} returned {result!r}"
