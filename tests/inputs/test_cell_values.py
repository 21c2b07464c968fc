"""Single cells as hand-kept sheets hold them: dates typed as 20261130 or a serial number,
amounts in brackets, 是/否 flags, terms such as "45天", and a value no sheet should hold."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from creditbook.inputs.cells import (
    amount_column,
    date_column,
    flag_column,
    int_column,
    is_blank,
    parse_amount_text,
    parse_date,
    text_column,
    too_large,
)
from creditbook.inputs.scalars import excel_number

D = dt.date


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        (20261130, D(2026, 11, 30)),  # 8 digits typed as a number: yyyymmdd, not a serial
        (20260105.0, D(2026, 1, 5)),
        (19000101, D(1900, 1, 1)),  # the first and the last yyyymmdd read that way
        (29991231, D(2999, 12, 31)),
        (20261131, None),  # 11-31: no such day
        (1, D(1900, 1, 1)),  # Excel serial 1, as Excel shows it
        (59, D(1900, 2, 28)),
        (60, None),  # Excel's fictitious 1900-02-29 (the Lotus leap-year bug) is no date
        (61, D(1900, 3, 1)),
        (46000, D(2025, 12, 9)),
        (46000.75, D(2025, 12, 9)),  # a serial with a time of day
        (2958465, D(9999, 12, 31)),  # Excel's last day
        (2958466, None),  # past it
        (0, None),
        (-3, None),
        (float("nan"), None),
        (float("inf"), None),
        ("20261130", D(2026, 11, 30)),
        ("46000", D(2025, 12, 9)),
    ],
)
def test_a_date_typed_as_a_number(typed, day):
    assert parse_date(typed) == day


def test_a_date_column_with_a_cell_no_sheet_should_hold():
    days, blank, bad = date_column(["2026-11-30", "", ["2026-11-30"], None, "明天"])
    assert [str(d)[:10] for d in days] == ["2026-11-30", "NaT", "NaT", "NaT", "NaT"]
    assert blank.tolist() == [False, True, False, True, False]
    assert bad == [2, 4]  # a list (unhashable) is not a date, and not blank either


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("(1,234.56)", Decimal("-1234.56")),  # 括号 = negative, every digit kept
        ("（300.05）", Decimal("-300.05")),  # full-width brackets
        ("(300.05", None),  # a bracket left open is a typo, not a credit
        ("300.05)", None),
        ("-", Decimal(0)),
        ("NaN", None),
    ],
)
def test_amount_text_in_brackets(text, amount):
    assert parse_amount_text(text) == amount


def test_flags_from_booleans_words_and_marks():
    flags, bad = flag_column([True, False, "是", "否", "√", None, "Y", "maybe", False, "有"])
    assert flags.tolist() == [True, False, True, False, True, False, True, False, False, True]
    assert flags.dtype == bool
    assert bad == [7]


def test_terms_in_days():
    values, blank, bad = int_column(["", "45天", 0, 60.0, "45.5", "-5", "Infinity", "三十", 30])
    assert blank.tolist() == [True] + [False] * 8
    assert bad == [4, 5, 6, 7]  # half a day, a negative term, infinity, a word
    assert [int(v) for i, v in enumerate(values) if i not in bad and not blank[i]] == [
        45,
        0,  # 现款 (cash on delivery) is a term of 0 days
        60,
        30,
    ]


def test_text_of_each_kind_of_cell():
    assert text_column(["KH01", 1001.0, 1001, True, None, ["KH01"], " 甲 ", "ＫＨ０１"]) == [
        "KH01",
        "1001",
        "1001",
        "True",
        "",
        "['KH01']",  # an unhashable value (from a DataFrame) is shown as it is
        "甲",
        "KH01",
    ]


def test_a_column_of_text_alone_is_stripped_and_normalised_cell_by_cell():
    # read at once when every cell is text: ASCII only, and with Chinese and full-width forms
    assert text_column([" KH01\t", "INV-7", "", "KH01 "]) == ["KH01", "INV-7", "", "KH01"]
    names = [" 无锡恒通 ", "ＫＨ０１", "INV-7 ", "无锡恒通", "ＫＨ０１"]
    assert text_column(names) == ["无锡恒通", "KH01", "INV-7", "无锡恒通", "KH01"]


def test_a_column_of_numbers_alone_is_read_at_once_and_refuses_the_same_cells():
    cells = [1234.5, 3, -0.004, 1e308, 10**13, 10**13 + 1, float("nan"), 0.015, -(10**14)]
    fen, blank, bad = amount_column(cells)
    assert fen.tolist() == [123450, 300, 0, 0, 10**15, 0, 0, 2, 0]
    assert bad == [3, 5, 8]
    assert blank.tolist() == [False] * 9  # a NaN float is no blank cell of a workbook
    fen, _, bad = amount_column([1.5, 2, 1000000001.0], scale=10000)
    assert (fen.tolist(), bad) == ([1500000, 2000000, 0], [2])


def test_every_repeat_of_a_date_cell_is_placed():
    cells = ["明天", D(2026, 9, 1), "明天", "", D(2026, 9, 1), None, "2026/9/1", 46265]
    days, blank, bad = date_column(cells)
    assert bad == [0, 2]
    assert blank.tolist() == [False, False, False, True, False, True, False, False]
    assert [str(d)[:10] for d in days] == [
        "NaT", "2026-09-01", "NaT", "NaT", "2026-09-01", "NaT", "2026-09-01", "2026-08-31"
    ]  # fmt: skip


def test_amounts_of_every_kind_a_dataframe_or_workbook_can_hold():
    cells = [
        np.int64(1234),  # from a pandas integer column
        np.float32(0.5),
        Decimal("1.2345"),
        True,  # a checkbox, not an amount
        dt.date(2026, 11, 30),  # a date typed into the amount column
        float("inf"),
        5.0,
        None,
        "1,000.00元",
    ]
    fen, blank, bad = amount_column(cells)
    assert fen.tolist() == [123400, 50, 123, 0, 0, 0, 500, 0, 100000]
    assert blank.tolist() == [False] * 7 + [True, False]
    assert bad == [3, 4, 5]


def test_amounts_in_wan_yuan_keep_every_digit_before_rounding_to_the_fen():
    fen, _, bad = amount_column([Decimal("1.23456"), 0.5, "2.000049", np.int64(3)], scale=10000)
    assert fen.tolist() == [1234560, 500000, 2000049, 3000000]
    assert bad == []


def test_amounts_beyond_ten_trillion_yuan_are_refused_not_overflowed():
    cells = [
        "1e308", "100000000000000000", 1e308, -1e14, Decimal("1E+20"), np.float64(2e13),
        "10000000000000", 1e13, -1e13, "-10000000000000.01", float("-inf"), "1e-308", None,
    ]  # fmt: skip
    fen, blank, bad = amount_column(cells)
    assert bad == [0, 1, 2, 3, 4, 5, 9, 10]
    assert fen.tolist()[6:9] == [10**15, 10**15, -(10**15)]  # ±10^13 元 itself is read
    assert fen.tolist()[11] == 0 and blank.tolist()[12] is True
    _, _, scaled = amount_column(["1000000001", 1000000001.0, "1000000000"], scale=10000)
    assert scaled == [0, 1]  # 10^9 万元 is 10^13 元; one 万元 more is beyond


def test_too_large_tells_a_number_beyond_the_limit_from_text_that_is_no_amount():
    assert [too_large(v) for v in ("1e308", 1e308, Decimal("-1E+14"), "-1e14")] == [True] * 4
    assert [too_large(v) for v in ("一千元", "1e13", 1e13, None, True, "inf")] == [False] * 6
    assert too_large(float("inf")) is True
    assert too_large("2000000000", scale=10000) is True
    assert too_large("2000000000") is False
    assert too_large(dt.date(2026, 11, 30)) is False


def test_blank_cells_of_each_source():
    values = [None, "", " \u3000", float("nan"), pd.NaT, np.datetime64("NaT"), 0, "0", "-"]
    assert [is_blank(v) for v in values] == [True] * 6 + [False] * 3
    assert is_blank(np.array([1, 2])) is False  # no single truth value: a value, not a blank
    _days, blank, bad = date_column([float("nan"), pd.NaT, "2026-11-30"])
    assert (blank.tolist(), bad) == ([True, True, False], [])


def test_a_date_and_time_cell_as_text_keeps_its_time_only_when_it_has_one():
    assert text_column([dt.datetime(2026, 11, 30), dt.datetime(2026, 11, 1, 9, 30)]) == [
        "2026-11-30",
        "2026-11-01 09:30:00",
    ]
    assert parse_date(pd.Timestamp("2026-11-30 09:30")) == D(2026, 11, 30)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("211,488.11", 211488.11),  # a number pasted as text with separators
        (" 1,000 ", 1000.0),
        ("12%", 0.12),
        ("(1,000)", -1000.0),
        ("¥1,000", 1000.0),
        ("-5", -5.0),
        ("1e3", 1000.0),
        ("１２３", 123.0),
        ("2026-11-30", 46356.0),  # a date typed as text is its serial
        ("1900-02-28", 59.0),
        ("1900-03-01", 61.0),
        ("abc", None),
        ("-", None),  # a dash is 0 in an amount column, but #VALUE! in Excel arithmetic
        ("1000元", None),
        ("50万", None),
        ("", None),
    ],
)
def test_text_in_arithmetic_as_excel_reads_it(text, number):
    assert excel_number(text) == number
