"""A small, safe evaluator for the formulas a workbook written by a program carries without a
saved value (openpyxl and most export scripts never calculate them, so a reader sees a blank).

Only what an accountant types into a ledger is evaluated: numbers, text in quotes, cell
references of the same sheet ($ allowed), + − × ÷ %, brackets, comparisons, SUM over cells
and ranges, ROUND, IF, N, AND, OR, NOT. A date plus or minus whole days is a date (=D5+30 for
a 到期日); a blank cell is "" to compare and 0 to add, as in Excel. Anything else — another
sheet, a text function, a lookup — raises ``NotEvaluated`` and the reader refuses the cell
with the fix "open and save it in Excel"; nothing is ever read as 0 or blank.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from creditbook.inputs.cells import is_blank, parse_amount_text, parse_date

Value = Decimal | dt.date | str | bool
Lookup = Callable[[int, int], object]
"""(row, column), both 0-based → the cell's value (a nested formula already evaluated)."""

_TOKEN = re.compile(
    r"\s*(?:(?P<range>\$?[A-Z]{1,3}\$?\d+:\$?[A-Z]{1,3}\$?\d+)|(?P<ref>\$?[A-Z]{1,3}\$?\d+)"
    r"|(?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)|(?P<name>[A-Z]+)(?=\s*\()"
    r'|(?P<text>"(?:[^"]|"")*")|(?P<cmp><>|<=|>=|[=<>])|(?P<op>[-+*/(),%]))',
    re.IGNORECASE,
)
_CELL = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")
MAX_LENGTH = 500
MAX_CELLS = 10_000


class NotEvaluated(Exception):
    """The formula is not one this evaluator computes (or refers to a cell that is not)."""


def column_index(letters: str) -> int:
    """'A' → 0, 'AA' → 26."""
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


def cell_position(ref: str) -> tuple[int, int]:
    """'$G$12' → (11, 6), 0-based (row, column); 'A0' is no cell."""
    found = _CELL.fullmatch(ref)
    if not found or int(found.group(2)) < 1:
        raise NotEvaluated(ref)
    return int(found.group(2)) - 1, column_index(found.group(1))


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    text = text.strip()
    while position < len(text):
        found = _TOKEN.match(text, position)
        if not found or found.end() == position:
            raise NotEvaluated(text)
        kind = found.lastgroup or ""
        word = found.group(kind)
        tokens.append((kind, word if kind == "text" else word.upper()))
        position = found.end()
    return tokens


def evaluate(formula: str, lookup: Lookup) -> Value:
    """The value of ``formula`` (without the leading '='), cells read through ``lookup``."""
    if len(formula) > MAX_LENGTH:
        raise NotEvaluated(formula)
    parser = _Parser(_tokens(formula.removeprefix("=")), lookup)
    value = parser.comparison()
    if parser.position != len(parser.tokens):
        raise NotEvaluated(formula)
    return value


def _cell(value: object) -> Value:
    """A referenced cell as a formula sees it: a number, a date, text ("" when blank)."""
    if isinstance(value, bool | Decimal | str):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if is_blank(value):
        return ""
    raise NotEvaluated(str(value))


