"""The formula evaluator at its edges, value by value: what a ledger written by a script holds
(=F2-N(G2), =D5+30, =ROUND(F2*1.13,2), =SUM(F2:F40)) and what it must refuse rather than
read as 0 or blank."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from creditbook.inputs.formulas import (
    MAX_CELLS,
    MAX_LENGTH,
    NotEvaluated,
    cell_position,
    column_index,
    evaluate,
)

D = Decimal
DAY = dt.date(2026, 9, 1)
# A1 10 (a float, as openpyxl reads it), A2 "20" (text), A3 True, A4 blank, A5 "1,200.50",
# A6 "2026-09-30" (a date typed as text), A7 "已付" (text), B1 a datetime, B2 a date,
# C1 an int, C2 a Decimal, C3 0.1 (a float with no exact binary value)
CELLS: dict[tuple[int, int], object] = {
    (0, 0): 10.0,
    (1, 0): "20",
    (2, 0): True,
    (3, 0): None,
    (4, 0): "1,200.50",
    (5, 0): "2026-09-30",
    (6, 0): "已付",
    (0, 1): dt.datetime(2026, 9, 1, 8, 30),
    (1, 1): dt.date(2026, 8, 31),
    (0, 2): 7,
    (1, 2): D("2.50"),
    (2, 2): 0.1,
}


def value(formula: str, cells: dict[tuple[int, int], object] | None = None) -> object:
    found = CELLS if cells is None else cells
    return evaluate(formula, lambda row, col: found.get((row, col)))


def refused(formula: str, cells: dict[tuple[int, int], object] | None = None) -> None:
    with pytest.raises(NotEvaluated):
        value(formula, cells)


@pytest.mark.parametrize(
    ("letters", "index"), [("A", 0), ("Z", 25), ("AA", 26), ("AZ", 51), ("BA", 52), ("XFD", 16383)]
)
def test_column_letters_count_from_a_as_zero(letters, index):
    assert column_index(letters) == index


def test_a_cell_reference_is_its_zero_based_row_and_column():
    assert cell_position("$G$12") == (11, 6)
    assert cell_position("A1") == (0, 0)
    assert cell_position("AB7") == (6, 27)
    for text in ("12", "G", "g12", "G12:H13", "A0"):  # "A0" is no cell: rows start at 1
        with pytest.raises(NotEvaluated):
            cell_position(text)


def test_a_reference_to_row_0_is_refused_not_read_from_the_last_row():
    refused("A0+1", {(-1, 0): 999})


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("=1+2", D(3)),  # the leading = is allowed
        ("  1 +  2 ", D(3)),
        ("1-2-3", D(-4)),  # left to right
        ("8/2/2", D(2)),
        ("2*3+4/8-1", D("5.5")),  # × and ÷ before + and −
        ("(2+3)*4", D(20)),
        ("-2*-3", D(6)),
        ("--5", D(5)),
        ("+A2", D(20)),  # numeric text is a number to arithmetic
        ("A1%", D("0.1")),
        ("50%*A1", D(5)),
        ("1E3", D(1000)),
        (".5+1.", D("1.5")),
        ("A1+A2", D(30)),
        ("A3+1", D(2)),  # TRUE is 1
        ("A4+1", D(1)),  # a blank is 0 to add
        ("A5-200.5", D(1000)),
        ("C1*2", D(14)),
        ("C2*2", D(5)),
        ("C3*3", D("0.3")),  # 0.1 as Excel shows it, not 0.1000000000000000055…
        ("a1+c1", D(17)),  # references in lower case
    ],
)
def test_arithmetic_as_excel_does_it(formula, expected):
    result = value(formula)
    assert isinstance(result, Decimal) and result == expected


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("B1+30", dt.date(2026, 10, 1)),  # a datetime cell is its date
        ("30+B1", dt.date(2026, 10, 1)),
        ("B2-1", dt.date(2026, 8, 30)),
        ("A6+1", dt.date(2026, 10, 1)),  # a date typed as text
        ("B1+100000", dt.date(2300, 6, 17)),  # the furthest shift allowed
        ("B1-100000", dt.date(1752, 11, 16)),
        ("B1+0", dt.date(2026, 9, 1)),
        ("B1", dt.date(2026, 9, 1)),
        ("B2", dt.date(2026, 8, 31)),
    ],
)
def test_a_date_plus_or_minus_whole_days_is_a_date(formula, expected):
    assert value(formula) == expected


def test_two_dates_apart_are_a_number_of_days():
    assert value("B1-B2") == D(1)
    assert value("B2-B1") == D(-1)


@pytest.mark.parametrize(
    "formula",
    [
        "B1+0.5",  # a fraction of a day
        "B1+100001",
        "B1-100001",
        "B1+B2",
        "1-B1",
        "B1*2",
        "2/B1",
        "-B1",
        "B1%",
        "SUM(B1)",
        "ROUND(B1,0)",
        "ROUND(1,B1)",
        "A7+1",  # text that is no number
        "A1/0",
        "A1/A4",  # a blank divisor is 0: #DIV/0!
    ],
)
def test_date_and_text_arithmetic_excel_would_not_do_is_refused(formula):
    refused(formula)


def test_a_date_pushed_past_the_calendar_is_refused():
    refused("A1+99999", {(0, 0): dt.date(9999, 12, 1)})
    refused("A1-99999", {(0, 0): dt.date(1, 1, 2)})


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("1=1", True),
        ("1<>1", False),
        ("1<1", False),
        ("1<=1", True),
        ("1>1", False),
        ("1>=1", True),
        ("1<2", True),
        ("2<=1", False),
        ("2>1", True),
        ("1>=2", False),
        ("1<>2", True),
        ("1=2", False),
        ('"ABC"="abc"', True),  # text without regard to case
        ('"a"<"B"', True),
        ('"b">"A"', True),
        ('"甲"<>"乙"', True),
        ('"x"=1', False),  # a number is never equal to text
        ('"1"<>1', True),
        ("B1>B2", True),
        ("B1=B2+1", True),
        ("(1=1)>(1=2)", True),
        ('A4=""', True),  # a blank is "" to compare
        ("A4=0", False),
        ("1+1=2", True),
    ],
)
def test_comparisons(formula, expected):
    assert value(formula) is expected


@pytest.mark.parametrize("formula", ['"a"<1', "B1>1", "(1=1)<1", "A4<1"])
def test_ordering_values_of_two_kinds_is_refused(formula):
    refused(formula)


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("SUM(A1:A7)", D(10)),  # text, TRUE and blanks in a range are skipped
        ("SUM(A7:A1)", D(10)),  # a range written backwards
        ("SUM(A1:C3)", D("19.60")),  # 10 + 7 + 2.50 + 0.1; the dates are skipped
        ("SUM(C3:A1)", D("19.60")),
        ("SUM(A1,A2,A3)", D(31)),  # named cells are taken as arithmetic takes them
        ("SUM(A1:A2,C1:C2,1)", D("20.50")),
        ("SUM(1)", D(1)),
        ("SUM(A1>5,2)", D(3)),
        ("sum(a1:a2)+1", D(11)),
        ("ROUND(2.345,2)", D("2.35")),
        ("ROUND(2.5,0)", D(3)),  # half away from zero
        ("ROUND(-2.5,0)", D(-3)),
        ("ROUND(1234.5,-1)", D(1230)),
        ("ROUND(1,10)", D(1)),
        ("ROUND(123456789,-8)", D(100000000)),
        ("ROUND(A1*1.13,2)", D("11.30")),
        ("N(5)", D(5)),
        ("N(1=1)", D(1)),
        ("N(1=2)", D(0)),
        ('N("x")', D(0)),
        ("N(B1)", D(0)),
        ("N(A4)", D(0)),
    ],
)
def test_functions(formula, expected):
    result = value(formula)
    assert isinstance(result, Decimal) and result == expected


def test_round_places_are_exact():
    assert str(value("ROUND(2.345,2)")) == "2.35"
    assert str(value("ROUND(2,2)")) == "2.00"


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("IF(1,2,3)", D(2)),
        ("IF(0,2,3)", D(3)),
        ("IF(0,2)", False),  # Excel's FALSE when the test fails and there is no else
        ('IF(A4="","",1)', ""),
        ("IF(1>2,1,B1)", dt.date(2026, 9, 1)),
        ("IF(A3,1,2)", D(1)),
        ("AND(1,1>0)", True),
        ("AND(1,0)", False),
        ("OR(0,0)", False),
        ("OR(0,2)", True),
        ("NOT(0)", True),
        ("NOT(1=1)", False),
        ("NOT(-3)", False),
    ],
)
def test_logic(formula, expected):
    assert value(formula) == expected
    assert type(value(formula)) is type(expected)


@pytest.mark.parametrize(
    "formula",
    [
        "IF(1)",
        "IF(1,2,3,4)",
        "NOT(1,2)",
        "N(1,2)",
        'IF("x",1,2)',
        'AND("x")',
        "OR(B1)",
        "ROUND(1.5,0.5)",
        "ROUND(1,11)",
        "ROUND(1,-11)",
        "ROUND(1)",
        "SUM()",
        "SUM(1,2",
        "VLOOKUP(A1,B1:C3,2)",
        "TODAY()",
        "Sheet2!A1",
        "A1&A2",
        "2^3",
        "1 2",
        "(1+2",
        "1+2)",
        "1+",
        ",",
        "=",
        "",
        'IF(1,"a"',
    ],
)
def test_the_rest_is_refused(formula):
    refused(formula)


def test_text_in_quotes_keeps_its_case_and_doubled_quotes():
    assert value('"Ab"') == "Ab"
    assert value('"已""付"""') == '已"付"'
    assert value('""') == ""


