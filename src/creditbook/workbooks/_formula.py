"""A formula compiled once to a Python closure of the row it runs on (the fill-down fast path).

Only what the standard workbooks' fill-down columns use is known here: references (relative
or absolute, other sheets included), numbers, text, TRUE/FALSE, the arithmetic, text and
comparison operators, IF, IFERROR, AND, OR, NOT, N, TRIM, LEN, COUNT, SUM, AVERAGE, MAX,
MIN and every CB_ function. Anything else, and any value whose Excel meaning is not
certain here (text used as a number, a fraction joined to text …), raises ``Fallback`` so
that the column goes to a full engine instead.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.utils.cell import column_index_from_string

from creditbook.workbooks import _engine
from creditbook.workbooks._engine import ERROR_CODES, ExcelError

Row = int
Expr = Callable[[Row], Any]
Cells = dict[tuple[int, int], Any]
# sheet (upper case) → its values, and the formula cells the fast path has not computed
Book = dict[str, Cells]

_REF = re.compile(
    r"^(?:(?:'(?P<quoted>(?:[^']|'')+)'|(?P<sheet>[^'!]+))!)?"
    r"(?P<c1>\$?)(?P<col1>[A-Z]{1,3})(?P<r1>\$?)(?P<row1>\d+)"
    r"(?::(?P<c2>\$?)(?P<col2>[A-Z]{1,3})(?P<r2>\$?)(?P<row2>\d+))?$"
)
_PRECEDENCE = {"=": 1, "<>": 1, "<": 1, ">": 1, "<=": 1, ">=": 1, "&": 2, "+": 3, "-": 3}
_PRECEDENCE |= {"*": 4, "/": 4, "^": 5}


class Fallback(Exception):
    """This formula, or this row's values, need a full engine."""


class Waiting(Fallback):
    """The formula reads a formula cell that has no value yet."""


@dataclass(frozen=True)
class Block:
    """The values of a range reference, as rows (blank cells are None)."""

    rows: tuple[tuple[Any, ...], ...]

    def values(self) -> list[Any]:
        return [v for row in self.rows for v in row]


@dataclass(frozen=True)
class Reference:
    """A cell or range reference: its sheet and, per corner, the row/column and whether
    the row is absolute ($)."""

    sheet: str
    top: int
    left: int
    bottom: int
    right: int
    top_fixed: bool
    bottom_fixed: bool

    def rows(self, origin: int, row: Row) -> tuple[int, int]:
        top = self.top if self.top_fixed else self.top + row - origin
        bottom = self.bottom if self.bottom_fixed else self.bottom + row - origin
        return top, bottom

    @property
    def single(self) -> bool:
        return (self.top, self.left) == (self.bottom, self.right)


def reference(text: str, home: str) -> Reference:
    match = _REF.match(text)
    if not match:
        raise Fallback(f"reference {text!r}")
    sheet = match["quoted"].replace("''", "'") if match["quoted"] else match["sheet"] or home
    col1, row1 = column_index_from_string(match["col1"]), int(match["row1"])
    col2 = column_index_from_string(match["col2"]) if match["col2"] else col1
    row2 = int(match["row2"]) if match["row2"] else row1
    fixed1 = bool(match["r1"])
    fixed2 = bool(match["r2"]) if match["row2"] else fixed1
    return Reference(sheet.upper(), row1, col1, row2, col2, fixed1, fixed2)


def references(formula: str, home: str) -> list[Reference]:
    return [
        reference(t.value, home)
        for t in Tokenizer("=" + formula).items
        if t.type == Token.OPERAND and t.subtype == Token.RANGE
    ]


