"""`creditbook check-order` and `creditbook monitor` with groups and temporary limits, on a
hand-kept register: a title row, 临时额度 in 万元, dates typed as text, a 合计 row, and a
集团 sheet with its own title and a footer."""

from __future__ import annotations

import csv
import datetime as dt
import re

import openpyxl
from typer.testing import CliRunner

from creditbook.cli import app

runner = CliRunner()


def said(result, text: str) -> bool:
    """``text`` is in the output, however the console wrapped it."""
    return re.sub(r"\s+", "", text) in re.sub(r"\s+", "", result.output)


LEDGER_HEADER = ["客户编码", "客户名称", "单据号", "单据日期", "到期日", "价税合计", "已核销金额"]
ISSUED, DUE = dt.date(2026, 10, 21), dt.date(2026, 12, 20)


def make_ledger(path, extra=()):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "应收账款台账"
    sheet.append(["应收账款明细表"])
    sheet.append(LEDGER_HEADER)
    sheet.append(["K1", "华信机电", "A1", ISSUED, DUE, 90000, 0])
    sheet.append(["K2", "华信物流", "B1", ISSUED, DUE, 70000, 0])
    sheet.append(["K3", "华信建材", "C1", ISSUED, DUE, 60000, 10000])
    sheet.append(["K4", "远东贸易", "D1", ISSUED, DUE, 120000, 0])
    sheet.append(["K5", "北方重工", "E1", dt.date(2026, 8, 1), dt.date(2026, 9, 15), 30000, 0])
    for row in extra:
        sheet.append(row)
    sheet.append(["合计", None, None, None, None, 370000, 10000])
    book.save(path)
    return path


def make_register(path, group_sheet=True):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "客户信用档案"
    sheet.append(["客户信用档案（财务部 2026年11月）"])
    sheet.append(
        [
            "客户编码",
            "客户名称",
            "信用等级",
            "信用额度",
            "信用期限(天)",
            "所属集团",
            "临时额度（万元）",
            "临时额度生效日",
            "临时额度到期日",
            "临时额度审批编号",
        ]
    )
    sheet.append(["K1", "华信机电", "A", 100000, 60, "华信集团", None, None, None, None])
    sheet.append(["K2", "华信物流", "A", 80000, 60, "HX01", None, None, None, None])
    sheet.append(["K3", "华信建材", "B", 60000, 45, "华信集团 ", None, None, None, None])
    sheet.append(
        ["K4", "远东贸易", "A", 100000, 60, None, 5, "2026年9月1日", "2026/11/20", "LS-2026-07"]
    )
    sheet.append(["K5", "北方重工", "B", 200000, 30, None, "五万", "2026-11-01", "2026-12-31", ""])
    sheet.append(["合计", None, None, 540000])
    if group_sheet:
        groups = book.create_sheet("集团")
        groups.append(["集团客户额度表"])
        groups.append(["集团名称", "集团编码", "集团额度", "核定日期"])
        groups.append(["华信集团", "HX01", 200000, dt.date(2026, 1, 5)])
        groups.append(["制表：财务部"])
    book.save(path)
    return path


def check(tmp_path, customer, amount, *more):
    ledger = make_ledger(tmp_path / "台账.xlsx")
    register = make_register(tmp_path / "信用档案.xlsx")
    return runner.invoke(
        app,
        [
            "check-order",
            "--register",
            str(register),
            "--ledger",
            str(ledger),
            "--customer",
            customer,
            "--amount",
            amount,
            "--date",
            "2026-11-30",
            *more,
        ],
    )


def test_an_order_blocked_only_by_the_group_exits_3_with_the_group_amounts(tmp_path):
    # K2: 70,000 of its own 80,000 → 10,000 available; the group: 90,000 + 70,000 + 50,000
    # = 210,000 against 200,000 → −10,000 available.
    result = check(tmp_path, "K2", "5000")
    assert result.exit_code == 3, result.output
    assert said(result, "可用额度 10,000.00")
    assert said(
        result, "集团 华信集团：集团额度 200,000.00，集团敞口 210,000.00，集团可用额度 -10,000.00"
    )
    reasons = [line.strip() for line in result.output.splitlines() if line.strip().startswith("-")]
    assert reasons == ["- 超出集团额度：集团可用额度 -10,000.00，订单金额 5,000.00，超出 15,000.00"]


