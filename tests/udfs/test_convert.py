"""Cell values in, Excel values out: the shared converters and the never-raise decorator."""

import datetime as dt
import inspect
import math
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from creditbook.core.errors import ImpossibleValue, InvalidValue, MissingValue, ZeroDenominator
from creditbook.inputs.cells import parse_amount_text, parse_date
from creditbook.udfs._convert import (
    DIV0,
    NA,
    NUM,
    VALUE,
    CellError,
    date_arg,
    excel_safe,
    flag,
    matrix,
    money_arg,
    number,
    optional_date,
    optional_number,
    text,
    vector,
)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (12, 12.0),
        (1234.5, 1234.5),
        ("1,234.5", 1234.5),
        (" 1 234 ", 1234.0),
        ("12%", 0.12),
        ("１２３４．５", 1234.5),  # full-width digits typed with a Chinese IME
        ("１２％", 0.12),
        ("(1,000)", -1000.0),  # accounting negative
        ("−12.5", -12.5),  # U+2212 minus sign
        ("¥1,000", 1000.0),
        ("1000元", 1000.0),
        (Decimal("3.25"), 3.25),
        (np.float64(2.5), 2.5),
        (np.int64(7), 7.0),
        ([[5]], 5.0),  # a one-cell range
    ],
)
def test_number_reads_numbers_stored_as_text(cell, expected):
    assert number(cell) == pytest.approx(expected)


@pytest.mark.parametrize("cell", [None, "", "   ", float("nan"), [[None]]])
def test_blank_number_is_missing(cell):
    with pytest.raises(MissingValue):
        number(cell)


@pytest.mark.parametrize(
    "cell", [True, False, "abc", "12a", dt.date(2025, 1, 1), [1, 2], np.array([[1, 2]])]
)
def test_non_numbers_are_invalid(cell):
    with pytest.raises(InvalidValue):
        number(cell)


@pytest.mark.parametrize("code", ["#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NUM!"])
def test_error_cells_are_passed_on(code):
    with pytest.raises(CellError) as caught:
        number(code)
    assert caught.value.code == code
    assert excel_safe(number)(code) == code


def test_optional_number_defaults_only_when_blank():
    assert optional_number(None, 360) == 360
    assert optional_number("", 360) == 360
    assert optional_number("365", 360) == 365
    with pytest.raises(InvalidValue):
        optional_number("days", 360)


def test_money_arg_keeps_excel_digits():
    assert money_arg(1.005) == Decimal("1.005")
    assert money_arg("16,409.02") == Decimal("16409.02")
    assert isinstance(money_arg(100), Decimal)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (dt.datetime(2025, 3, 31, 15, 0), dt.date(2025, 3, 31)),
        (dt.date(2025, 3, 31), dt.date(2025, 3, 31)),
        (45747, dt.date(2025, 3, 31)),  # serial from Lite / Office.js
        (45747.75, dt.date(2025, 3, 31)),  # time of day dropped
        (1, dt.date(1900, 1, 1)),
        (59, dt.date(1900, 2, 28)),
        (61, dt.date(1900, 3, 1)),  # after Excel's fictitious 1900-02-29
        ("2025-03-31", dt.date(2025, 3, 31)),
        ("2025/3/31", dt.date(2025, 3, 31)),
        ("2025.03.31", dt.date(2025, 3, 31)),
        ("2025年3月31日", dt.date(2025, 3, 31)),
        ("２０２５年３月３１日", dt.date(2025, 3, 31)),
        ("20250331", dt.date(2025, 3, 31)),
        ("2025-03-31T00:00:00", dt.date(2025, 3, 31)),
        ("45747", dt.date(2025, 3, 31)),
    ],
)
def test_date_arg_reads_every_runtime(cell, expected):
    assert date_arg(cell) == expected


def test_serial_60_is_excels_fictitious_leap_day():
    with pytest.raises(ImpossibleValue):
        date_arg(60)


@pytest.mark.parametrize("cell", [0, -5, 3_000_000])
def test_out_of_range_serials_are_impossible(cell):
    with pytest.raises(ImpossibleValue):
        date_arg(cell)


@pytest.mark.parametrize("cell", ["next week", "2025-02-30", True])
def test_bad_dates_are_invalid(cell):
    with pytest.raises(InvalidValue):
        date_arg(cell)


def test_blank_date_is_missing_unless_optional():
    with pytest.raises(MissingValue):
        date_arg("")
    assert optional_date(None) is None
    assert optional_date("", dt.date(2025, 1, 1)) == dt.date(2025, 1, 1)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("是", True),
        ("否", False),
        ("Y", True),
        ("n", False),
        ("TRUE", True),
        ("false", False),
        (1, True),
        (0, False),
        ("√", True),
        ("×", False),
        (True, True),
        (None, False),
        ("", False),
    ],
)
def test_flag(cell, expected):
    assert flag(cell) is expected


def test_flag_rejects_other_text():
    with pytest.raises(InvalidValue):
        flag("maybe")
    with pytest.raises(InvalidValue):
        flag(2)


