"""CB_EFFECTIVE_LIMIT, CB_GROUP_EXPOSURE, CB_GROUP_AVAILABLE and CB_CHECK's group argument:
hand-computed results, directly and through xlwings' Office.js entry point."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from creditbook.core.policy import preset
from creditbook.core.policy_table import policy_to_table
from creditbook.udfs import (
    CB_CHECK,
    CB_EFFECTIVE_LIMIT,
    CB_GROUP_AVAILABLE,
    CB_GROUP_EXPOSURE,
    CB_GROUP_LIMIT_CHECK,
)

SRC = str(Path(__file__).resolve().parents[2] / "src")


def serial(day: dt.date) -> int:
    return (day - dt.date(1899, 12, 30)).days


@pytest.mark.parametrize(
    ("day", "limit"),
    [
        ("2026-02-28", 200_000),
        ("2026-03-01", 250_000),  # 生效日 counts
        ("2026-05-31", 250_000),  # 到期日 counts
        ("2026-06-01", 200_000),
    ],
)
def test_effective_limit_across_the_dates(day, limit):
    assert CB_EFFECTIVE_LIMIT(200_000, "5万", "2026-03-01", "2026年5月31日", day) == limit


def test_effective_limit_with_serial_dates_and_blanks():
    start, end = serial(dt.date(2026, 3, 1)), serial(dt.date(2026, 5, 31))
    assert CB_EFFECTIVE_LIMIT(200_000, 50_000, start, end, end) == 250_000
    assert CB_EFFECTIVE_LIMIT(200_000, 50_000, start, end, end + 1) == 200_000
    assert CB_EFFECTIVE_LIMIT(200_000, None, start, end, end) == 200_000  # no temporary amount
    assert CB_EFFECTIVE_LIMIT(200_000, 50_000, None, end, end) == 200_000  # no 生效日
    assert CB_EFFECTIVE_LIMIT(200_000, 50_000, start, "", end) == 200_000  # no 到期日
    assert CB_EFFECTIVE_LIMIT(200_000, 50_000, "三月", end, end) == "#VALUE!"
    assert CB_EFFECTIVE_LIMIT(None, 50_000, start, end, end) == "#N/A"
    assert CB_EFFECTIVE_LIMIT("#REF!", 50_000, start, end, end) == "#REF!"


def test_group_exposure_and_available():
    members = [[90_000], [70_000], [None], [49_999.995]]  # 49,999.995 → 50,000.00 (fen)
    assert CB_GROUP_EXPOSURE(members) == 210_000
    assert CB_GROUP_AVAILABLE(200_000, members) == -10_000
    assert CB_GROUP_AVAILABLE("30万", [[90_000, 70_000, 50_000]]) == 90_000
    assert CB_GROUP_EXPOSURE([[1], ["#REF!"]]) == "#REF!"
    assert CB_GROUP_EXPOSURE([[1], ["很多"]]) == "#VALUE!"
    assert CB_GROUP_AVAILABLE(None, members) == "#N/A"


def test_group_limit_check_against_the_sum_of_the_members_limits():
    # members 100,000 + 80,000 + 60,000 = 240,000 (远东集团's 500,000 is not theirs)
    limits = [[100_000], [80_000], [60_000], [500_000]]
    groups = [["华信集团"], ["HX01"], ["华信集团"], ["远东集团"]]
    assert CB_GROUP_LIMIT_CHECK(240_000, limits, groups, "华信集团", "HX01") == ""  # equal: ok
    assert CB_GROUP_LIMIT_CHECK(240_000.01, limits, groups, "华信集团", "HX01") == (
        "集团额度 ¥240,000.01 超过各成员信用额度之和 ¥240,000.00，超出 ¥0.01"
        "（政策：集团额度不超过成员额度之和）"
    )
    abc = preset("abc")
    lenient = policy_to_table(
        abc.model_copy(update={"group": abc.group.model_copy(update={"cap_at_member_sum": False})})
    )
    assert CB_GROUP_LIMIT_CHECK(300_000, limits, groups, "华信集团", "HX01", lenient) == ""
    blank = [[100_000], [None], [60_000], [500_000]]  # a member without a limit: not checked
    assert CB_GROUP_LIMIT_CHECK(300_000, blank, groups, "华信集团", "HX01") == ""
    assert CB_GROUP_LIMIT_CHECK(None, limits, groups, "华信集团") == ""  # no group limit
    assert CB_GROUP_LIMIT_CHECK(1, [["#REF!"]], [["华信集团"]], "华信集团") == "#REF!"


def test_group_exposure_of_the_rows_naming_the_group_by_name_or_code():
    # a register's 应收余额 and 所属集团 columns, as the 集团 sheet reads them
    balances = [[90_000], [70_000], [50_000], [5_000], [8_000]]
    groups = [["华信集团"], ["HX01"], [" 华信集团"], ["远东集团"], [None]]
    assert CB_GROUP_EXPOSURE(balances, groups, "华信集团", "HX01") == 210_000
    assert CB_GROUP_EXPOSURE(balances, groups, "华信集团") == 140_000  # by name only
    assert CB_GROUP_AVAILABLE(200_000, balances, groups, "华信集团", "HX01") == -10_000
    assert CB_GROUP_EXPOSURE(balances, groups, "远东集团") == 5_000
    assert CB_GROUP_EXPOSURE(balances, [["华信集团"]], "华信集团") == 90_000  # trimmed range
    assert CB_GROUP_EXPOSURE([[90_000], ["#N/A"]], [["华信集团"], ["远东集团"]], "华信集团") == (
        90_000  # an error in another group's row is not this group's
    )
    assert CB_GROUP_EXPOSURE(
        [[90_000], ["#N/A"]], [["华信集团"], ["HX01"]], "华信集团", "HX01"
    ) == ("#N/A")


def test_check_blocks_an_order_only_the_group_cannot_carry():
    # its own: 80,000 − 70,000 = 10,000 available; the group's −10,000
    assert CB_CHECK(5_000, 80_000, 70_000, 0, "A") == "通过"
    assert CB_CHECK(5_000, 80_000, 70_000, 0, "A", None, -10_000) == (
        "超出集团额度：集团可用额度 -10,000.00，订单金额 5,000.00，超出 15,000.00"
    )
    assert CB_CHECK(5_000, 80_000, 70_000, 0, "A", None, 5_000) == "通过"  # exactly enough
    assert CB_CHECK(5_000, 80_000, 70_000, 0, "A", None, 4_999.99).startswith("超出集团额度")


CALLS = """
    import asyncio, json, os
    os.environ["XLWINGS_ON_SERVER"] = "true"
    import xlwings as xw
    import xlwings.server as server
    import creditbook.udfs as module

    def call(name, *args):
        data = {"func_name": name, "args": list(args), "version": xw.__version__,
                "client": "Office.js", "runtime": "1.4", "culture_info_name": "zh-CN",
                "date_format": "yyyy/m/d", "caller_address": "Sheet1!A1"}
        return asyncio.run(server.custom_functions_call(data, module))

    print(json.dumps({
        "last_day": call("CB_EFFECTIVE_LIMIT", [[200000]], [[50000]], [[46082]], [[46173]],
                         [[46173]]),
        "day_after": call("CB_EFFECTIVE_LIMIT", [[200000]], [[50000]], [[46082]], [[46173]],
                          [[46174]]),
        "exposure": call("CB_GROUP_EXPOSURE", [[90000], [70000], [None], [50000]]),
        "available": call("CB_GROUP_AVAILABLE", [[200000]], [[90000], [70000], [50000]]),
        "check": call("CB_CHECK", [[5000]], [[80000]], [[70000]], [[0]], [["A"]], [[None]],
                      [[-10000]]),
    }, ensure_ascii=False))
"""


@pytest.mark.slow
def test_the_functions_through_office_js():
    key = os.environ.get("XLWINGS_LICENSE_KEY", "noncommercial")
    run = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CALLS)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": SRC, "XLWINGS_LICENSE_KEY": key},
        check=False,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result == {
        "last_day": [[250000.0]],  # 46173 = 2026-05-31, the 到期日 itself
        "day_after": [[200000.0]],
        "exposure": [[210000.0]],
        "available": [[-10000.0]],
        "check": [["超出集团额度：集团可用额度 -10,000.00，订单金额 5,000.00，超出 15,000.00"]],
    }