def test_overdue_and_group_blocks_exit_3_and_an_order_within_every_limit_exits_0(tmp_path):
    # K5: 30,000 of 200,000, but 76 days overdue on 2026-11-30 (due 2026-09-15)
    result = check(tmp_path, "K5", "170000")
    assert result.exit_code == 3
    assert said(result, "- 逾期超过30天：最长逾期 76 天")
    # K1: 90,000 of 100,000 leaves 10,000, but its group has none left
    assert check(tmp_path, "K1", "10000").exit_code == 3
    without_groups = runner.invoke(
        app,
        [
            "check-order",
            "--register",
            str(make_register(tmp_path / "无集团.xlsx", group_sheet=False)),
            "--ledger",
            str(tmp_path / "台账.xlsx"),
            "--customer",
            "K1",
            "--amount",
            "10000",
            "--date",
            "2026-11-30",
        ],
    )
    assert without_groups.exit_code == 0, without_groups.output
    assert said(without_groups, "通过") and not said(without_groups, "集团可用额度")


def test_an_expired_temporary_limit_is_named_with_the_limit_it_fell_back_to(tmp_path):
    # K4: 120,000 open; 100,000 + 50,000 (5 万) until 2026-11-20, so on 2026-11-30 the limit
    # is 100,000 and the available −20,000.
    result = check(tmp_path, "K4", "1000")
    assert result.exit_code == 3
    assert said(result, "- 超出信用额度：可用额度 -20,000.00，订单金额 1,000.00，超出 21,000.00")
    assert said(
        result, "- 临时额度已到期：临时额度 50,000.00 于 2026-11-20 到期，信用额度回落为 100,000.00"
    )
    within = check(tmp_path, "K4", "1000", "--date", "2026-11-20")  # its last day counts
    assert within.exit_code == 0, within.output
    assert said(within, "可用额度 30,000.00")


def test_a_bad_amount_and_an_unknown_customer_exit_1(tmp_path):
    assert check(tmp_path, "K9", "1000").exit_code == 1
    assert check(tmp_path, "K1", "-5").exit_code == 1


