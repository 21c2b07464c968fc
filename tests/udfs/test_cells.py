"""Range arguments in xlwings' raw form (Office.js objects, Windows COM values), cleaned once."""

import datetime as dt
import math
from types import SimpleNamespace

import numpy as np
import pytest
from xlwings import conversion

from creditbook.udfs import CB_AGING, CB_ON_TIME_RATE, CB_OVERDUE_AMOUNT, CB_RATIOS, CB_SCORE
from creditbook.udfs._cells import CellRows, cell, tidy
from creditbook.udfs._convert import RANGE, matrix

AS_OF = 46326  # 2026-10-31
HEADER = ["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额", "已收金额"]


def office_error(text: str, error_type: str) -> dict:
    return {"type": "Error", "basicValue": text, "errorType": error_type}


class JsNull:
    """Pyodide's JsNull: what xlwings Lite hands over for a blank cell of a range."""


class ComTime(dt.datetime):
    """pywintypes.datetime: a datetime subclass in UTC, as COM hands over date cells."""


def raw(value):
    """A range argument as xlwings converts it: the "raw" reader pipeline, then Cells.

    (``conversion.read`` itself wants a registered engine, which Linux does not have.)
    """
    context = SimpleNamespace(range=None, value=value)
    conversion.accessors.get(RANGE["convert"], RANGE["convert"]).reader(RANGE)(context)
    return context.value


def big_ledger(rows: int, invoice_date=46200, due_date=46230) -> list[list]:
    table = [HEADER]
    for i in range(rows):
        customer = i % 50
        row = [f"C{customer:03d}", f"客户{customer}", f"INV{i}", invoice_date, due_date]
        table.append([*row, 1000 + i % 7, 0])
    return table


# ── One cell ─────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (office_error("#DIV/0!", "Div0"), "#DIV/0!"),
        ({"type": "Error", "errorType": "NotAvailable"}, "#N/A"),  # no basicValue
        ({"type": "Error", "errorType": "Spill"}, "#SPILL!"),
        ({"type": "FormattedNumber", "basicValue": 46326, "numberFormat": "yyyy/m/d"}, 46326),
        ({"type": "String", "basicValue": "  "}, None),
        (-2146826281, "#DIV/0!"),  # COM error codes
        (-2146826246, "#N/A"),
        (JsNull(), None),
        ("", None),
        ("  ", None),
        (float("nan"), None),
        (np.float64(2.5), 2.5),
        ("#N/A", "#N/A"),
        (12, 12),
        (True, True),
    ],
)
def test_a_raw_cell_becomes_a_plain_value(value, expected):
    assert cell(value) == expected


# ── Shapes ───────────────────────────────────────────────────────────────────


def test_the_converter_reads_a_flat_list_as_one_row():
    # Office.js hands a one-row range over as a flat list, COM a row constant as a tuple
    assert raw(["净利润", 0.1]) == [["净利润", 0.1]]
    assert raw(("a", None, "b")) == [["a", None, "b"]]
    assert raw([["a"], ["b"]]) == [["a"], ["b"]]
    assert raw((("a", 1.0), ("b", None))) == [["a", 1.0], ["b", None]]


def test_the_converter_never_raises_and_gives_rows():
    assert raw(None) == []
    assert raw([[None, ""], ["", JsNull()]]) == []
    assert raw("ABC") == [["ABC"]]
    assert raw(office_error("#REF!", "Ref")) == [["#REF!"]]
    assert isinstance(raw([[1]]), CellRows)


def test_rows_from_the_converter_are_taken_as_they_are_and_blank_is_missing():
    rows = raw([[1, 2], [3, None]])
    assert matrix(rows) is rows
    with pytest.raises(Exception, match="区域为空"):
        matrix(raw(None))


def test_tidy_trims_trailing_blanks_and_pads_ragged_rows():
    assert tidy([[1, 2, None], [3], [None, ""]]) == [[1, 2], [3, None]]
    assert tidy([(JsNull(), 1), (None, None)]) == [[None, 1]]


# ── Big ranges ───────────────────────────────────────────────────────────────