def test_matrix_shapes():
    assert matrix(5) == [[5]]
    assert matrix([1, 2, 3]) == [[1], [2], [3]]  # a flat list is a column
    assert matrix([[1, 2], [3, 4]]) == [[1, 2], [3, 4]]
    assert matrix(np.array([[1, 2]])) == [[1, 2]]


def test_matrix_trims_trailing_blank_rows_and_columns_only():
    grid = [
        ["资产总计", 100, None],
        [None, None, None],
        ["负债合计", 40, ""],
        [None, "", None],
    ]
    assert matrix(grid) == [["资产总计", 100], [None, None], ["负债合计", 40]]


def test_blank_range_is_missing():
    with pytest.raises(MissingValue):
        matrix([[None, ""], ["", None]])


def test_vector_flattens_rows_and_columns():
    assert vector([[1], [2], [3]]) == [1, 2, 3]
    assert vector([[1, 2, 3]]) == [1, 2, 3]
    assert vector([[1, 2], [3, None]]) == [1, 2, 3, None]


def test_text():
    assert text(None) == ""
    assert text(12.0) == "12"
    assert text(" A ") == "A"
    assert text(dt.datetime(2025, 3, 31)) == "2025-03-31"
    with pytest.raises(CellError):
        text("#N/A")


# ── excel_safe ───────────────────────────────────────────────────────────────


def _raises(error):
    @excel_safe
    def udf():
        raise error

    return udf()


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (MissingValue("blank"), NA),
        (InvalidValue("text"), VALUE),
        (ZeroDenominator("zero"), DIV0),
        (ImpossibleValue("negative assets"), NUM),
        (KeyError("surprise"), VALUE),
        (ZeroDivisionError(), VALUE),
    ],
)
def test_excel_safe_maps_errors(error, code):
    assert _raises(error) == code


@pytest.mark.parametrize("result", [float("nan"), math.inf, np.float64("nan"), Decimal("NaN")])
def test_excel_safe_turns_nan_into_num(result):
    assert excel_safe(lambda: result)() == NUM


def test_excel_safe_cleans_spilled_results():
    result = excel_safe(lambda: [["a", Decimal("1.50")], ["b", float("nan")], ["c", None]])()
    assert result == [["a", 1.5], ["b", NUM], ["c", None]]
    assert type(excel_safe(lambda: np.float64(0.25))()) is float


def test_excel_safe_keeps_signature_doc_and_defaults():
    def udf(amount, days=360, policy=None):
        """额度 limit."""
        return amount

    safe = excel_safe(udf)
    assert safe.__name__ == "udf"
    assert safe.__doc__ == "额度 limit."
    parameters = inspect.signature(safe).parameters
    assert list(parameters) == ["amount", "days", "policy"]
    assert parameters["days"].default == 360


def test_formulas_engine_blank_and_errors():
    import schedula as sh
    from formulas.functions import Error

    with pytest.raises(MissingValue):
        number(sh.EMPTY)
    assert optional_number(np.array([[sh.EMPTY]], dtype=object), 7) == 7
    with pytest.raises(CellError) as caught:
        number(Error.errors["#DIV/0!"])
    assert caught.value.code == DIV0
    assert matrix(np.array([[1, sh.EMPTY]], dtype=object)) == [[1]]


# ── Properties ───────────────────────────────────────────────────────────────


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_amounts_with_thousands_separators_read_back_exactly(amount):
    assert money_arg(f"{amount:,}") == amount


@given(st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)))
def test_excel_serials_read_back_as_the_same_date(day):
    serial = (day - dt.date(1899, 12, 30)).days
    assert date_arg(serial) == day
    assert date_arg(float(serial) + 0.5) == day
    assert date_arg(day.isoformat()) == day


# One rule for a date cell, whoever reads it: the ledger reader (inputs.cells.parse_date)
# and every CB_ function (date_arg) go through inputs.scalars.date_of.
@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (59, dt.date(1900, 2, 28)),  # Excel: 59 = 1900-02-28 (the reader once said 02-27)
        (1, dt.date(1900, 1, 1)),
        (20261130, dt.date(2026, 11, 30)),  # an ERP's yyyymmdd number (date_arg once: #NUM!)
        (20261130.0, dt.date(2026, 11, 30)),
        ("20261130", dt.date(2026, 11, 30)),
        ("46000", dt.date(2025, 12, 9)),
        ("2026年11月30日", dt.date(2026, 11, 30)),
    ],
)
def test_the_reader_and_the_cb_functions_read_a_date_cell_alike(cell, expected):
    assert date_arg(cell) == expected
    assert parse_date(cell) == expected


@pytest.mark.parametrize("cell", [60, 20261131, 0, 2958466, "2026-02-30", "123", "7"])
def test_a_cell_that_is_no_date_is_refused_by_both_routes(cell):
    assert parse_date(cell) is None
    with pytest.raises((ImpossibleValue, InvalidValue)):
        date_arg(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("211,488.11", Decimal("211488.11")),
        ("¥1,000元", Decimal("1000")),
        ("(1,000)", Decimal("-1000")),
        ("１２，３４５．６", Decimal("12345.6")),
    ],
)
def test_the_reader_and_the_cb_functions_read_a_text_amount_alike(cell, expected):
    assert money_arg(cell) == expected
    assert parse_amount_text(cell) == expected