class Compiler:
    """Compile a formula of ``home`` whose first cell is in row ``origin`` against ``book``."""

    def __init__(self, book: Book, home: str, origin: int, udfs: dict[str, Callable]) -> None:
        self.book, self.home, self.origin, self.udfs = book, home, origin, udfs

    def compile(self, formula: str) -> Expr:
        tokens = [t for t in Tokenizer("=" + formula).items if t.type != Token.WSPACE]
        self.tokens, self.at = tokens, 0
        expr = self._expression(0)
        if self.at != len(tokens):
            raise Fallback(f"unexpected {tokens[self.at].value!r}")
        return expr

    def _peek(self) -> Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _next(self) -> Token:
        token = self._peek()
        if token is None:
            raise Fallback("formula ends early")
        self.at += 1
        return token

    def _expression(self, floor: int) -> Expr:
        left = self._unary()
        while True:
            token = self._peek()
            if token is None or token.type != Token.OP_IN or token.value not in _PRECEDENCE:
                if token is not None and token.type == Token.OP_IN:
                    raise Fallback(f"operator {token.value!r}")
                return left
            precedence = _PRECEDENCE[token.value]
            if precedence <= floor:
                return left
            self.at += 1
            right = self._expression(precedence if token.value != "^" else precedence - 1)
            left = _binary(token.value, left, right)

    def _unary(self) -> Expr:
        token = self._peek()
        if token is not None and token.type == Token.OP_PRE:
            self.at += 1
            inner = self._unary()
            if token.value == "+":
                return inner
            return lambda row: _arith("-", 0, inner(row))
        expr = self._operand()
        token = self._peek()
        if token is not None and token.type == Token.OP_POST:  # %
            self.at += 1
            return lambda row: _arith("/", expr(row), 100)
        return expr

    def _operand(self) -> Expr:
        token = self._next()
        if token.type == Token.OPERAND:
            return self._literal(token)
        if token.type == Token.PAREN and token.subtype == Token.OPEN:
            inner = self._expression(0)
            if self._next().value != ")":
                raise Fallback("unbalanced parenthesis")
            return inner
        if token.type == Token.FUNC and token.subtype == Token.OPEN:
            return self._call(token.value[:-1].upper())
        raise Fallback(f"token {token.value!r}")

    def _literal(self, token: Token) -> Expr:
        value: Any
        if token.subtype == Token.NUMBER:
            value = float(token.value) if re.search("[.eE]", token.value) else int(token.value)
        elif token.subtype == Token.TEXT:
            value = token.value[1:-1].replace('""', '"')
        elif token.subtype == Token.LOGICAL:
            value = token.value.upper() == "TRUE"
        elif token.subtype == Token.ERROR and token.value in ERROR_CODES:
            value = ExcelError(token.value)
        elif token.subtype == Token.RANGE:
            return self._reference(reference(token.value, self.home))
        else:
            raise Fallback(f"operand {token.value!r}")
        return lambda row: value

    def _reference(self, ref: Reference) -> Expr:
        cells = self.book.get(ref.sheet)
        if cells is None:
            raise Fallback(f"sheet {ref.sheet!r}")
        origin, left, right = self.origin, ref.left, ref.right
        if ref.single:
            return lambda row: _cell(cells, ref.rows(origin, row)[0], left)
        fixed = ref.top_fixed and ref.bottom_fixed
        constant = _block(cells, ref.top, ref.bottom, left, right) if fixed else None
        return lambda row: constant or _block(cells, *ref.rows(origin, row), left, right)

    def _call(self, name: str) -> Expr:
        args: list[Expr | None] = []
        first = self._peek()
        if first is not None and first.type == Token.FUNC and first.subtype == Token.CLOSE:
            self.at += 1
        else:
            while True:
                token = self._peek()
                empty = token is not None and (token.type == Token.SEP or token.value == ")")
                args.append(None if empty else self._expression(0))
                token = self._next()
                if token.type == Token.FUNC and token.subtype == Token.CLOSE:
                    break
                if token.type != Token.SEP or token.subtype != Token.ARG:
                    raise Fallback(f"{name}: separator {token.value!r}")
        if name in self.udfs:
            return _udf(self.udfs[name], args)
        if any(a is None for a in args):
            raise Fallback(f"{name}: omitted argument")
        native = _NATIVE.get(name)
        if native is None:
            raise Fallback(f"function {name}")
        return native(args)  # type: ignore[arg-type]


def _cell(cells: Cells, row: int, column: int) -> Any:
    try:
        value = cells[(row, column)]
    except KeyError:
        return None
    if value is _PENDING:
        raise Waiting(f"R{row}C{column}")
    return value


def _block(cells: Cells, top: int, bottom: int, left: int, right: int) -> Block:
    columns = range(left, right + 1)
    return Block(tuple(tuple(_cell(cells, r, c) for c in columns) for r in range(top, bottom + 1)))


class _Pending:
    """Marks a formula cell not (yet) computed: reading it sends the column to an engine."""


_PENDING = _Pending()
PENDING = _PENDING


# --- Excel's value rules ------------------------------------------------------------------