def test_monitor_shows_the_group_row_and_the_temporary_limit_columns(tmp_path):
    ledger = make_ledger(tmp_path / "台账.xlsx")
    register = make_register(tmp_path / "信用档案.xlsx")
    out = tmp_path / "监控.csv"
    result = runner.invoke(
        app,
        [
            "monitor",
            str(ledger),
            "--register",
            str(register),
            "--as-of",
            "2026-11-30",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    # the unreadable 临时额度 "五万" is a warning naming the cell, and K5 keeps its base limit
    assert said(
        result,
        '信用档案.xlsx 客户信用档案!G7 临时额度（万元）: "五万" is not an amount'
        "（不是有效金额），临时额度不计，按信用额度",
    )
    with out.open(encoding="utf-8-sig") as handle:
        rows = {r["客户编码"]: r for r in csv.DictReader(handle)}
    assert rows["K4"]["信用额度"] == "100000.00" and rows["K4"]["临时额度状态"] == "已到期"
    assert "临时额度已到期，余额超出信用额度" in rows["K4"]["预警信号"]
    assert rows["K5"]["信用额度"] == "200000.00" and rows["K5"]["临时额度"] == ""
    assert rows["K1"]["所属集团"] == "华信集团" and rows["K2"]["所属集团"] == "HX01"
    with (tmp_path / "监控_集团.csv").open(encoding="utf-8-sig") as handle:
        (group,) = list(csv.DictReader(handle))
    assert (group["集团名称"], group["成员"]) == ("华信集团", "K1、K2、K3")
    assert (group["集团敞口"], group["集团额度"], group["集团可用额度"]) == (
        "210000.00",
        "200000.00",
        "-10000.00",
    )
    assert group["预警级别"] == "预警" and group["超本身额度的成员"] == ""
    assert group["预警信号"].startswith("[预警] 集团超额：华信集团 集团敞口 ¥210,000.00")


def test_aging_shows_each_members_group_and_the_group_subtotal(tmp_path):
    ledger = make_ledger(tmp_path / "台账.xlsx")
    register = make_register(tmp_path / "信用档案.xlsx")
    out = tmp_path / "账龄.csv"
    line = ["aging", str(ledger), "--register", str(register), "--as-of", "2026-11-30"]
    result = runner.invoke(app, [*line, "--out", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    shown = {r["客户编码"]: (r["所属集团"], r["集团应收合计"]) for r in rows}
    # K2 names the group by its code HX01: the 集团 sheet makes it the same group
    subtotal = "210000.00"  # 90,000 + 70,000 + (60,000 − 10,000)
    assert shown == {
        "K1": ("华信集团", subtotal),
        "K2": ("华信集团", subtotal),
        "K3": ("华信集团", subtotal),
        "K4": ("", ""),
        "K5": ("", ""),
        "合计": ("", ""),
    }


def test_policy_show_states_the_temporary_and_group_rules():
    result = runner.invoke(app, ["policy", "show", "abcd"])
    assert result.exit_code == 0, result.output
    assert said(
        result,
        "临时额度 temporary limits: 不超过信用额度的 50%，最长 90 天（两端都算），到期前 7 天提示",
    )
    assert said(
        result,
        "集团额度 group limits: 使用率 ≥ 90% 关注，不超过各成员信用额度之和；审批 销售部门申请 → "
        "财务部门审核 → 风险管理部门评估 → 信用管理小组确定 → 总经理审批",
    )


def test_report_needs_both_register_and_ledger_to_show_the_group(tmp_path):
    from creditbook.workbooks.build import new_workbook_file

    evaluation = new_workbook_file("evaluation", tmp_path / "评估.xlsx", sample=True)
    register = make_register(tmp_path / "信用档案.xlsx")
    result = runner.invoke(
        app,
        ["report", str(evaluation), "--out", str(tmp_path / "r.docx"), "--register", str(register)],
    )
    assert result.exit_code == 1
    assert said(result, "--register 和 --ledger 须同时给出 give both to show the group")
    assert not (tmp_path / "r.docx").exists()


def monitor_rows(tmp_path, group_sheet: bool):
    folder = tmp_path / ("with" if group_sheet else "without")
    folder.mkdir()
    ledger = make_ledger(folder / "台账.xlsx")
    register = make_register(folder / "信用档案.xlsx", group_sheet)
    out = folder / "监控.csv"
    args = ["monitor", str(ledger), "--register", str(register), "--as-of", "2026-11-30"]
    result = runner.invoke(app, [*args, "--out", str(out), "--all"], env={"COLUMNS": "600"})
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8-sig") as handle:
        return result, {r["客户编码"]: r for r in csv.DictReader(handle)}


def test_each_member_of_a_group_over_its_limit_carries_the_group_warning(tmp_path):
    result, rows = monitor_rows(tmp_path, group_sheet=True)
    # 90,000 + 70,000 + 50,000 = 210,000 against the group's 200,000: 105%
    note = (
        "[预警] 集团超额：华信集团 集团敞口 ¥210,000.00 超过集团额度 ¥200,000.00，"
        "超出 ¥10,000.00（使用率 105%），各成员均未超出本身额度"
    )
    assert [rows[k]["集团预警"] for k in ("K1", "K2", "K3", "K4", "K5")] == [note] * 3 + [""] * 2
    assert said(result, "集团预警")  # on screen too, not only in the export
    # the members' own level, signals and advice are as without the group's limit
    _, alone = monitor_rows(tmp_path, group_sheet=False)
    own = ("预警级别", "预警信号", "等级调整", "额度调整", "期限调整", "调整理由")
    for code in ("K1", "K2", "K3"):
        assert [rows[code][h] for h in own] == [alone[code][h] for h in own], code
        assert alone[code]["集团预警"] == ""  # no 集团额度: nothing over
    assert rows["K1"]["预警级别"] == ""  # 90,000 / 100,000: within its own limit


def count_opens(monkeypatch) -> tuple[list[str], list[str]]:
    """The file names each workbook was opened (``Book``) and size-checked under."""
    from pathlib import Path

    from creditbook.inputs import books, groups, sources

    opened: list[str] = []
    checked: list[str] = []
    original = sources.Book.__init__

    def opening(self, path, password=None):
        opened.append(Path(path).name)
        original(self, path, password)

    monkeypatch.setattr(sources.Book, "__init__", opening)
    for module in (books, groups, sources):  # each module that checks a file it opens
        check = getattr(module, "check_package", None)
        if check is None:
            continue

        def checking(path, *more, _check=check):
            checked.append(Path(path).name)
            return _check(path, *more)

        monkeypatch.setattr(module, "check_package", checking)
    return opened, checked


def test_monitor_and_aging_open_the_register_once_for_its_rows_and_its_group_sheet(
    tmp_path, monkeypatch
):
    ledger = make_ledger(tmp_path / "台账.xlsx")
    register = make_register(tmp_path / "信用档案.xlsx")
    opened, checked = count_opens(monkeypatch)
    line = ["--register", str(register), "--as-of", "2026-11-30", "--out"]
    result = runner.invoke(app, ["monitor", str(ledger), *line, str(tmp_path / "监控.csv")])
    assert result.exit_code == 0, result.output
    assert (opened.count("信用档案.xlsx"), checked.count("信用档案.xlsx")) == (1, 1)
    with (tmp_path / "监控_集团.csv").open(encoding="utf-8-sig") as handle:
        (group,) = list(csv.DictReader(handle))
    assert (group["集团名称"], group["集团额度"]) == ("华信集团", "200000.00")
    opened.clear()
    checked.clear()
    result = runner.invoke(app, ["aging", str(ledger), *line, str(tmp_path / "账龄.csv")])
    assert result.exit_code == 0, result.output
    assert (opened.count("信用档案.xlsx"), checked.count("信用档案.xlsx")) == (1, 1)
    with (tmp_path / "账龄.csv").open(encoding="utf-8-sig") as handle:
        rows = {r["客户编码"]: r["集团应收合计"] for r in csv.DictReader(handle)}
    assert rows["K2"] == "210000.00"  # the group sheet was read: HX01 is 华信集团


def test_a_bad_group_sheet_still_stops_monitor_naming_its_cell(tmp_path):
    ledger = make_ledger(tmp_path / "台账.xlsx")
    register = make_register(tmp_path / "信用档案.xlsx")
    book = openpyxl.load_workbook(register)
    book["集团"]["C3"] = "二十万"
    book.save(register)
    line = ["monitor", str(ledger), "--register", str(register), "--as-of", "2026-11-30"]
    result = runner.invoke(app, line, env={"COLUMNS": "300"})
    assert result.exit_code == 1
    assert "无法读取输入 cannot read the input: 1 个问题 problem(s)" in result.output
    assert '  信用档案.xlsx 集团!C3 集团额度: "二十万" is not an amount（不是有效金额）' in (
        result.output
    )


def test_an_order_amount_typed_in_wan_or_with_yuan_sign_is_read_as_the_help_says(tmp_path):
    # --help: "订单金额 order amount (元, 如 50000 或 5万)". K2 has 10,000 available: 0.5万
    # (5,000) fits its own limit, ¥10,000.01 is 0.01 over (the group blocks both).
    half = check(tmp_path, "K2", "0.5万")
    assert half.exit_code == 3, half.output
    assert said(half, "订单金额 5,000.00；信用额度 80,000.00")
    assert not said(half, "超出信用额度")
    over = check(tmp_path, "K2", "¥10,000.01")
    assert said(over, "订单金额 10,000.01；")
    assert said(over, "- 超出信用额度：可用额度 10,000.00，订单金额 10,000.01，超出 0.01")


def test_an_order_amount_that_is_no_amount_names_the_option(tmp_path):
    for typed in ("五千", "Infinity", "NaN"):
        result = check(tmp_path, "K2", typed)
        assert result.exit_code == 1, result.output
        assert said(result, f"--amount '{typed}'"), result.output


def test_an_order_for_a_customer_the_register_marks_suspended_or_stopped_is_blocked(tmp_path):
    # The standard register's 状态 is 正常/关注/暂停/停止. 远东贸易 has room under its limit,
    # but the credit team set it to 暂停 (then 停止): no order ships on credit.
    ledger = make_ledger(tmp_path / "台账.xlsx")
    for status, blocked in (("正常", False), ("关注", False), ("暂停", True), ("停止", True)):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "客户信用档案"
        sheet.append(["客户信用档案"])
        sheet.append(["客户编码", "客户名称", "信用等级", "信用额度", "信用期限(天)", "状态"])
        sheet.append(["K4", "远东贸易", "A", 500000, 60, f" {status}"])
        register = tmp_path / f"档案-{status}.xlsx"
        book.save(register)
        result = runner.invoke(
            app,
            ["check-order", "--register", str(register), "--ledger", str(ledger),
             "--customer", "K4", "--amount", "1000", "--date", "2026-11-30"],
        )  # fmt: skip
        assert result.exit_code == (3 if blocked else 0), result.output
        assert said(result, "可用额度 380,000.00")
        if blocked:
            assert said(
                result,
                f"- 信用状态为「{status}」：信用档案中该客户的信用交易已{status} "
                "credit suspended in the register",
            )


def test_an_order_for_a_grade_the_policy_does_not_have_is_blocked_naming_the_grades(tmp_path):
    # A register kept for the abcd policy (D = 现款) read under the default abc policy, or a
    # typo (A+): the grade means nothing to the policy, so it cannot let the order through.
    ledger = make_ledger(tmp_path / "台账.xlsx")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "客户信用档案"
    sheet.append(["客户编码", "客户名称", "信用等级", "信用额度", "信用期限(天)"])
    sheet.append(["K4", "远东贸易", "D", 500000, 60])
    sheet.append(["K1", "华信机电", "a", 500000, 60])
    register = tmp_path / "档案.xlsx"
    book.save(register)
    common = ["--register", str(register), "--ledger", str(ledger), "--date", "2026-11-30"]
    unknown = runner.invoke(app, ["check-order", *common, "--customer", "K4", "--amount", "1"])
    assert unknown.exit_code == 3, unknown.output
    assert said(
        unknown,
        "- 信用等级「D」不在信用政策 abc 的等级中（A、B、C） grade not in the policy",
    )
    known = runner.invoke(app, ["check-order", *common, "--customer", "K1", "--amount", "1"])
    assert known.exit_code == 0, known.output  # 'a' is grade A
