"""The committed workbook_templates/*.xlsx are exactly what the builders produce."""

from __future__ import annotations

import io

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from creditbook.workbooks.build import (
    KINDS,
    TEMPLATE_DIR,
    build_workbook,
    template_name,
    workbook_bytes,
)


def _cells(book):
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                value = c.value
                if isinstance(value, ArrayFormula):
                    value = (value.ref, value.text)
                yield (
                    (ws.title, c.coordinate),
                    (
                        value,
                        c.data_type,
                        c.style,
                        c.number_format,
                        c.fill.fgColor.rgb,
                        c.font.b,
                        c.protection.locked,
                    ),
                )


def _layout(book):
    return {
        ws.title: (
            sorted(str(r) for r in ws.merged_cells.ranges),
            sorted(ws.tables.items()),
            sorted(str(v.sqref) for v in ws.data_validations.dataValidation),
            sorted(str(r.sqref) for r in ws.conditional_formatting),
            ws.freeze_panes,
            ws.print_title_rows,
            ws.page_setup.orientation,
            len(ws._charts),
        )
        for ws in book.worksheets
    }


@pytest.mark.parametrize("kind", KINDS)
def test_committed_template_matches_the_builder_cell_by_cell(kind):
    path = TEMPLATE_DIR / template_name(kind)
    committed = openpyxl.load_workbook(path)
    built = openpyxl.load_workbook(io.BytesIO(workbook_bytes(build_workbook(kind))))
    assert committed.sheetnames == built.sheetnames
    assert dict(_cells(committed)) == dict(_cells(built)), (
        f"{path.name} is stale: run `python scripts/build_templates.py`"
    )
    assert _layout(committed) == _layout(built)