def scalar(value: Any) -> Any:
    if isinstance(value, Block):
        raise Fallback("a range where one value is expected")
    return value


def number(value: Any) -> Any:
    """A value as a number for arithmetic; an error passes through."""
    value = scalar(value)
    if isinstance(value, ExcelError):
        return value
    if value is None:
        return 0
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    raise Fallback("text used as a number")


def text(value: Any) -> Any:
    value = scalar(value)
    if isinstance(value, ExcelError | str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int) or (float(value).is_integer() and abs(value) < 1e15):
        return str(int(value))
    raise Fallback("a fraction as text")


def truth(value: Any) -> Any:
    value = scalar(value)
    if isinstance(value, ExcelError | bool):
        return value
    if value is None:
        return False
    if isinstance(value, int | float):
        return value != 0
    raise Fallback("text as a condition")


def _arith(op: str, a: Any, b: Any) -> Any:
    a, b = number(a), number(b)
    for v in (a, b):
        if isinstance(v, ExcelError):
            return v
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        return ExcelError("#DIV/0!") if b == 0 else a / b
    try:
        power = float(a) ** b
    except ZeroDivisionError:
        return ExcelError("#DIV/0!")
    except (OverflowError, ValueError):
        return ExcelError("#NUM!")
    return ExcelError("#NUM!") if isinstance(power, complex) else power


def _rank(value: Any) -> tuple[int, Any]:
    if isinstance(value, bool):
        return 2, value
    if isinstance(value, str):
        return 1, value.lower()
    return 0, value


def compare(op: str, a: Any, b: Any) -> Any:
    a, b = scalar(a), scalar(b)
    for v in (a, b):
        if isinstance(v, ExcelError):
            return v
    if a is None:
        a = "" if isinstance(b, str) else False if isinstance(b, bool) else 0
    if b is None:
        b = "" if isinstance(a, str) else False if isinstance(a, bool) else 0
    x, y = _rank(a), _rank(b)
    return {
        "=": x == y,
        "<>": x != y,
        "<": x < y,
        ">": x > y,
        "<=": x <= y,
        ">=": x >= y,
    }[op]


def _binary(op: str, left: Expr, right: Expr) -> Expr:
    if op == "&":

        def join(row: Row) -> Any:
            a, b = text(left(row)), text(right(row))
            return a if isinstance(a, ExcelError) else b if isinstance(b, ExcelError) else a + b

        return join
    if op in ("=", "<>", "<", ">", "<=", ">="):
        return lambda row: compare(op, left(row), right(row))
    return lambda row: _arith(op, left(row), right(row))


# --- functions ----------------------------------------------------------------------------


def _if(args: list[Expr]) -> Expr:
    if not 2 <= len(args) <= 3:
        raise Fallback("IF arguments")
    test, then = args[0], args[1]
    otherwise = args[2] if len(args) == 3 else (lambda row: False)

    def call(row: Row) -> Any:
        condition = truth(test(row))
        if isinstance(condition, ExcelError):
            return condition
        return then(row) if condition else otherwise(row)

    return call


def _iferror(args: list[Expr]) -> Expr:
    if len(args) != 2:
        raise Fallback("IFERROR arguments")
    value, alternative = args

    def call(row: Row) -> Any:
        found = scalar(value(row))
        return alternative(row) if isinstance(found, ExcelError) else found

    return call


def _logical(combine: Callable[[list[bool]], bool]) -> Callable[[list[Expr]], Expr]:
    def build(args: list[Expr]) -> Expr:
        def call(row: Row) -> Any:
            found = []
            for arg in args:
                value = scalar(arg(row))
                if isinstance(value, ExcelError):
                    return value
                if not isinstance(value, bool | int | float):
                    raise Fallback("AND/OR over text or blank")
                found.append(bool(value))
            return combine(found) if found else ExcelError("#VALUE!")

        return call

    return build


def _one(function: Callable[[Any], Any]) -> Callable[[list[Expr]], Expr]:
    def build(args: list[Expr]) -> Expr:
        if len(args) != 1:
            raise Fallback("argument count")
        (arg,) = args

        def call(row: Row) -> Any:
            value = scalar(arg(row))
            return value if isinstance(value, ExcelError) else function(value)

        return call

    return build


