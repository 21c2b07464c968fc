"""A formula compiled once to a Python closure of the row it runs on (the fill-down fast path).

Only what the standard workbooks' fill-down columns use is known here: references (relative
or absolute, other sheets included), numbers, text, TRUE/FALSE, the arithmetic, text and
comparison operators, IF, IFERROR, AND, OR, NOT, N, TRIM, LEN, COUNT, SUM, AVERAGE, MAX,
MIN and every CB_ function. Anything else, and any value whose Excel meaning is not
certain here (text used as a number, a fraction joined to text …), raises ``Fallback`` so
that the column goes to a full engine instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.utils.cell import column_index_from_string

from creditbook.workbooks._engine import ERROR_CODES, ExcelError
from creditbook.workbooks._excel import (
    NATIVE,
    Block,
    Expr,
    Fallback,
    Row,
    Waiting,
    arith,
    binary,
    scalar,
    udf,
)

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
            left = binary(token.value, left, right)

    def _unary(self) -> Expr:
        token = self._peek()
        if token is not None and token.type == Token.OP_PRE:
            self.at += 1
            inner = self._unary()
            if token.value == "+":
                return inner
            return lambda row: arith("-", 0, inner(row))
        expr = self._operand()
        token = self._peek()
        if token is not None and token.type == Token.OP_POST:  # %
            self.at += 1
            return lambda row: arith("/", expr(row), 100)
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
            top = ref.top
            if ref.top_fixed:
                return lambda row: _cell(cells, top, left)
            shift = top - origin  # the cell's row, as an offset from the formula's row
            return lambda row: _cell(cells, row + shift, left)
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
            return udf(self.udfs[name], args)
        if any(a is None for a in args):
            raise Fallback(f"{name}: omitted argument")
        native = NATIVE.get(name)
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

__all__ = ["PENDING", "Block", "Book", "Compiler", "Fallback", "Waiting", "scalar"]
