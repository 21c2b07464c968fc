"""Office.js path (xlwings Lite / Server): every CB_ function through custom_functions_call.

One server-mode child process (the session fixture officejs_answers) answers every call.
"""

from __future__ import annotations

import datetime as dt
import inspect
import math
import re

import pytest
from addin_support import UDF_MODULES
from typical_args import RANGE_ARGS, SPILLING

# A blank 最长逾期天数 is 0 (a new customer's register row has no overdue days yet): no stage,
# as Excel's arithmetic treats the blank; every other function answers a blank with #N/A.
BLANK_IS_ZERO = {"CB_DUNNING_STAGE"}

from creditbook.addin.functions import cb_functions

ERROR_TYPES = {
    "#DIV/0!": "Div0",
    "#N/A": "NotAvailable",
    "#NAME?": "Name",
    "#NULL!": "Null",
    "#NUM!": "Num",
    "#REF!": "Ref",
    "#VALUE!": "Value",
}
CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH = re.compile(r"[A-Za-z]{3,}")


def parameters(func) -> list[inspect.Parameter]:
    return list(inspect.signature(func).parameters.values())


@pytest.fixture
def answers(officejs_answers: dict) -> dict[str, dict]:
    """module → {(case, function): reply}."""
    result: dict[str, dict] = {module: {} for module in UDF_MODULES}
    for (case, module, name), reply in officejs_answers.items():
        if case != "meta":
            result[module][case, name] = reply
    return result


def value(answers: dict, module: str, case: str, name: str):
    reply = answers[module][case, name]
    assert "raised" not in reply, f"{name} ({case}) raised {reply['raised']}"
    return reply["value"]


def as_officejs(result):
    """What Office.js should receive for a Python result: a matrix, errors as objects."""
    rows = result if isinstance(result, list) else [[result]]
    return [[_cell(v) for v in row] for row in rows]


def _cell(v):
    if isinstance(v, dict) and "$date" in v:  # a date result: a serial number shown as a date
        day = dt.datetime.fromisoformat(v["$date"]) - dt.datetime(1899, 12, 30)
        serial = day.days + day.seconds / 86400
        return {"type": "FormattedNumber", "basicValue": serial, "numberFormat": "yyyy/m/d"}
    if isinstance(v, str) and v in ERROR_TYPES:
        return {"type": "Error", "errorType": ERROR_TYPES[v]}
    return "" if v is None else v


def same(a, b) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return a == b


def cases(module: str):
    return cb_functions(module).items()


@pytest.mark.parametrize("module", UDF_MODULES)
def test_listed_with_chinese_and_english_help(module, officejs_meta):
    listed = {f["id"]: f for f in officejs_meta[module]["functions"]}
    assert sorted(listed) == sorted(cb_functions(module))
    for name, func in cases(module):
        meta = listed[name]
        assert meta["name"] == name
        assert CJK.search(meta["description"]), f"{name}: no Chinese description"
        assert ENGLISH.search(meta["description"]), f"{name}: no English term"
        assert len(meta["description"]) <= 255, name
        params = parameters(func)
        assert [p["name"] for p in meta["parameters"]] == [p.name for p in params]
        for param, spec in zip(params, meta["parameters"], strict=True):
            where = f"{name}.{param.name}"
            assert CJK.search(spec["description"]), f"{where}: no Chinese help"
            assert len(spec["description"]) <= 255, where
            is_optional = param.default is not inspect.Parameter.empty
            assert spec.get("optional", False) == is_optional, where


@pytest.mark.parametrize("module", UDF_MODULES)
def test_dates_as_serial_numbers_give_what_datetimes_give(module, answers):
    dated = [name for (case, name) in answers[module] if case == "dates direct"]
    for name in dated:
        through_officejs = value(answers, module, "typical", name)
        from_datetimes = value(answers, module, "dates direct", name)
        assert same(through_officejs, as_officejs(from_datetimes)), name
        assert through_officejs != [[{"type": "Error", "errorType": "Value"}]], name


@pytest.mark.parametrize("module", UDF_MODULES)
def test_omitted_optional_arguments_arrive_as_the_defaults(module, answers):
    for name, _ in cases(module):
        omitted = value(answers, module, "omitted", name)
        expected = as_officejs(value(answers, module, "omitted direct", name))
        assert same(omitted, expected), name


@pytest.mark.parametrize("module", UDF_MODULES)
def test_ranges_arrive_as_2d_lists(module, answers):
    for name, func in cases(module):
        if not any(p.name in RANGE_ARGS for p in parameters(func)):
            continue
        through_officejs = value(answers, module, "typical", name)
        direct = as_officejs(value(answers, module, "typical direct", name))
        assert same(through_officejs, direct), name
        assert through_officejs != [[{"type": "Error", "errorType": "Value"}]], name


@pytest.mark.parametrize("module", UDF_MODULES)
def test_blank_required_input_is_a_real_na_error(module, answers):
    not_na = {
        name
        for name, _ in cases(module)
        if value(answers, module, "blank", name)
        != [[{"type": "Error", "errorType": "NotAvailable"}]]
    }
    assert not_na == BLANK_IS_ZERO


@pytest.mark.parametrize("module", UDF_MODULES)
def test_error_strings_never_reach_excel_as_text(module, answers):
    for (case, name), reply in answers[module].items():
        if case.endswith("direct"):
            continue
        cells = [c for row in reply["value"] for c in row]
        assert not [c for c in cells if isinstance(c, str) and c in ERROR_TYPES], (name, case)


@pytest.mark.parametrize("module", UDF_MODULES)
def test_results_are_rectangular_matrices_and_tables_spill(module, answers):
    for (case, name), reply in answers[module].items():
        if case.endswith("direct"):
            continue
        matrix = reply["value"]
        assert isinstance(matrix, list) and matrix, (name, case)
        assert len({len(row) for row in matrix}) == 1, f"{name} ({case}) is ragged"
    for name, _ in cases(module):
        if name in SPILLING:
            matrix = value(answers, module, "typical", name)
            assert len(matrix) >= 2 and len(matrix[0]) >= 2, f"{name} does not spill"


@pytest.mark.parametrize("module", UDF_MODULES)
def test_an_error_cell_passed_in_comes_out_as_an_error(module, answers):
    for name, _ in cases(module):
        result = value(answers, module, "error in", name)
        assert result == [[{"type": "Error", "errorType": "Div0"}]], name  # passed on


@pytest.mark.parametrize("module", UDF_MODULES)
def test_odd_worksheet_input_never_raises_through_xlwings(module, answers):
    raised = {key: reply["raised"] for key, reply in answers[module].items() if "raised" in reply}
    assert not raised
    assert any(case.startswith("random") for case, _ in answers[module])
