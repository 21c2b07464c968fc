"""excel_safe keeps what xlwings reads to register a function, in both runtimes.

Each check runs in a fresh interpreter: xlwings chooses its decorators at import time,
the classic module needs pywin32 stand-ins, and the Office.js code wants a license key
at import (the noncommercial key is enough to inspect the metadata it would register).
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _run(script: str) -> dict:
    key = os.environ.get("XLWINGS_LICENSE_KEY", "noncommercial")
    env = {"PYTHONPATH": SRC, "XLWINGS_LICENSE_KEY": key}
    run = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


OFFICE_JS = """
    import json, types
    import xlwings.server as xw
    from creditbook.udfs._convert import CELL, excel_safe

    @xw.func
    @xw.arg("amount", doc="金额 amount", **CELL)
    @xw.arg("days", doc="天数 days (default 360)", **CELL)
    @excel_safe
    def CB_SAMPLE(amount, days=360, policy=None):
        "示例 sample function."
        return amount

    module = types.ModuleType("sample_udfs")
    module.CB_SAMPLE = CB_SAMPLE
    print(json.dumps(xw.custom_functions_meta(module), ensure_ascii=False))
"""


@pytest.mark.slow
def test_office_js_metadata_keeps_docs_and_optional_arguments():
    (function,) = _run(OFFICE_JS)["functions"]
    assert function["name"] == "CB_SAMPLE"
    assert function["description"] == "示例 sample function."
    parameters = {p["name"]: p for p in function["parameters"]}
    assert list(parameters) == ["amount", "days", "policy"]
    assert parameters["amount"]["description"] == "金额 amount"
    assert "optional" not in parameters["amount"]
    assert parameters["days"]["optional"] is True
    assert parameters["policy"]["optional"] is True


CLASSIC = """
    import io, json, sys, types
    # xlwings.udfs imports pywin32 at import time; stand-ins suffice to write the wrapper.
    for name in ("pythoncom", "pywintypes", "win32com", "win32com.client"):
        sys.modules[name] = types.ModuleType(name)
    sys.modules["win32com.client"].Dispatch = None
    sys.modules["pythoncom"].CoInitialize = lambda: None
    import xlwings.udfs as udfs
    from creditbook.udfs._convert import CELL, excel_safe

    @udfs.xlfunc
    @udfs.xlarg("amount", doc="金额 amount", **CELL)
    @excel_safe
    def CB_SAMPLE(amount, days=360, policy=None):
        "示例 sample function."
        return amount

    module = types.ModuleType("sample_udfs")
    module.CB_SAMPLE = CB_SAMPLE

    class Book:
        Name = "creditbook.xlam"

    out = io.StringIO()
    udfs.generate_vba_wrapper("creditbook.udfs", module, out, Book())
    signature = next(line.strip() for line in out.getvalue().splitlines() if "CB_SAMPLE(" in line)
    xlf = CB_SAMPLE.__xlfunc__
    print(json.dumps({"vba": signature, "doc": xlf["ret"]["doc"],
                      "args": [[a["name"], a["doc"], "optional" in a] for a in xlf["args"]]}))
"""


@pytest.mark.slow
def test_classic_vba_wrapper_keeps_optional_arguments():
    result = _run(CLASSIC)
    assert result["vba"] == "Function CB_SAMPLE(amount, Optional days, Optional policy)"
    assert result["doc"] == "示例 sample function."
    assert result["args"][0] == ["amount", "金额 amount", False]
    assert [optional for *_, optional in result["args"]] == [False, True, True]


SERVER_META = """
    import json, os
    os.environ["XLWINGS_ON_SERVER"] = "true"  # xw.func/xw.arg become the Office.js ones
    import xlwings.server as xw
    import creditbook.udfs
    print(json.dumps(xw.custom_functions_meta(creditbook.udfs), ensure_ascii=False))
"""


@pytest.mark.slow
def test_every_cb_function_registers_with_chinese_help():
    import creditbook.udfs

    functions = {f["name"]: f for f in _run(SERVER_META)["functions"]}
    assert set(functions) == set(creditbook.udfs.__all__)
    for name, function in functions.items():
        assert len(function["description"]) <= 255, name
        for parameter in function["parameters"]:
            doc = parameter["description"]
            assert not doc.startswith("Positional argument"), (name, parameter["name"])
            assert len(doc) <= 255 and any("\u4e00" <= c <= "\u9fff" for c in doc), name
    limit = {p["name"]: p for p in functions["CB_LIMIT"]["parameters"]}
    assert "optional" not in limit["grade"]
    assert [n for n, p in limit.items() if p.get("optional")] == [
        "net_worth",
        "working_capital",
        "is_new",
        "policy",
    ]


OFFICE_JS_CALLS = """
    import asyncio, json, os
    os.environ["XLWINGS_ON_SERVER"] = "true"
    import xlwings as xw
    import xlwings.server as server
    import creditbook.udfs as module

    def call(name, *args):
        data = {"func_name": name, "args": list(args), "version": xw.__version__,
                "client": "Office.js", "runtime": "1.4", "culture_info_name": "zh-CN",
                "date_format": "yyyy/m/d", "caller_address": "Sheet1!A1"}
        return asyncio.run(server.custom_functions_call(data, module))

    div0 = {"type": "Error", "basicValue": "#DIV/0!", "errorType": "Div0"}
    print(json.dumps({
        "ratio": call("CB_DEBT_RATIO", [[40]], [[100]]),
        "error_in": call("CB_DEBT_RATIO", [[40]], [[div0]]),
        "blank": call("CB_DEBT_RATIO", [[None]], [[100]]),
        "text": call("CB_DEBT_RATIO", [["abc"]], [[100]]),
        "zero": call("CB_DEBT_RATIO", [[40]], [[0]]),
        "negative": call("CB_DEBT_RATIO", [[40]], [[-1]]),
        "limit": call("CB_LIMIT", [["B"]], [[500000]], [[8e6]], [[3e6]], [["是"]], [[None]]),
        "grade": call("CB_GRADE", [[82]], [["aaa"]]),
    }, ensure_ascii=False))
"""


@pytest.mark.slow
def test_office_js_calls_give_values_and_real_error_cells():
    result = _run(OFFICE_JS_CALLS)

    def error(kind):
        return [[{"type": "Error", "errorType": kind}]]

    assert result["ratio"] == [[0.4]]
    assert result["error_in"] == error("Div0")  # the upstream error passes through
    assert result["blank"] == error("NotAvailable")
    assert result["text"] == error("Value")
    assert result["zero"] == error("Div0")
    assert result["negative"] == error("Num")
    assert result["limit"] == [[200000.0]]
    assert result["grade"] == [["AA"]]
