"""Read a CSV/XLSX of customers' indicator values; every bad cell is named by row and column."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from creditbook.core.errors import CreditbookError
from creditbook.core.policy import RATING_INDICATORS, canonical_indicator
from creditbook.core.portfolio import ID_COLUMNS, LIMIT_COLUMNS
from creditbook.inputlimits import check_package
from creditbook.inputs.scalars import flag, is_blank, optional_number
from creditbook.inputs.sources import decode_csv

MAX_PROBLEMS = 20


class TableError(CreditbookError):
    """An input table cannot be read; ``problems`` names each file, row and column."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[:MAX_PROBLEMS]
        more = len(problems) - len(shown)
        suffix = f"\n… 另有 {more} 处 and {more} more" if more else ""
        super().__init__("\n".join(shown) + suffix)


def _read_raw(path: Path, sheet: str | None) -> pd.DataFrame:
    if not path.exists():
        raise TableError([f"{path}: 文件不存在 file not found"])
    check_package(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        # What Excel saves on Chinese Windows is GBK: the same decoding as every other reader.
        text = decode_csv(path.read_bytes())
        if not text.strip():
            raise TableError([f"{path}: 文件是空的 the file is empty"])
        return pd.read_csv(io.StringIO(text), dtype=object, keep_default_na=False)
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return pd.read_excel(path, sheet_name=sheet or 0, dtype=object, engine="calamine")
    raise TableError([f"{path}: 只支持 CSV 或 XLSX only CSV or XLSX files are read"])


def _kind(column: object) -> str | None:
    name = str(column).strip()
    if canonical_indicator(name) in RATING_INDICATORS:
        return "text"  # a rating label such as AA
    if canonical_indicator(name) is not None:
        return "number"
    folded = name.casefold()
    for chinese, english in LIMIT_COLUMNS.items():
        if folded in (chinese.casefold(), english):
            return "flag" if english == "is_new" else "number"
    if any(folded in (c.casefold(), e) for c, e in ID_COLUMNS.items()):
        return "text"
    return None


def read_indicator_table(path: str | Path, sheet: str | None = None) -> pd.DataFrame:
    """The table with indicator and limit columns as numbers (NaN where blank).

    Headers: 客户编码, 客户名称, indicator names (资产负债率, DSO, 品质 …), and optionally
    月销售额, 净资产, 营运资金, 新客户. Other columns are kept as they are.
    """
    path = Path(path)
    raw = _read_raw(path, sheet)
    problems: list[str] = []
    frame = raw.copy()
    for column in raw.columns:
        kind = _kind(column)
        if kind not in ("number", "flag"):
            continue
        values: list[float | bool] = []
        for index, cell in enumerate(raw[column], start=2):  # row 1 is the header
            try:
                if kind == "flag":
                    values.append(flag(cell))
                else:
                    number = optional_number(cell)
                    values.append(float("nan") if number is None else number)
            except CreditbookError as error:
                problems.append(f"{path.name} 第{index}行「{column}」列 row {index}: {error}")
                values.append(float("nan"))
        frame[column] = values
    if problems:
        raise TableError(problems)
    if not any(_kind(c) == "number" and canonical_indicator(str(c)) for c in raw.columns):
        raise TableError([f"{path.name}: 没有指标列 no indicator columns (资产负债率, 品质 …)"])
    return frame.loc[[not all(is_blank(v) for v in row) for row in raw.itertuples(index=False)]]
