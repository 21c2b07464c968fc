"""Which module defines each command, and its one-line help: ``creditbook --help`` lists the
commands from this table without importing their modules (nor pydantic, the policy and the
settings they import), and a command's module is imported when that command runs.

A new command: one line here, in the order ``--help`` shows it (a test checks this table
against the commands themselves). A module of ``creditbook.cli`` named nowhere here is
imported at start-up as before, so its commands work without a line; they are listed last.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
import typer.core

COMMANDS: dict[str, tuple[str, str]] = {
    "aging": ("aging", "账龄分析 AR aging per customer as of a date, with a totals row."),
    "monitor": (
        "aging",
        "信用监控 warnings, adjustment advice and dunning stage per customer, and per group.",
    ),
    "inspect": (
        "aging",
        "读取报告 what creditbook reads from a ledger (and register), without aging anything: "
        "each field ← column, the columns not used, rows read and skipped, totals.",
    ),
    "check-order": (
        "orders",
        "订单信用校验：通过 exit 0；拦截 exit 3 with each reason (超出信用额度 / 超出集团额度 / "
        "临时额度已到期 / 逾期超过 N 天 / 现款客户 / 信用状态暂停或停止 / 等级不在政策中) "
        "and the amounts behind it.",
    ),
    "encrypt": (
        "archive",
        "为 Word/Excel 文件设置打开密码 (encrypt a .docx/.xlsx with a password).",
    ),
    "demo": (
        "demo",
        "演示: 用示例公司跑通全部流程 (sample data → assessment → workbooks → documents → "
        "archive).",
    ),
    "init": (
        "documents",
        "写出带注释的设置文件 creditbook.toml: 本公司名称、地址、开户银行、账号、函件编号前缀.",
    ),
    "letters": (
        "documents",
        "按催收阶段批量生成催收函 (付款提醒函/催款函/最后催告函) with manifest.",
    ),
    "notice": (
        "documents",
        "信用调整通知书: one per customer whose monitoring review recommends a change.",
    ),
    "report": ("documents", "客户信用评估报告 from an evaluation workbook (charts included)."),
    "approval": ("documents", "信用额度审批表 with the policy's signature chain for the amount."),
    "survey-report": (
        "documents",
        "顾客满意度调查分析报告: averages per dimension, chart, corrective actions.",
    ),
    "evaluate": ("evaluate", "信用评估 Evaluate customers from a table of indicator values."),
    "recalc": (
        "workbook",
        "Calculate every formula (native and CB_) without Excel and store the values.",
    ),
    "worklist": (
        "worklist",
        "催收工作清单: per collector, the customers to act on today (overdue, promise due or "
        "broken, follow-up date reached, dispute too old), ranked by amount × days overdue.",
    ),
    "addin": ("addin", "Excel 加载项 add-in: Windows (xlwings), Mac/网页版 (xlwings Lite)."),
    "archive": (
        "archive",
        "信用档案 credit archive: 归档文件，查看客户历史，校验日志，导出审计资料。",
    ),
    "templates": (
        "documents",
        "文书模板 Word templates: check a template you edited, preview with sample data.",
    ),
    "letter-log": (
        "documents",
        "发文登记簿: every letter number with its date, customer, amount and 已发/作废.",
    ),
    "policy": ("policy", "信用政策 credit policy: show, check, or export as the 政策-sheet table."),
    "store": (
        "store",
        "共享存储 shared store: 团队多台电脑共用 PostgreSQL 上的函件编号、发文登记簿和信用档案。",
    ),
    "workbook": (
        "workbook",
        "标准信用工作簿 standard credit workbooks: evaluation, register, aging, contacts, survey",
    ),
}

LAZY_MODULES = frozenset(module for module, _help in COMMANDS.values())


def load(*modules: str) -> None:
    """Import command modules of ``creditbook.cli`` (all of the table's when none is named)."""
    for module in modules or sorted(LAZY_MODULES):
        importlib.import_module(f"creditbook.cli.{module}")


class LazyGroup(typer.core.TyperGroup):
    """The root command: its sub-commands come from their modules when first asked for.
    ``app`` is the Typer application they register on (set by ``cli._app``, which imports this
    module, so that this one need not import it back)."""

    app: Any = None

    def list_commands(self, ctx: Any) -> list[str]:
        return [*COMMANDS, *(name for name in self.commands if name not in COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands:
            entry = COMMANDS.get(cmd_name)
            # a name not in the table may be a command of a module that is: load them all
            load(*([entry[0]] if entry else []))
            for name, command in typer.main.get_group(type(self).app).commands.items():
                self.commands.setdefault(name, command)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The commands and their one-line help, from the table for those not yet loaded."""
        names = [
            n for n in self.list_commands(ctx) if not getattr(self.commands.get(n), "hidden", 0)
        ]
        if not names:
            return
        limit = formatter.width - 6 - max(map(len, names))
        rows = []
        for name in names:
            command = self.commands.get(name) or typer.core.TyperCommand(
                name, help=COMMANDS[name][1]
            )
            rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)