def _n(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    return value if isinstance(value, int | float) else 0


def _trim(value: Any) -> Any:
    found = text(value)
    return found if isinstance(found, ExcelError) else re.sub(" +", " ", found).strip(" ")


def _len(value: Any) -> Any:
    found = text(value)
    if isinstance(found, ExcelError):
        return found
    if any(ord(ch) > 0xFFFF for ch in found):
        raise Fallback("LEN of characters outside the BMP")
    return len(found)


def _not(value: Any) -> Any:
    found = truth(value)
    return found if isinstance(found, ExcelError) else not found


def _numbers(values: list[Any]) -> Any:
    """The numbers of the arguments as Excel's statistics read them (ranges: numbers only)."""
    found: list[int | float] = []
    for value in values:
        cells = value.values() if isinstance(value, Block) else None
        for item in cells if cells is not None else [value]:
            if isinstance(item, ExcelError):
                return item
            if isinstance(item, bool):
                if cells is None:
                    found.append(int(item))
            elif isinstance(item, int | float):
                found.append(item)
            elif cells is None:
                raise Fallback("statistics of a text or blank argument")
    return found


def _statistic(reduce: Callable[[list[Any]], Any]) -> Callable[[list[Expr]], Expr]:
    def build(args: list[Expr]) -> Expr:
        def call(row: Row) -> Any:
            found = _numbers([arg(row) for arg in args])
            return found if isinstance(found, ExcelError) else reduce(found)

        return call

    return build


def _count(args: list[Expr]) -> Expr:
    def call(row: Row) -> Any:
        total = 0
        for arg in args:
            value = arg(row)
            if not isinstance(value, Block):
                raise Fallback("COUNT of a single value")
            total += sum(
                1 for v in value.values() if isinstance(v, int | float) and not isinstance(v, bool)
            )
        return total

    return call


def _average(found: list[Any]) -> Any:
    return sum(found) / len(found) if found else ExcelError("#DIV/0!")


_NATIVE: dict[str, Callable[[list[Expr]], Expr]] = {
    "IF": _if,
    "IFERROR": _iferror,
    "AND": _logical(all),
    "OR": _logical(any),
    "NOT": _one(_not),
    "N": _one(_n),
    "TRIM": _one(_trim),
    "LEN": _one(_len),
    "COUNT": _count,
    "SUM": _statistic(sum),
    "AVERAGE": _statistic(_average),
    "MAX": _statistic(lambda found: max(found, default=0)),
    "MIN": _statistic(lambda found: min(found, default=0)),
}


# --- CB_ functions, handed their arguments as the formulas engine hands them -----------------


def _udf(function: Callable[..., Any], args: list[Expr | None]) -> Expr:
    options = _engine._arg_options(function)
    defaults = _engine._defaults(function)
    converts = [
        _argument_converter(options[i] if i < len(options) else {}) for i in range(len(args))
    ]

    def call(row: Row) -> Any:
        values = []
        for i, arg in enumerate(args):
            if arg is None:
                values.append(defaults[i] if i < len(defaults) else None)
                continue
            value = converts[i](arg(row))
            if isinstance(value, ExcelError):
                return value
            values.append(value)
        try:
            result = function(*values)
        except Exception:  # a CB_ function must not raise; as in the engines, #VALUE!
            return ExcelError("#VALUE!")
        return _result(result)

    return call


def _argument_converter(options: dict[str, Any]) -> Callable[[Any], Any]:
    ndim = options.get("ndim")

    def convert(value: Any) -> Any:
        if isinstance(value, Block):
            rows = [list(row) for row in value.rows]
            if ndim == 2:
                return rows
            if ndim == 1:
                return [v for row in rows for v in row]
            if len(rows) == 1 and len(rows[0]) == 1:
                return rows[0][0]
            if len(rows) == 1 or all(len(row) == 1 for row in rows):
                return [v for row in rows for v in row]
            return rows
        if ndim == 2:
            return [[value]]
        if ndim == 1:
            return [value]
        return value

    return convert


def _result(value: Any) -> Any:
    if isinstance(value, list | tuple):
        raise Fallback("a CB_ function returned an array")
    if value is None:
        return ""
    if isinstance(value, ExcelError):
        return value
    if isinstance(value, str):
        return ExcelError(value) if value in ERROR_CODES else value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return ExcelError("#NUM!")
    if hasattr(value, "isoformat"):
        return _engine._excel_serial(value)
    return value
