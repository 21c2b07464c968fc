"""The function reference (docs/functions.md), rendered from the Office.js metadata."""

from __future__ import annotations

import inspect
from typing import Any

from creditbook.addin.functions import UDF_MODULE
from creditbook.addin.officejs import load_metadata

HEADER = """# CB_ 函数参考 Function reference

<!-- Rendered from the functions' own help text: `creditbook addin docs --out docs/functions.md`.
Do not edit by hand; edit the docstrings and `@xw.arg(doc=...)` in src/creditbook/udfs/. -->

Every function is available under the same name in Windows Excel (classic xlwings add-in),
Excel on Mac and the web (xlwings Lite) and headless. Optional arguments are shown in
`[brackets]`. Bad input gives an Excel error instead of a result: blank required input
`#N/A`, text where a number is needed `#VALUE!`, zero denominator `#DIV/0!`, impossible
value `#NUM!`. An error cell passed in comes out as the same error.

### 错误值 Error values in each runtime

A function returns its error as the text `"#N/A"`, `"#DIV/0!"` …; each runtime turns that
text into a real error value (so `SUM`, `ISERROR`, `IFERROR` see an error):

- **Windows, classic xlwings** (`creditbook.xlam` or the xlwings add-in): the VBA wrappers
  xlwings generates when the functions are imported pass each result through
  `CreditbookResult`, which returns `CVErr(xlErrNA)` … for exactly these texts
  ([udfs/_classic.py](../src/creditbook/udfs/_classic.py)). Python cannot do it: pywin32
  turns a returned `VARIANT(VT_ERROR, code)` into "parameter not found" whatever the code
  ([oleargs.cpp, `case VT_ERROR`](https://github.com/mhammond/pywin32/blob/main/com/win32com/src/oleargs.cpp)),
  and xlwings has no option for it ([xlwings#776](https://github.com/xlwings/xlwings/issues/776)).
  Verified here: the generated VBA and its code table. Needs Windows Excel: the cell.
- **Excel on Mac and the web, xlwings Lite**: xlwings' Office.js layer turns the texts into
  error objects when Excel supports custom-functions runtime 1.4
  ([`errorstr_to_errortype`](https://github.com/xlwings/xlwings/blob/main/xlwings/pro/_xlofficejs.py)).
  Verified here: xlwings' own Office.js call. Needs Excel: the cell.
- **Headless** (`creditbook recalc`): the engines store a real error (`t="e"`). Verified here.

Functions imported into an add-in before this conversion existed still return text:
import them again (addin/README.md, step 3). The standard workbooks keep totals
error-aware in every runtime: `SUM`, `MAX` and `N()` pass a real error on, and no total
hides one behind `IFERROR`.
"""


def render_function_reference(meta: dict[str, Any] | None = None, module: str = UDF_MODULE) -> str:
    """Markdown for every CB_ function: signature, description, one row per argument."""
    if meta is None:
        meta = load_metadata(module)
    functions = meta["functions"]
    parts = [HEADER, _index(functions)]
    parts += [_section(function) for function in functions]
    return "\n".join(parts).rstrip() + "\n"


def _signature(function: dict[str, Any]) -> str:
    names = [f"[{p['name']}]" if p.get("optional") else p["name"] for p in function["parameters"]]
    return f"{function['name']}({', '.join(names)})"


def _index(functions: list[dict[str, Any]]) -> str:
    if not functions:
        return "_No CB_ functions are defined yet._\n"
    rows = ["| 函数 function | 说明 description |", "|---|---|"]
    rows += [
        f"| [`{f['name']}`](#{f['name'].lower()}) | {_cell(_first_line(f['description']))} |"
        for f in functions
    ]
    return "\n".join(rows) + "\n"


def _section(function: dict[str, Any]) -> str:
    lines = [
        f"## {function['name']}",
        "",
        f"`{_signature(function)}`",
        "",
        inspect.cleandoc(function["description"]),
        "",
    ]
    if function["parameters"]:
        lines += ["| 参数 argument | 必填 required | 说明 description |", "|---|---|---|"]
        lines += [
            f"| `{p['name']}` | {'否 no' if p.get('optional') else '是 yes'} "
            f"| {_cell(p['description'])} |"
            for p in function["parameters"]
        ]
        lines.append("")
    return "\n".join(lines)


def _first_line(text: str) -> str:
    return inspect.cleandoc(text).splitlines()[0] if text.strip() else ""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