def test_a_range_of_exactly_the_cell_limit_is_summed_and_one_more_row_is_refused():
    assert MAX_CELLS == 10_000
    assert value(f"SUM(A1:A{MAX_CELLS})", {(9_999, 0): 4}) == D(4)
    assert value(f"SUM(A{MAX_CELLS}:A1)", {(0, 0): 1, (9_999, 0): 4}) == D(5)
    assert value("SUM(A1:B5000)", {(4_999, 1): 3}) == D(3)
    refused(f"SUM(A1:A{MAX_CELLS + 1})")
    refused("SUM(A1:B5001)")


def test_a_formula_of_exactly_the_length_limit_is_computed_and_a_longer_one_refused():
    assert MAX_LENGTH == 500
    longest = "10" + "+1" * 249
    assert len(longest) == 500 and value(longest) == D(259)
    refused(longest + "1")
    refused("=" + longest)  # the = counts


def test_a_referenced_cell_of_another_kind_is_refused():
    refused("A1+1", {(0, 0): object()})
    refused("A1+1", {(0, 0): [1]})


class _Odd:
    """A cell value no spreadsheet holds (a reader's bug), refused by its text."""

    def __str__(self) -> str:
        return "odd cell"


@pytest.mark.parametrize(
    ("formula", "reason"),
    [
        # each refusal says which rule refused it, so it comes from the branch meant
        ("A1&B1", "A1&B1"),  # a character no formula here has
        ("1 2", "1 2"),  # tokens left over
        ("D1+1", "odd cell"),
        ("A7+1", "已付"),
        ("(1+2", ")"),
        ("SUM(1 2", ")"),
        ("IF(1,2 3", ")"),
        ("ROUND(1,0 5", ")"),
        ("ROUND(1)", ","),
        ("1+", ""),
        ("1+)", ")"),
        ("B1*2", "date arithmetic"),
        ("1-B1", "date arithmetic"),
        ("B1+B2", "date arithmetic"),
        ("1/0", "#DIV/0!"),
        ("-B1", "-date"),
        ("B1%", "date%"),
        ("SUM(B1)", "SUM(date)"),
        ("ROUND(B1,0)", "ROUND(date)"),
        ("ROUND(1,B1)", "ROUND(date)"),
        ("ROUND(1,0.5)", "ROUND places"),
        ("ROUND(1,11)", "ROUND places"),
        ("VLOOKUP(A1)", "VLOOKUP"),
        ("IF(1)", "IF"),
        ("N(1,2)", "N"),
        ('IF("x",1,2)', "IF(x)"),
        ('"a"<1', "comparison of two kinds"),
        ("B1+0.5", "date + fraction"),
        ("E1+99999", "date out of range"),
        ("SUM(A1:A10001)", "A1:A10001"),
        ("A0+1", "A0"),
    ],
)
def test_each_refusal_names_what_it_refused(formula, reason):
    cells = {**CELLS, (0, 3): _Odd(), (0, 4): dt.date(9999, 12, 1)}
    with pytest.raises(NotEvaluated) as refusal:
        value(formula, cells)
    assert str(refusal.value) == reason


def test_a_formula_too_long_is_refused_by_its_own_text():
    longest = "10" + "+1" * 250
    with pytest.raises(NotEvaluated) as refusal:
        value(longest)
    assert str(refusal.value) == longest


def test_a_range_starts_at_its_first_row_and_round_goes_to_ten_places_either_way():
    assert value("SUM(C2:C3)") == D("2.60")  # C1 (7) is not in it
    assert value("SUM(A2:C2)") == D("2.50")  # neither is column A's text
    assert value("ROUND(12345678901,-10)") == D("10000000000")
    assert str(value("ROUND(1,10)")) == "1.0000000000"
