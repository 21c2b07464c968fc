"""The register workbook's 有效额度, 可用额度, 额度使用率 and 预警信号 count a temporary limit
only between its dates, on the sheet's 计算日期, as `monitor` does: hand-computed figures
for a temporary limit in force, starting tomorrow, starting today, ending today and ended
yesterday, and the recalculated workbook compared with monitor's review to the fen."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter

from creditbook.core.exposure import Group
from creditbook.core.models import RegisterEntry
from creditbook.core.monitoring import review_customers, review_groups
from creditbook.core.policy import preset
from creditbook.inputs.groups import groups_beside
from creditbook.sample import register_frame
from creditbook.workbooks import register
from creditbook.workbooks._sheet import BookContext, new_workbook
from creditbook.workbooks.build import workbook_bytes
from creditbook.workbooks.recalc import calculate

D = Decimal
AS_OF = dt.date(2026, 11, 30)
BALANCE = D("120000.37")  # open, due 2026-12-20: nothing overdue
LIMIT_CODES = {"OVER_LIMIT", "HIGH_UTILIZATION", "NO_LIMIT"}


def entry(code: str, starts: str | None, ends: str | None, limit: str | None = "100000"):
    return RegisterEntry(
        customer_id=code,
        customer_name=f"{code}公司",
        grade="A",
        limit=D(limit) if limit is not None else D("0"),
        term_days=60,
        temporary_limit=D("50000"),
        temporary_starts=dt.date.fromisoformat(starts) if starts else None,
        temporary_ends=dt.date.fromisoformat(ends) if ends else None,
        temporary_approval=f"LS-{code}",
    )


ENTRIES = (
    entry("T1", "2026-11-01", "2026-12-31"),  # in force
    entry("T2", "2026-12-01", "2026-12-31"),  # starts tomorrow: not yet
    entry("T3", "2026-11-30", "2026-12-10"),  # starts today: counts
    entry("T4", "2026-11-01", "2026-11-30"),  # ends today: still counts
    entry("T5", "2026-11-01", "2026-11-29"),  # ended yesterday: base limit
    entry("T6", "2026-11-01", None),  # no 到期日: base limit
)
# 有效额度, 可用额度 = 有效额度 − 120,000.37, 使用率 = 120,000.37 / 有效额度
EXPECTED = {
    "T1": (D("150000"), D("29999.63")),
    "T2": (D("100000"), D("-20000.37")),
    "T3": (D("150000"), D("29999.63")),
    "T4": (D("150000"), D("29999.63")),
    "T5": (D("100000"), D("-20000.37")),
    "T6": (D("100000"), D("-20000.37")),
}


def ledger() -> pd.DataFrame:
    fen = int(BALANCE * 100)
    frame = pd.DataFrame(
        {
            "customer_id": [e.customer_id for e in ENTRIES],
            "customer_name": [e.customer_name for e in ENTRIES],
            "invoice_no": [f"A{n}" for n in range(len(ENTRIES))],
            "invoice_date": pd.to_datetime(["2026-10-21"] * len(ENTRIES)),
            "due_date": pd.to_datetime(["2026-12-20"] * len(ENTRIES)),
            "amount": [fen] * len(ENTRIES),
            "paid_amount": [0] * len(ENTRIES),
            "paid_date": pd.to_datetime([None] * len(ENTRIES)),
        }
    )
    for column in ("invoice_date", "due_date", "paid_date"):
        frame[column] = frame[column].astype("datetime64[ns]")
    return frame


def recalculated(tmp_path, entries=ENTRIES, as_of: dt.date | None = AS_OF):
    ctx = BookContext(company="测试公司", title=register.TITLE)
    workbook = new_workbook(ctx)
    register.build(workbook, ctx, preset(), [(e, BALANCE, 0) for e in entries], as_of=as_of)
    path = tmp_path / "register.xlsx"
    path.write_bytes(workbook_bytes(workbook))
    result = calculate(path)
    sheet = openpyxl.load_workbook(path)["信用档案"]
    column = {sheet.cell(register.TOP, c).value: c for c in range(1, sheet.max_column + 1)}
    values = result.values["信用档案"]
    rows = {}
    for n, e in enumerate(entries):
        row = register.TOP + 1 + n
        rows[e.customer_id] = {
            h: values[f"{get_column_letter(column[h])}{row}"]
            for h in ("有效额度", "可用额度", "额度使用率", "预警信号")
        }
    return result, rows


def money(value) -> Decimal:
    return D(str(value)).quantize(D("0.01"))


def test_the_sheet_counts_a_temporary_limit_only_between_its_dates(tmp_path):
    result, rows = recalculated(tmp_path)
    assert result.engine == "fill-down"  # the whole register stays on the fast path
    for code, (limit, available) in EXPECTED.items():
        assert money(rows[code]["有效额度"]) == limit, code
        assert money(rows[code]["可用额度"]) == available, code
        assert rows[code]["额度使用率"] == pytest.approx(float(BALANCE / limit)), code
    assert rows["T1"]["预警信号"] == ""  # 80.0% of 150,000: below the 90% watch line
    assert rows["T2"]["预警信号"] == (
        "[预警] 信用敞口 ¥120,000.37 超过信用额度 ¥100,000.00，超出 ¥20,000.37（使用率 120.0%）"
    )


def test_the_sheet_and_monitor_agree_to_the_fen(tmp_path):
    _, rows = recalculated(tmp_path)
    frame = register_frame(list(ENTRIES))
    reviews = {r.customer_id: r for r in review_customers(ledger(), frame, AS_OF, "abc")}
    assert set(reviews) == set(rows)
    for code, review in reviews.items():
        assert review.exposure == BALANCE
        assert money(rows[code]["有效额度"]) == review.limit, code
        assert money(rows[code]["可用额度"]) == review.limit - review.exposure, code
        said = "；".join(str(s) for s in review.signals if s.code in LIMIT_CODES)
        assert rows[code]["预警信号"] == said, code


def test_a_blank_limit_stays_unset_whatever_the_temporary_amount(tmp_path):
    blank = entry("T7", "2026-11-01", "2026-12-31").model_copy(update={"limit": None})
    _, rows = recalculated(tmp_path, (blank,))
    assert rows["T7"]["有效额度"] == ""
    assert rows["T7"]["可用额度"] == "#N/A"
    assert rows["T7"]["预警信号"] == "[关注] 未核定信用额度，当前信用敞口 ¥120,000.37"


def test_the_date_cell_is_the_day_the_limits_are_for(tmp_path):
    _, before = recalculated(tmp_path, ENTRIES[:1], dt.date(2026, 10, 31))
    assert money(before["T1"]["有效额度"]) == D("100000")  # the day before 生效日
    workbook = openpyxl.load_workbook(tmp_path / "register.xlsx")
    sheet = workbook["信用档案"]
    assert (sheet[register.AS_OF_LABEL].value, sheet[register.AS_OF_CELL].value) == (
        "计算日期",
        dt.datetime(2026, 10, 31),
    )


def grouped(tmp_path, group_limit: str):
    """T1 (150,000 in force) and T2 (100,000, not yet) in 华信集团, with ``group_limit``."""
    members = [e.model_copy(update={"group": "华信集团"}) for e in ENTRIES[:2]]
    ctx = BookContext(company="测试公司", title=register.TITLE)
    workbook = new_workbook(ctx)
    group = Group("华信集团", "HX01", D(group_limit))
    rows = [(e, BALANCE, 0) for e in members]
    register.build(workbook, ctx, preset(), rows, groups=(group,), as_of=AS_OF)
    path = tmp_path / "register.xlsx"
    path.write_bytes(workbook_bytes(workbook))
    return path, members


def test_the_group_sheet_checks_its_limit_against_the_members_limits_on_the_day(tmp_path):
    # 150,000 (T1 with its temporary limit) + 100,000 (T2, not yet) = 250,000
    path, _ = grouped(tmp_path, "250000.01")
    result = calculate(path)
    assert result.engine == "fill-down"
    check = register.GROUP_TOP + 1
    assert openpyxl.load_workbook(path)["集团"][f"H{register.GROUP_TOP}"].value == "校验"
    assert result.values["集团"][f"H{check}"] == (
        "集团额度 ¥250,000.01 超过各成员信用额度之和 ¥250,000.00，超出 ¥0.01"
        "（政策：集团额度不超过成员额度之和）"
    )
    assert result.values["集团"][f"H{check + 1}"] == ""  # an empty row
    path, _ = grouped(tmp_path, "250000")
    assert calculate(path).values["集团"][f"H{check}"] == ""  # equal to the sum: within


def test_monitor_names_the_group_limit_cell_that_breaks_the_rule(tmp_path):
    path, members = grouped(tmp_path, "250000.01")
    groups, problems = groups_beside(path)
    assert problems == []
    frame = register_frame(members)
    reviews = review_customers(ledger().iloc[:2], frame, AS_OF, "abc")
    (row,) = review_groups(reviews, groups, "abc")
    above = [s for s in row.signals if s.code == "GROUP_LIMIT_ABOVE_MEMBERS"]
    assert [s.reason for s in above] == [
        "集团额度 ¥250,000.01 超过各成员信用额度之和 ¥250,000.00，超出 ¥0.01"
        f"（政策：集团额度不超过成员额度之和），见 register.xlsx 集团!C{register.GROUP_TOP + 1}"
    ]
