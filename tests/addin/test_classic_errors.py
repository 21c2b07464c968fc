"""Classic xlwings (Windows): a CB_ error reaches the cell as a real error value (CVErr).

What can be checked without Excel: the wrappers xlwings itself generates (vba_probe.py,
classic decorators) route every CB_ result through CreditbookResult; its table maps each
error text to the XlCVError code whose COM value (0x800A0000 + code, the integer Excel
hands over in Range.Value) is read back as the same error; and the value the Python side
hands to the wrapper for an error is that text. What the VBA compiler and Excel then do
needs Windows Excel (addin/README.md, "What is verified where").
"""

from __future__ import annotations

import re

import pytest
from addin_support import UDF_MODULES, classic_vba

from creditbook.addin.functions import cb_functions
from creditbook.udfs import _classic
from creditbook.udfs._cells import _COM_ERRORS
from creditbook.udfs._convert import EXCEL_ERRORS

WRAPPER = re.compile(r"^Function (\w+)\((.*?)\)\n(.*?)^End Function$", re.S | re.M)
CASE = re.compile(r'^\s*Case "([^"]+)": CreditbookError = CVErr\((\d+)\)$', re.M)


@pytest.fixture(scope="module")
def vba() -> str:
    return classic_vba(UDF_MODULES)[UDF_MODULES[0]]["vba"]


def com_value(code: int) -> int:
    """What Excel's COM interface hands over for CVErr(code): an HRESULT, as a signed int."""
    return (0x800A0000 | code) - (1 << 32)


def cell_value(vba: str, returned: object) -> object:
    """The cell value the generated CreditbookError gives for one returned element."""
    if not isinstance(returned, str):
        return returned
    table = {text: int(code) for text, code in CASE.findall(vba)}
    return ("CVErr", table[returned]) if returned in table else returned


def test_every_cb_wrapper_returns_through_the_conversion(vba):
    found = {name: body for name, _, body in WRAPPER.findall(vba)}
    assert set(found) == set(cb_functions(UDF_MODULES[0]))
    for name, body in found.items():
        assignments = re.findall(rf"^\s*{name} = (.*)$", body, re.M)
        calls = [a for a in assignments if "XLPy.CallUDF" in a]
        assert len(calls) == 2, name  # the Excel branch and the #Else branch
        assert all(a.startswith("CreditbookResult(XLPy.CallUDF(") for a in calls), name


def test_the_helpers_are_written_once_and_stay_private(vba):
    assert vba.count("Private Function CreditbookResult(") == 1
    assert vba.count("Private Function CreditbookError(") == 1
    assert "Public Function Creditbook" not in vba and "\nFunction Creditbook" not in vba
    assert max(map(len, vba.splitlines())) <= 1023


def test_each_error_text_becomes_the_cverr_excel_reads_back_as_that_error(vba):
    table = dict(CASE.findall(vba))
    standard = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"}
    assert set(table) == standard <= EXCEL_ERRORS
    for text, code in table.items():
        assert _COM_ERRORS[com_value(int(code))] == text


def test_codes_are_xlwings_own_cverror_constants():
    from xlwings.constants import CVError

    assert {
        "#NULL!": CVError.xlErrNull,
        "#DIV/0!": CVError.xlErrDiv0,
        "#VALUE!": CVError.xlErrValue,
        "#REF!": CVError.xlErrRef,
        "#NAME?": CVError.xlErrName,
        "#NUM!": CVError.xlErrNum,
        "#N/A": CVError.xlErrNA,
    } == _classic.ERROR_CODES


def test_what_python_returns_for_an_error_becomes_a_cverr_in_the_cell(vba):
    import creditbook.udfs as udfs

    returned = udfs.CB_DEBT_RATIO(5_400_000, 0)  # a company with no assets on file
    assert returned == "#DIV/0!"
    assert cell_value(vba, returned) == ("CVErr", 2007)
    assert cell_value(vba, udfs.CB_GRADE(None)) == ("CVErr", 2042)  # blank score
    # ordinary text and numbers pass unchanged, including text that merely starts with #
    assert cell_value(vba, udfs.CB_RMB_UPPER(1004.05)) == "人民币壹仟零肆元零伍分"
    assert cell_value(vba, "#3 仓库") == "#3 仓库"
    assert cell_value(vba, 0.45) == 0.45


def test_wrappers_of_other_modules_are_left_as_xlwings_writes_them():
    text = (
        "Function HELLO(name)\n"
        '        HELLO = XLPy.CallUDF("mymodule", "HELLO", Array(name))\n'
        "End Function\n"
    )
    assert _classic.with_error_values(text) == text
    cb = text.replace("HELLO", "CB_HELLO")
    assert "CB_HELLO = CreditbookResult(XLPy.CallUDF(" in _classic.with_error_values(cb)


def test_installing_twice_keeps_one_conversion():
    import types

    calls = []

    def generate_vba_wrapper(module_name, module, f, xl_workbook):
        calls.append(module_name)
        f.write('    CB_X = XLPy.CallUDF("m", "CB_X", Array())\n')

    fake = types.SimpleNamespace(generate_vba_wrapper=generate_vba_wrapper)
    _classic.install(fake)
    _classic.install(fake)
    import io

    out = io.StringIO()
    fake.generate_vba_wrapper("m", None, out, None)
    fake.generate_vba_wrapper("m2", None, out, None)
    assert calls == ["m", "m2"]
    assert out.getvalue().count("CreditbookResult(XLPy") == 2
    assert out.getvalue().count("Private Function CreditbookResult") == 1
