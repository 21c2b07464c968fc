"""Generate the VBA wrappers classic xlwings would import on Windows (run as a script).

pywin32 is stubbed so that ``xlwings.udfs`` imports on any OS; xlwings' classic decorators
replace the no-op ones before the UDF module is imported, as on Windows. Prints JSON:
per module, the VBA text and each function's classic metadata.
"""

from __future__ import annotations

import importlib
import io
import json
import sys
import types


def stub_pywin32() -> None:
    pythoncom = types.ModuleType("pythoncom")
    pythoncom.CoInitialize = lambda: None
    pywintypes = types.ModuleType("pywintypes")
    pywintypes.com_error = type("com_error", (Exception,), {})
    win32com = types.ModuleType("win32com")
    client = types.ModuleType("win32com.client")
    client.Dispatch = lambda *a, **k: None
    win32com.client = client
    sys.modules.update(
        {
            "pythoncom": pythoncom,
            "pywintypes": pywintypes,
            "win32com": win32com,
            "win32com.client": client,
        }
    )


def main(module_names: list[str]) -> None:
    stub_pywin32()
    import xlwings
    import xlwings.udfs as classic

    xlwings.func, xlwings.arg, xlwings.ret = classic.xlfunc, classic.xlarg, classic.xlret
    result = {name: wrappers(classic, name) for name in module_names}
    json.dump(result, sys.stdout, ensure_ascii=False)


def wrappers(classic: types.ModuleType, module_name: str) -> dict:
    module = importlib.import_module(module_name)
    workbook = types.SimpleNamespace(Name="creditbook.xlam")
    out = io.StringIO()
    classic.generate_vba_wrapper(module_name, module, out, workbook)
    functions = {
        name: {
            "args": [
                {k: a.get(k) for k in ("name", "vararg", "vba", "doc")}
                | {"optional": "optional" in a}
                for a in obj.__xlfunc__["args"]
            ],
            "doc": obj.__xlfunc__["ret"]["doc"],
            "category": obj.__xlfunc__["category"],
        }
        for name in dir(module)
        if hasattr(obj := getattr(module, name), "__xlfunc__")
    }
    return {"vba": out.getvalue(), "functions": functions}


if __name__ == "__main__":
    main(sys.argv[1:])