def _number(value: object) -> Decimal | dt.date:
    """A value as Excel's arithmetic takes it: blank 0, numeric text its number."""
    if isinstance(value, bool):
        return Decimal(int(value))
    if is_blank(value):
        return Decimal(0)
    if isinstance(value, str):
        amount = parse_amount_text(value)
        if amount is not None:
            return amount
        day = parse_date(value)
        if day is not None:
            return day
        raise NotEvaluated(value)
    cell = _cell(value)  # a number or a date as a referenced cell holds it
    assert not isinstance(cell, str | bool)
    return cell


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], lookup: Lookup) -> None:
        self.tokens = tokens
        self.position = 0
        self.lookup = lookup

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _take(self, text: str | None = None) -> tuple[str, str]:
        token = self._peek()
        if token is None or (text is not None and token[1] != text):
            raise NotEvaluated(text or "")
        self.position += 1
        return token

    def comparison(self) -> Value:
        value = self.expression()
        while (token := self._peek()) and token[0] == "cmp":
            self._take()
            value = _compare(value, self.expression(), token[1])
        return value

    def expression(self) -> Value:
        value = self.term()
        while (token := self._peek()) and token[1] in "+-" and token[0] == "op":
            self._take()
            value = _add(_number(value), _number(self.term()), token[1])
        return value

    def term(self) -> Value:
        value: Value = self.unary()
        while (token := self._peek()) and token[1] in "*/" and token[0] == "op":
            self._take()
            value, right = _number(value), _number(self.unary())
            if not isinstance(value, Decimal) or not isinstance(right, Decimal):
                raise NotEvaluated("date arithmetic")
            if token[1] == "/":
                if right == 0:
                    raise NotEvaluated("#DIV/0!")
                value = value / right
            else:
                value = value * right
        return value

    def unary(self) -> Value:
        token = self._peek()
        if token and token == ("op", "-"):
            self._take()
            negated = _number(self.unary())
            if not isinstance(negated, Decimal):
                raise NotEvaluated("-date")
            return -negated
        if token and token == ("op", "+"):
            self._take()
            return _number(self.unary())
        value: Value = self.atom()
        if (token := self._peek()) and token == ("op", "%"):
            self._take()
            value = _number(value)
            if not isinstance(value, Decimal):
                raise NotEvaluated("date%")
            value = value / 100
        return value

    def atom(self) -> Value:
        kind, text = self._take()
        if kind == "number":
            try:
                return Decimal(text)
            except InvalidOperation:
                raise NotEvaluated(text) from None
        if kind == "ref":
            return _cell(self.lookup(*cell_position(text)))
        if kind == "text":
            return text[1:-1].replace('""', '"')
        if kind == "name":
            return self.function(text)
        if text == "(":
            value = self.comparison()
            self._take(")")
            return value
        raise NotEvaluated(text)

    def function(self, name: str) -> Value:
        self._take("(")
        if name == "SUM":
            total = Decimal(0)
            while True:
                token = self._peek()
                if token and token[0] == "range":
                    self._take()
                    total += self._range_sum(token[1])
                else:
                    value = _number(self.comparison())
                    if not isinstance(value, Decimal):
                        raise NotEvaluated("SUM(date)")
                    total += value
                if self._peek() == ("op", ","):
                    self._take()
                    continue
                self._take(")")
                return total
        if name in {"IF", "AND", "OR", "NOT", "N"}:
            return self._logic(name)
        if name == "ROUND":
            value = _number(self.comparison())
            self._take(",")
            places = _number(self.comparison())
            self._take(")")
            if not isinstance(value, Decimal) or not isinstance(places, Decimal):
                raise NotEvaluated("ROUND(date)")
            if places != places.to_integral_value() or not -10 <= places <= 10:
                raise NotEvaluated("ROUND places")
            return value.quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)
        raise NotEvaluated(name)

    def _arguments(self) -> list[Value]:
        values = [self.comparison()]
        while self._peek() == ("op", ","):
            self._take()
            values.append(self.comparison())
        self._take(")")
        return values

    def _logic(self, name: str) -> Value:
        """IF, AND, OR, NOT and N (both IF branches are computed: keep them simple)."""
        values = self._arguments()
        if name == "N" and len(values) == 1:
            value = values[0]
            if isinstance(value, bool):
                return Decimal(int(value))
            return value if isinstance(value, Decimal) else Decimal(0)
        if name == "IF" and len(values) in {2, 3}:
            chosen = values[1] if _truth(values[0]) else (values[2] if len(values) == 3 else False)
            return chosen
        if name == "NOT" and len(values) == 1:
            return not _truth(values[0])
        if name == "AND":
            return all(_truth(v) for v in values)
        if name == "OR":
            return any(_truth(v) for v in values)
        raise NotEvaluated(name)

    def _range_sum(self, text: str) -> Decimal:
        first, last = text.split(":")
        (r1, c1), (r2, c2) = cell_position(first), cell_position(last)
        rows, cols = range(min(r1, r2), max(r1, r2) + 1), range(min(c1, c2), max(c1, c2) + 1)
        if len(rows) * len(cols) > MAX_CELLS:
            raise NotEvaluated(text)
        total = Decimal(0)
        for row in rows:
            for col in cols:
                value = self.lookup(row, col)
                # SUM over a range skips text and blanks, as Excel does
                if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                    number = _number(value)
                    if isinstance(number, Decimal):
                        total += number
        return total


def _truth(value: Value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return value != 0
    raise NotEvaluated(f"IF({value})")


def _compare(left: Value, right: Value, sign: str) -> bool:
    """Excel's comparison of two values of one kind (number, date, text, TRUE/FALSE); text
    compares without regard to case. A number is never equal to text."""
    if isinstance(left, str) and isinstance(right, str):
        a: object = left.casefold()
        b: object = right.casefold()
    elif type(left) is type(right):
        a, b = left, right
    elif sign in {"=", "<>"}:
        return sign == "<>"
    else:
        raise NotEvaluated("comparison of two kinds")
    try:
        return bool(
            {
                "=": a == b,
                "<>": a != b,
                "<": a < b,  # type: ignore[operator]
                ">": a > b,  # type: ignore[operator]
                "<=": a <= b,  # type: ignore[operator]
                ">=": a >= b,  # type: ignore[operator]
            }[sign]
        )
    except TypeError:
        raise NotEvaluated("comparison") from None


def _add(left: Value, right: Value, sign: str) -> Value:
    if isinstance(left, Decimal) and isinstance(right, Decimal):
        return left + right if sign == "+" else left - right
    if isinstance(left, dt.date) and isinstance(right, Decimal):
        return _shift(left, right if sign == "+" else -right)
    if isinstance(left, Decimal) and isinstance(right, dt.date) and sign == "+":
        return _shift(right, left)
    if isinstance(left, dt.date) and isinstance(right, dt.date) and sign == "-":
        return Decimal((left - right).days)
    raise NotEvaluated("date arithmetic")


def _shift(day: dt.date, days: Decimal) -> dt.date:
    if days != days.to_integral_value() or abs(days) > 100_000:
        raise NotEvaluated("date + fraction")
    try:
        return day + dt.timedelta(days=int(days))
    except OverflowError:
        raise NotEvaluated("date out of range") from None