def test_blank_text_and_nan_anywhere_in_a_big_range_become_blank():
    table = big_ledger(20_000)
    table[12_345][6] = ""  # 已收金额 blank
    table[19_999][6] = float("nan")
    table[5][6] = "   "
    rows = tidy(table)
    assert rows[12_345][6] is None and rows[19_999][6] is None and rows[5][6] is None
    assert rows[12_346] == table[12_346]


def test_error_objects_and_com_codes_in_a_big_range_become_error_text():
    office = big_ledger(20_000)
    office[15_000][5] = office_error("#N/A", "NotAvailable")
    assert tidy(office)[15_000][5] == "#N/A"
    com = [tuple(row) for row in big_ledger(20_000)]
    com[15_000] = (*com[15_000][:5], -2146826281, 0.0)
    rows = tidy(com)
    assert rows[15_000][5] == "#DIV/0!"
    assert rows[15_001][5] == com[15_001][5]


def test_aging_is_the_same_from_serial_dates_and_from_com_datetimes():
    serials = big_ledger(5_000)
    com = [tuple(serials[0])] + [
        (
            *row[:3],
            ComTime(2026, 6, 27, tzinfo=dt.UTC),
            ComTime(2026, 7, 27, tzinfo=dt.UTC),
            float(row[5]),
            None,
        )
        for row in serials[1:]
    ]
    from_serials = CB_AGING(raw(serials), AS_OF)
    assert from_serials == CB_AGING(raw(com), AS_OF)
    assert from_serials[1][-1] == 96  # 2026-07-27 → 2026-10-31


def test_aging_of_a_big_range_with_blank_rows_between_entries():
    table = big_ledger(10_000)
    table[500] = [None] * 7
    table[501] = [JsNull()] * 7
    totals = CB_AGING(raw(table), AS_OF)
    amounts = [row[5] for row in table[1:] if isinstance(row[5], int)]
    assert len(amounts) == 10_000 - 2
    assert sum(row[-3] for row in totals[1:]) == sum(amounts)


def test_an_error_cell_in_a_big_ledger_is_an_excel_error():
    table = big_ledger(10_000)
    table[9_000][5] = office_error("#DIV/0!", "Div0")
    assert CB_AGING(raw(table), AS_OF) == "#VALUE!"


def test_error_cells_in_payment_ranges_pass_on_their_error():
    due = [[46200]] * 1_000 + [[office_error("#N/A", "NotAvailable")]]
    paid = [[46200]] * 1_001
    assert CB_ON_TIME_RATE(raw(due), raw(paid), None, None, AS_OF) == "#N/A"
    amounts = [[100.0]] * 1_000 + [[-2146826273]]  # COM #VALUE!
    assert CB_OVERDUE_AMOUNT(raw(amounts), raw(due[:1] * 1_001), None, AS_OF) == "#VALUE!"


def test_payment_ranges_with_com_datetimes_and_serials_agree():
    due_serials = [[46200.0 + i % 30] for i in range(2_000)]
    first = ComTime(2026, 6, 27, tzinfo=dt.UTC)
    due_com = [(first + dt.timedelta(days=i % 30),) for i in range(2_000)]
    paid = [[None]] * 2_000
    rate = CB_ON_TIME_RATE(raw(due_serials), raw(paid), None, None, AS_OF)
    assert rate == CB_ON_TIME_RATE(raw(tuple(due_com)), raw(paid), None, None, AS_OF)
    assert rate == 0.0


def test_a_one_row_indicator_range_from_office_js_is_one_indicator():
    # to_scalar turns [["销售净利率", 0.1]] into ["销售净利率", 0.1] before the converter runs
    one_row = CB_SCORE(raw(["销售净利率", 0.1]))
    assert one_row == CB_SCORE([["销售净利率", 0.1]])
    assert isinstance(one_row, float) and math.isfinite(one_row)


def test_statement_with_an_error_object_keeps_the_other_ratios():
    statement = [
        ["资产总计", 1000],
        ["负债合计", office_error("#REF!", "Ref")],
        ["流动资产合计", 600],
        ["流动负债合计", 300],
    ]
    table = dict(map(tuple, CB_RATIOS(raw(statement))[1:]))
    assert table["流动比率"] == pytest.approx(2.0)
