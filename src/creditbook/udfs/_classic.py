"""Classic xlwings (Windows): CB_ errors reach the cell as real Excel errors, not as text.

A CB_ function signals an error by returning its text ("#N/A", "#DIV/0!" …): Office.js
(xlwings Lite, Server) turns that text into a real error, classic xlwings does not, and
Python cannot do it either — pywin32 converts a returned ``VARIANT(VT_ERROR, code)`` to
DISP_E_PARAMNOTFOUND whatever the code (``PythonOleArgHelper::MakeObjToVariant`` in
pywin32's oleargs.cpp). So the conversion happens in VBA: the wrappers xlwings writes for
creditbook's functions (``ImportPythonUDFs`` / *Import Functions*, which run
``xlwings.udfs.import_udfs`` → ``generate_vba_wrapper``) pass the result through
``CreditbookResult``, which turns exactly these texts into ``CVErr(xlErr…)``, cell by cell
for an array. Wrappers of other UDF modules are left as xlwings writes them.
"""

import io
import re
import sys
import weakref
from types import ModuleType
from typing import Any

__all__ = ["ERROR_CODES", "HELPERS", "hook", "install", "with_error_values"]

# Excel's XlCVError codes (xlwings.constants.CVError): CVErr(code) is the error value.
ERROR_CODES: dict[str, int] = {
    "#NULL!": 2000,
    "#DIV/0!": 2007,
    "#VALUE!": 2015,
    "#REF!": 2023,
    "#NAME?": 2029,
    "#NUM!": 2036,
    "#N/A": 2042,
}
_CASES = "\n".join(
    f'        Case "{text}": CreditbookError = CVErr({code})' for text, code in ERROR_CODES.items()
)
HELPERS = f"""
' creditbook: a CB_ function's error text becomes a real Excel error (CVErr)
Private Function CreditbookResult(ByVal result As Variant) As Variant
    Dim i As Long, j As Long, last As Long
    If Not IsArray(result) Then
        CreditbookResult = CreditbookError(result)
        Exit Function
    End If
    last = -1
    On Error Resume Next
    last = UBound(result, 2)
    On Error GoTo 0
    If last = -1 Then
        For i = LBound(result) To UBound(result)
            result(i) = CreditbookError(result(i))
        Next i
    Else
        For i = LBound(result, 1) To UBound(result, 1)
            For j = LBound(result, 2) To last
                result(i, j) = CreditbookError(result(i, j))
            Next j
        Next i
    End If
    CreditbookResult = result
End Function

Private Function CreditbookError(ByVal value As Variant) As Variant
    CreditbookError = value
    If VarType(value) <> vbString Then Exit Function
    Select Case value
{_CASES}
    End Select
End Function
"""
_CALL = re.compile(r"^(\s*)(CB_\w+) = (XLPy\.CallUDF\(.*\))\s*$", re.MULTILINE)


def with_error_values(vba: str) -> str:
    """Wrapper code whose CB_ results go through CreditbookResult (helpers not included)."""
    return _CALL.sub(r"\1\2 = CreditbookResult(\3)", vba)


def install(udfs: ModuleType) -> None:
    """Make ``udfs.generate_vba_wrapper`` (classic xlwings) write converting CB_ wrappers."""
    original = udfs.generate_vba_wrapper
    if getattr(original, "creditbook_errors", False):
        return
    helped: weakref.WeakSet[Any] = weakref.WeakSet()

    def generate_vba_wrapper(module_name: str, module: Any, f: Any, xl_workbook: Any) -> None:
        buffer = io.StringIO()
        original(module_name, module, buffer, xl_workbook)
        text = buffer.getvalue()
        converted = with_error_values(text)
        f.write(converted)
        if converted != text and f not in helped:
            f.write(HELPERS)
            helped.add(f)

    generate_vba_wrapper.creditbook_errors = True  # type: ignore[attr-defined]
    udfs.__dict__["generate_vba_wrapper"] = generate_vba_wrapper  # a module's attributes


def hook() -> None:
    """Install when classic xlwings is loaded (Windows: its COM server imports it first)."""
    udfs = sys.modules.get("xlwings.udfs")
    if udfs is not None and hasattr(udfs, "generate_vba_wrapper"):
        install(udfs)
