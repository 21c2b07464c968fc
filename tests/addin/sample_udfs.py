"""Stand-in CB_ functions with the shapes of the real ones: scalar, optional, date, spill."""

from __future__ import annotations

import datetime as dt
import math

import xlwings as xw

from creditbook.udfs._convert import CELL, date_arg, excel_safe, optional_date

ERRORS = ("#N/A", "#VALUE!", "#DIV/0!", "#NUM!", "#REF!", "#NAME?", "#NULL!")


class PassedError(Exception):
    """An error cell came in: the same error goes out."""


def _number(value):
    if value is None or value == "":
        raise LookupError
    if isinstance(value, str) and value in ERRORS:
        raise PassedError(value)
    if isinstance(value, bool):
        raise TypeError
    if isinstance(value, str):
        value = float(value.strip())
    if not isinstance(value, int | float) or not math.isfinite(value):
        raise TypeError
    return float(value)


def _date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    number = _number(value)
    if number < 1:
        raise ArithmeticError
    return dt.date(1899, 12, 30) + dt.timedelta(days=int(number))


def _guard(compute):
    try:
        result = compute()
        if isinstance(result, float) and not math.isfinite(result):
            raise ArithmeticError
        return result
    except PassedError as error:
        return error.args[0]
    except LookupError:
        return "#N/A"
    except (TypeError, ValueError, OverflowError):
        return "#VALUE!"
    except ZeroDivisionError:
        return "#DIV/0!"
    except ArithmeticError:
        return "#NUM!"


@xw.func
@xw.arg("total_liabilities", doc="负债合计 total liabilities", err_to_str=True)
@xw.arg("total_assets", doc="资产总计 total assets", err_to_str=True)
def CB_SAMPLE_RATIO(total_liabilities, total_assets):
    """资产负债率 debt ratio = 负债合计 / 资产总计 (示例 sample)."""
    return _guard(lambda: _number(total_liabilities) / _number(total_assets))


@xw.func
@xw.arg("due_date", doc="到期日 due date (日期 date)", err_to_str=True)
@xw.arg("as_of", doc="截止日 as-of date; 默认今天 default today")
def CB_SAMPLE_DAYS(due_date, as_of=None):
    """逾期天数 days overdue (示例 sample)."""

    def compute():
        end = dt.date.today() if as_of is None else _date(as_of)
        return max(0, (end - _date(due_date)).days)

    return _guard(compute)


@xw.func
@xw.arg("values", ndim=2, err_to_str=True, doc="数值区域 range of numbers")
@xw.arg("factor", doc="系数 factor; 默认 1 default 1")
def CB_SAMPLE_TABLE(values, factor=1):
    """逐行合计 row totals, spills [行, 合计] (示例 sample)."""

    def compute():
        if values is None:
            raise LookupError
        scale = _number(factor)
        rows = [["行 row", "合计 total"]]
        for i, row in enumerate(values, start=1):
            rows.append([i, sum(_number(v) for v in row if v not in (None, "")) * scale])
        return rows

    return _guard(compute)


def helper_not_a_function():
    """Not exported to Excel: no CB_ prefix."""


# The stack the real functions use: xlwings decorators over the shared converters' guard.
@xw.func
@xw.arg("due_date", doc="到期日 due date", **CELL)
@xw.arg("as_of", doc="截止日 as-of date; 默认今天 default today", **CELL)
@excel_safe
def CB_SAMPLE_SAFE_DAYS(due_date, as_of=None):
    """逾期天数 days overdue, 经共享转换器 through the shared converters (示例 sample)."""
    end = optional_date(as_of, dt.date.today())
    return max(0, (end - date_arg(due_date)).days)
