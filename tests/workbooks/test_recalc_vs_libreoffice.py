"""Headless recalculation follows the spreadsheet's rules: LibreOffice gives the same value in
every native formula cell of every shipped workbook, sample data as it is and with input
cells typed as text numbers with separators ("211,488.11", "12%") and left blank.

LibreOffice knows no CB_ function, so the copy it calculates holds each CB_ cell's headless
value as a constant; every other formula (IF, SUM, N, TRIM, &, comparisons, arithmetic …)
is calculated by LibreOffice itself and compared with `creditbook recalc`'s value.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import subprocess

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from creditbook.workbooks import recalc
from creditbook.workbooks.build import KINDS, new_workbook_file
from creditbook.workbooks.recalc import ExcelError

pytestmark = [pytest.mark.office, pytest.mark.slow]


def _text_numbers_and_blanks(path, out):
    """Every third amount (≥ 1,000) as text with separators, as pasted from an ERP export
    ("211,488.11"), and every sixth numeric input cell blank.

    Only plain input cells (not formulas, dates or flags) below the header rows change.
    Small whole numbers (scores 1–5, days) stay numbers: COUNTIF(range, 5) counts a text
    "5" in Excel and the `formulas` engine but not in LibreOffice, so that would compare
    LibreOffice's quirk, not ours."""
    wb = openpyxl.load_workbook(path)
    changed = 0
    for ws in wb.worksheets:
        n = 0
        for row in ws.iter_rows(min_row=5):
            for cell in row:
                value = cell.value
                if isinstance(value, bool) or not isinstance(value, int | float):
                    continue
                if cell.is_date:
                    continue
                n += 1
                if n % 3 == 0 and abs(value) >= 1000:
                    cell.value = f"{value:,}"  # 211488.11 → "211,488.11"
                    changed += 1
                elif n % 3 == 1 and n % 2:
                    cell.value = None
                    changed += 1
    wb.save(out)
    return changed


def _for_libreoffice(path, result, out):
    """The workbook with each CB_ formula cell replaced by the headless value."""
    wb = openpyxl.load_workbook(path)
    native: dict[str, set[str]] = {}
    for ws in wb.worksheets:
        values = result.values.get(ws.title, {})
        for sheet_formula_cell, text in result.formulas.get(ws.title, {}).items():
            if "CB_" not in text.upper():
                native.setdefault(ws.title, set()).add(sheet_formula_cell)
                continue
            anchor = ws[sheet_formula_cell]
            area = anchor.value.ref if isinstance(anchor.value, ArrayFormula) else None
            refs = [c.coordinate for row in ws[area] for c in row] if area else [sheet_formula_cell]
            for ref in refs:
                _set(ws[ref], values.get(ref))
    wb.save(out)
    return native


def _set(cell, value):
    if isinstance(value, ExcelError):
        cell.value = str(value)
        cell.data_type = "e"
    else:
        cell.value = None if value == "" else value


def _same(ours, theirs) -> bool:
    if isinstance(ours, ExcelError) or (isinstance(theirs, str) and theirs.startswith("#")):
        return str(ours) == str(theirs)
    if ours in ("", None) and theirs in ("", None):
        return True
    if isinstance(theirs, dt.datetime):  # LibreOffice keeps a date format on the result
        theirs = (theirs - dt.datetime(1899, 12, 30)).days
    if isinstance(ours, bool) or isinstance(theirs, bool):
        return ours == theirs and type(ours) is type(theirs)
    if isinstance(ours, int | float) and isinstance(theirs, int | float):
        return math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-9)
    return ours == theirs


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    """For every kind and both fillings: (native formula cells, ours, LibreOffice's)."""
    import shutil

    from creditbook.office.pdf import find_soffice

    if not shutil.which("soffice"):
        if os.environ.get("CREDITBOOK_REQUIRE_OFFICE"):
            pytest.fail("needs soffice")
        pytest.skip("needs soffice")
    work = tmp_path_factory.mktemp("lo")
    jobs = {}
    for kind in KINDS:
        sample = new_workbook_file(kind, work / f"{kind}-sample.xlsx", sample=True)
        typed = work / f"{kind}-typed.xlsx"
        assert _text_numbers_and_blanks(sample, typed) > 0, kind
        for label, path in (("sample", sample), ("typed", typed)):
            result = recalc.calculate(path)
            lo_in = work / "in" / f"{kind}-{label}.xlsx"
            lo_in.parent.mkdir(exist_ok=True)
            native = _for_libreoffice(path, result, lo_in)
            jobs[(kind, label)] = (lo_in, native, result)
    out = work / "out"
    subprocess.run(
        [
            find_soffice(),
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            *[str(lo_in) for lo_in, _, _ in jobs.values()],
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    found = {}
    for key, (lo_in, native, result) in jobs.items():
        calculated = openpyxl.load_workbook(out / lo_in.name, data_only=True)
        found[key] = (native, result, calculated)
    return found


@pytest.mark.parametrize("label", ["sample", "typed"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_native_formula_agrees_with_libreoffice(compared, kind, label):
    native, result, calculated = compared[(kind, label)]
    checked, differ = 0, []
    for sheet, cells in native.items():
        for ref in sorted(cells):
            ours = result.values[sheet][ref]
            theirs = calculated[sheet][ref].value
            checked += 1
            if not _same(ours, theirs):
                differ.append(
                    f"{sheet}!{ref} {result.formulas[sheet][ref]}: {ours!r} vs {theirs!r}"
                )
    assert checked > 0 or kind == "register", kind  # the register: every formula calls CB_
    assert differ == [], "\n".join(differ)


def _amount(value):
    return 0.0 if value is None else float(str(value).replace(",", ""))


def test_text_amounts_reach_the_native_arithmetic_of_the_ledger(compared):
    """The typed aging ledger holds "1,234.56"-style 金额/已收金额; 未收金额 (=F-G) is the
    difference of the figures, by both calculators, and no cell there is an error."""
    _, result, calculated = compared[("aging", "typed")]
    ws = calculated["应收台账"]
    rows = [
        r
        for r in range(5, ws.max_row + 1)
        if any(isinstance(ws[f"{c}{r}"].value, str) and "," in ws[f"{c}{r}"].value for c in "FG")
    ]
    assert len(rows) >= 3
    for r in rows:
        expected = _amount(ws[f"F{r}"].value) - _amount(ws[f"G{r}"].value)
        assert result.values["应收台账"][f"I{r}"] == pytest.approx(expected, abs=1e-6), r
        assert ws[f"I{r}"].value == pytest.approx(expected, abs=1e-6), r
